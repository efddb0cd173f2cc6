import { useMemo, useState } from 'preact/hooks';
import { engine } from '../api/engine';
import { link, navigate } from '../app/router';
import { BpmnDiagram, type DiagramBadge } from '../shared/lazy-parts';
import { formatDate, messageOf } from '../shared/format';
import { toast } from '../shared/toast';
import { useData } from '../shared/use-data';
import { Badge, Button, Dialog, ErrorNote, Tabs } from '../shared/ui';
import { calledIncidentElements, CalledIncidentsNote, useCalledIncidents } from './called-incidents';
import type { Incident } from '@osprey/contracts';
import { ElementDetails } from './element-details';
import { adHocActivities, flowNodes } from './diagram-elements';
import { MigrateDialog } from './migrate-dialog';
import { ModifyDialog } from './modify-dialog';
import { BatchProgress, type Batch } from './batch';
import { IncidentsPanel, RetryDialog } from './incidents-panel';
import { StateBadge } from './instance-list';
import { HistoryTree } from './history-tree';
import { Timeline } from './timeline';
import { VariablesPanel } from './variables-panel';
import { InstanceDecisions } from '../decisions/instance-decisions';

/** How often a running instance is re-read, in ms. */
const POLL_MS = 3000;

type Tab = 'incidents' | 'variables' | 'tree' | 'history';

/**
 * One process instance: the diagram with its active tokens, the path taken and incidents; its
 * incidents (retry), variables (edit), history; and cancellation.
 */
export function InstanceView({ instanceKey }: { instanceKey: string }) {
  const instance = useData(() => engine.instance(instanceKey), [instanceKey], POLL_MS);
  const i = instance.data;
  const running = i?.state === 'ACTIVE';
  const poll = running ? POLL_MS : undefined;
  const xml = useData(() => (i ? engine.definitionXml(i.processDefinitionKey) : Promise.resolve(undefined)), [i?.processDefinitionKey]);
  const elements = useData(() => engine.searchElementInstances({ filter: { processInstanceKey: instanceKey }, page: { limit: 1000 } }).then((p) => p.items), [instanceKey, i?.state], poll);
  const incidents = useData(() => engine.searchIncidents({ filter: { processInstanceKey: instanceKey }, sort: [{ field: 'creationTime', order: 'DESC' }], page: { limit: 200 } }).then((p) => p.items), [instanceKey, i?.state], poll);
  const history = useData(() => engine.history(instanceKey).then((p) => p.items), [instanceKey, i?.state], poll);
  const [tab, setTab] = useState<Tab>('incidents');
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [busy, setBusy] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [retrying, setRetrying] = useState<Incident | null>(null);
  const [change, setChange] = useState<'modify' | 'migrate' | null>(null);
  const [batch, setBatch] = useState<Batch | null>(null);

  // Parsed once per diagram and selection, not on every poll.
  const startable = useMemo(() => (selected ? adHocActivities(xml.data, selected) : []), [xml.data, selected]);
  const called = useCalledIncidents(useMemo(() => calledIncidentElements(elements.data, incidents.data), [elements.data, incidents.data]));

  const refreshAll = () => {
    instance.refresh();
    elements.refresh();
    incidents.refresh();
    history.refresh();
  };

  const { markers, badges } = useMemo(() => {
    const markers: Record<string, string[]> = {};
    const add = (id: string, cls: string) => (markers[id] ??= []).includes(cls) || markers[id].push(cls);
    const activeCount = new Map<string, number>();
    for (const e of elements.data ?? []) {
      if (e.type === 'PROCESS') continue;
      if (e.state === 'ACTIVE') activeCount.set(e.elementId, (activeCount.get(e.elementId) ?? 0) + 1);
      else if (e.state === 'COMPLETED') add(e.elementId, 'osprey-completed');
      else add(e.elementId, 'osprey-terminated');
    }
    for (const r of history.data ?? []) if (r.intent === 'SEQUENCE_FLOW_TAKEN' && r.elementId) add(r.elementId, 'osprey-taken');
    const badges: DiagramBadge[] = [];
    for (const [id, n] of activeCount) {
      add(id, 'osprey-active');
      badges.push({ elementId: id, text: String(n), tone: 'active', title: `${n} active token${n === 1 ? '' : 's'}`, position: 'bottom-left' });
    }
    for (const inc of (incidents.data ?? []).filter((x) => x.state === 'ACTIVE')) {
      add(inc.elementId, 'osprey-incident');
      badges.push({ elementId: inc.elementId, text: '⚠', tone: 'incident', title: inc.errorMessage, position: 'top-right' });
    }
    // A call activity is marked like its own incident, so an operator sees where to go down.
    for (const { element, incident } of called) {
      add(element.elementId, 'osprey-incident');
      const title = incident ? `Incident in called instance ${incident.processInstanceKey} (click to open): ${incident.errorMessage}` : 'Incident in a called instance';
      badges.push({ elementId: element.elementId, text: '⚠', tone: 'incident', title, position: 'top-right' });
    }
    return { markers, badges };
  }, [elements.data, incidents.data, history.data, called]);

  // A call activity whose called instance holds an incident leads there; any other element
  // opens its details.
  const clickElement = (elementId: string) => {
    const target = called.find((c) => c.element.elementId === elementId)?.incident;
    if (target) navigate(`/monitor/instances/${target.processInstanceKey}`);
    else setSelected(elementId);
  };

  async function cancel() {
    setBusy(true);
    try {
      await engine.cancelInstance(instanceKey);
      toast.success(`Instance ${instanceKey} canceled`);
      setConfirmCancel(false);
      refreshAll();
    } catch (e) {
      toast.error(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  if (instance.error && !i) return <ErrorNote>{instance.error}</ErrorNote>;
  if (!i) return <p class="hint pad">Loading instance…</p>;
  const openIncidents = (incidents.data ?? []).filter((x) => x.state === 'ACTIVE');
  const elementNames = new Map((elements.data ?? []).filter((e) => e.elementName).map((e) => [e.elementId, e.elementName!]));

  return (
    <div class="monitor" data-testid="instance-view" data-state={i.state}>
      <nav class="crumbs" aria-label="Breadcrumb">
        <a {...link('/monitor')}>Monitor</a> / <a {...link(`/monitor/definitions/${i.processDefinitionKey}`)}>{`${i.processDefinitionId} v${i.processDefinitionVersion}`}</a> / <span>{instanceKey}</span>
      </nav>
      <section class="card">
        <header class="instance-header">
          <div>
            <h1 class="card-title">
              {i.processDefinitionId} <span class="muted">instance {instanceKey}</span>
            </h1>
            <p class="instance-facts">
              <StateBadge state={i.state} /> {openIncidents.length > 0 ? <Badge tone="danger">{openIncidents.length} incident{openIncidents.length === 1 ? '' : 's'}</Badge> : null}{' '}
              {called.length > 0 ? <Badge tone="danger">incident in a called instance</Badge> : null} Started {formatDate(i.startDate)}
              {i.endDate ? ` · ended ${formatDate(i.endDate)}` : ''}
              {i.parentProcessInstanceKey ? (
                <>
                  {' · called by '}
                  <a {...link(`/monitor/instances/${i.parentProcessInstanceKey}`)}>{i.parentProcessInstanceKey}</a>
                </>
              ) : null}
            </p>
          </div>
          {running ? (
            <div class="toolbar-actions">
              <Button onClick={() => setChange('modify')} data-testid="modify-instance">
                Modify…
              </Button>
              <Button onClick={() => setChange('migrate')} data-testid="migrate-instance">
                Migrate…
              </Button>
              <Button variant="danger" onClick={() => setConfirmCancel(true)} data-testid="cancel-instance">
                Cancel instance
              </Button>
            </div>
          ) : null}
        </header>
        {batch ? (
          <BatchProgress
            batch={batch}
            onDismiss={() => setBatch(null)}
          />
        ) : null}
        {xml.error ? <ErrorNote>{xml.error}</ErrorNote> : null}
        <BpmnDiagram xml={xml.data} markers={markers} badges={badges} onElementClick={clickElement} class="monitor-diagram" label="The instance: active tokens, path taken and incidents" />
        <CalledIncidentsNote called={called} />
        <ul class="legend" aria-label="Legend">
          <li>
            <span class="swatch swatch-active" /> active token
          </li>
          <li>
            <span class="swatch swatch-completed" /> completed
          </li>
          <li>
            <span class="swatch swatch-incident" /> incident
          </li>
        </ul>
      </section>
      {selected ? (
        <ElementDetails
          key={selected}
          elementId={selected}
          name={elementNames.get(selected) ?? selected}
          elements={elements.data ?? []}
          incidents={incidents.data ?? []}
          onRetry={setRetrying}
          onClose={() => setSelected(null)}
          adHocActivities={startable}
          onChanged={refreshAll}
        />
      ) : null}
      <section class="card">
        <Tabs<Tab>
          value={tab}
          onChange={setTab}
          tabs={[
            { id: 'incidents', label: `Incidents (${openIncidents.length})` },
            { id: 'variables', label: 'Variables' },
            { id: 'tree', label: 'Element tree' },
            { id: 'history', label: 'History' },
          ]}
        />
        <div class="tab-panel">
          {tab === 'incidents' ? <IncidentsPanel incidents={incidents.data} error={incidents.error} elementNames={elementNames} onRetry={setRetrying} /> : null}
          {tab === 'variables' ? <VariablesPanel instanceKey={instanceKey} editable={running} elements={elements.data ?? []} /> : null}
          {tab === 'tree' ? <HistoryTree elements={elements.data} onSelect={setSelected} /> : null}
          {tab === 'history' ? <Timeline records={history.data} error={history.error} elementNames={elementNames} /> : null}
        </div>
      </section>
      <InstanceDecisions processInstanceKey={instanceKey} />
      {change === 'modify' ? <ModifyDialog instanceKey={instanceKey} elements={elements.data ?? []} nodes={flowNodes(xml.data)} onClose={() => setChange(null)} onDone={refreshAll} /> : null}
      {change === 'migrate' ? (
        <MigrateDialog
          source={{ processDefinitionKey: i.processDefinitionKey, processDefinitionId: i.processDefinitionId, version: i.processDefinitionVersion }}
          instanceKeys={[instanceKey]}
          onClose={() => setChange(null)}
          onBatch={(b) => {
            setBatch(b);
            if (b.finished) refreshAll();
          }}
        />
      ) : null}
      <RetryDialog incident={retrying} elementName={retrying ? (elementNames.get(retrying.elementId) ?? retrying.elementId) : ''} onClose={() => setRetrying(null)} onResolved={refreshAll} />
      <Dialog
        title="Cancel this instance?"
        open={confirmCancel}
        onClose={() => setConfirmCancel(false)}
        footer={
          <>
            <Button onClick={() => setConfirmCancel(false)}>Keep running</Button>
            <Button variant="danger" busy={busy} onClick={cancel} data-testid="confirm-cancel">
              Cancel instance
            </Button>
          </>
        }
      >
        <p>Every active element of instance {instanceKey} is terminated and its jobs and timers are removed. This cannot be undone.</p>
      </Dialog>
    </div>
  );
}

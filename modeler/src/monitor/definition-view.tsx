import { useMemo, useState } from 'preact/hooks';
import { engine } from '../api/engine';
import { link } from '../app/router';
import { BpmnDiagram, type DiagramBadge, type DiagramHeat } from '../shared/bpmn-diagram';
import { useData } from '../shared/use-data';
import { Button, ErrorNote } from '../shared/ui';
import { StartDialog } from '../start/start-dialog';
import { InstanceList } from './instance-list';

/** How often the heat map refreshes, in ms. */
const POLL_MS = 5000;

/**
 * One deployed version: where its running instances wait (a heat map of ACTIVE element
 * instances per element, incidents in red) and its instances.
 */
export function DefinitionView({ definitionKey }: { definitionKey: string }) {
  const definition = useData(async () => (await engine.searchDefinitions({ filter: { processDefinitionKey: definitionKey }, page: { limit: 1 } })).items[0], [definitionKey]);
  const xml = useData(() => engine.definitionXml(definitionKey), [definitionKey]);
  const stats = useData(() => engine.elementStatistics(definitionKey).then((r) => r.items), [definitionKey], POLL_MS);
  const [starting, setStarting] = useState(false);

  const { heat, badges } = useMemo(() => {
    const items = stats.data ?? [];
    const max = Math.max(1, ...items.map((s) => s.active));
    const heat: DiagramHeat[] = items.filter((s) => s.active > 0).map((s) => ({ elementId: s.elementId, intensity: s.active / max }));
    const badges: DiagramBadge[] = [];
    for (const s of items) {
      if (s.active > 0) badges.push({ elementId: s.elementId, text: String(s.active), tone: 'active', title: `${s.active} waiting here`, position: 'bottom-left' });
      if (s.incidents > 0) badges.push({ elementId: s.elementId, text: `⚠ ${s.incidents}`, tone: 'incident', title: `${s.incidents} open incident(s)`, position: 'bottom-right' });
    }
    return { heat, badges };
  }, [stats.data]);

  const d = definition.data;
  const active = (stats.data ?? []).reduce((n, s) => n + s.active, 0);
  return (
    <div class="monitor">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a {...link('/monitor')}>Monitor</a> / <span>{d ? `${d.processDefinitionId} v${d.version}` : definitionKey}</span>
      </nav>
      <section class="card" aria-labelledby="heat-title">
        <div class="card-head">
          <h1 id="heat-title" class="card-title">
            {d?.name ?? d?.processDefinitionId ?? 'Process'} <span class="muted">version {d?.version}</span>
          </h1>
          <Button variant="primary" disabled={!d} onClick={() => setStarting(true)} data-testid="start">
            Start instance…
          </Button>
        </div>
        <p class="hint">
          Heat map: the darker an element, the more tokens wait there now ({active} active element instance{active === 1 ? '' : 's'}). Red counts are open incidents.
        </p>
        {xml.error ? <ErrorNote>{xml.error}</ErrorNote> : null}
        {stats.error ? <ErrorNote>{stats.error}</ErrorNote> : null}
        <BpmnDiagram xml={xml.data} heat={heat} badges={badges} class="monitor-diagram" label="Heat map of waiting tokens" />
      </section>
      <InstanceList processDefinitionKey={definitionKey} />
      {starting && d ? <StartDialog definition={d} onClose={() => setStarting(false)} /> : null}
    </div>
  );
}

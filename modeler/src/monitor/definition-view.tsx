import { useMemo, useState } from 'preact/hooks';
import { engine } from '../api/engine';
import { link, navigate } from '../app/router';
import { BpmnDiagram, type DiagramBadge, type DiagramHeat } from '../shared/lazy-parts';
import { useData } from '../shared/use-data';
import { Button, ErrorNote } from '../shared/ui';
import { StartDialog } from '../start/start-dialog';
import { InstanceList, type ElementFilter } from './instance-list';

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
  const [elementFilter, setElementFilterState] = useState<ElementFilter | undefined>(() => {
    const q = new URLSearchParams(location.search);
    const elementId = q.get('element');
    return elementId ? { elementId, at: q.get('at') === 'incident' ? 'incident' : 'waiting' } : undefined;
  });
  /** Filters the list by an element (clicked on the diagram), and keeps it in the address. */
  const setElementFilter = (f: ElementFilter | undefined) => {
    setElementFilterState(f);
    const q = new URLSearchParams(location.search);
    q.delete('row');
    if (f) {
      q.set('element', f.elementId);
      q.set('at', f.at);
    } else {
      q.delete('element');
      q.delete('at');
    }
    navigate(`${location.pathname}${q.size ? `?${q}` : ''}`, true);
  };
  const elementName = (id: string) => xml.data && new DOMParser().parseFromString(xml.data, 'application/xml').querySelector(`[id="${CSS.escape(id)}"]`)?.getAttribute('name');

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
        <BpmnDiagram
          xml={xml.data}
          heat={heat}
          badges={badges}
          markers={elementFilter ? { [elementFilter.elementId]: ['osprey-highlight'] } : undefined}
          onElementClick={(elementId) => setElementFilter({ elementId, at: elementFilter?.elementId === elementId ? elementFilter.at : 'waiting' })}
          class="monitor-diagram"
          label="Heat map of waiting tokens"
        />
        <p class="hint">Click an element to list the instances waiting there or with an incident there.</p>
        {elementFilter ? (
          <div class="element-filter" role="group" aria-label="Filter by element" data-testid="element-filter">
            <span>
              Instances at <strong>{elementName(elementFilter.elementId) || elementFilter.elementId}</strong>:
            </span>
            <div class="segmented compact">
              {(['waiting', 'incident'] as const).map((at) => (
                <button key={at} type="button" aria-pressed={elementFilter.at === at} class={elementFilter.at === at ? 'active' : ''} onClick={() => setElementFilter({ ...elementFilter, at })}>
                  {at === 'waiting' ? 'waiting there' : 'with an incident there'}
                </button>
              ))}
            </div>
            <Button variant="ghost" class="btn-small" onClick={() => setElementFilter(undefined)}>
              Clear
            </Button>
          </div>
        ) : null}
      </section>
      <InstanceList processDefinitionKey={definitionKey} elementFilter={elementFilter} />
      {starting && d ? <StartDialog definition={d} onClose={() => setStarting(false)} /> : null}
    </div>
  );
}

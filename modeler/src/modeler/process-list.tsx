import { useMemo, useState } from 'preact/hooks';
import { engine } from '../api/engine';
import { tenantFilter } from '../api/tenant';
import type { DraftSummary, ProcessDefinition } from '@osprey/contracts';
import { link } from '../app/router';
import { useTenantState } from '../app/tenant-picker';
import { formatDate } from '../shared/format';
import { useData } from '../shared/use-data';
import { Badge, Empty, ErrorNote } from '../shared/ui';

interface ProcessEntry {
  processDefinitionId: string;
  name?: string;
  versions: ProcessDefinition[];
  draft?: DraftSummary;
}

/**
 * Every process the engine knows — deployed versions and server drafts — grouped by process
 * id, newest version first: of the tenant chosen in the header when the user has several.
 * `reloadToken` changes after a save or deployment.
 */
export function ProcessList({ activeId, activeVersionKey, reloadToken }: { activeId?: string; activeVersionKey?: string; reloadToken: number }) {
  const [filter, setFilter] = useState('');
  const [open, setOpen] = useState<Record<string, boolean>>({});
  const { chosen: tenant } = useTenantState();
  const { data, error } = useData(
    async () => {
      const [defs, drafts] = await Promise.all([
        engine.searchDefinitions({ filter: tenantFilter(), sort: [{ field: 'processDefinitionId', order: 'ASC' }, { field: 'version', order: 'DESC' }], page: { limit: 1000 } }),
        engine.searchDrafts('bpmn'),
      ]);
      const byId = new Map<string, ProcessEntry>();
      for (const d of defs.items) {
        const e = byId.get(d.processDefinitionId) ?? { processDefinitionId: d.processDefinitionId, versions: [] };
        e.versions.push(d);
        e.name ??= d.name;
        byId.set(d.processDefinitionId, e);
      }
      // The drafts search answers every tenant of the user; keep the chosen one's.
      for (const d of drafts.items.filter((x) => !tenant || x.tenantId === tenant)) {
        const e = byId.get(d.draftId) ?? { processDefinitionId: d.draftId, versions: [], name: d.name };
        e.draft = d;
        byId.set(d.draftId, e);
      }
      return [...byId.values()].sort((a, b) => (a.name ?? a.processDefinitionId).localeCompare(b.name ?? b.processDefinitionId));
    },
    [reloadToken, tenant],
  );

  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return (data ?? []).filter((e) => !f || e.processDefinitionId.toLowerCase().includes(f) || (e.name ?? '').toLowerCase().includes(f));
  }, [data, filter]);

  return (
    <nav class="process-list" aria-label="Processes">
      <div class="process-list-head">
        <h2>Processes</h2>
        <a class="btn btn-primary btn-small" {...link('/modeler?new=1')} data-testid="new-process">
          New
        </a>
      </div>
      <input class="input input-small" type="search" placeholder="Filter processes" aria-label="Filter processes" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      {data && shown.length === 0 ? <Empty>{data.length ? 'No process matches.' : 'No processes yet. Draw one and deploy it.'}</Empty> : null}
      <ul class="process-list-items">
        {shown.map((e) => {
          const expanded = open[e.processDefinitionId] ?? e.processDefinitionId === activeId;
          const active = e.processDefinitionId === activeId;
          return (
            <li key={e.processDefinitionId} class={active ? 'active' : ''}>
              <div class="process-row">
                <button type="button" class="icon-btn disclosure" aria-expanded={expanded} aria-label={`Versions of ${e.processDefinitionId}`} onClick={() => setOpen({ ...open, [e.processDefinitionId]: !expanded })}>
                  {expanded ? '▾' : '▸'}
                </button>
                <a class="process-name" {...link(`/modeler/${encodeURIComponent(e.processDefinitionId)}`)} title={e.processDefinitionId}>
                  <span>{e.name ?? e.processDefinitionId}</span>
                  <small>{e.processDefinitionId}</small>
                </a>
                {e.draft ? <Badge tone="warning" title={`Draft saved ${formatDate(e.draft.updatedAt)}${e.draft.updatedBy ? ` by ${e.draft.updatedBy}` : ''}`}>draft</Badge> : null}
                {e.versions[0] ? <Badge>v{e.versions[0].version}</Badge> : null}
              </div>
              {expanded ? (
                <ul class="version-list">
                  {e.draft ? (
                    <li class={active && !activeVersionKey ? 'active' : ''}>
                      <a {...link(`/modeler/${encodeURIComponent(e.processDefinitionId)}`)}>Draft · {formatDate(e.draft.updatedAt)}</a>
                    </li>
                  ) : null}
                  {e.versions.map((v) => (
                    <li key={v.processDefinitionKey} class={v.processDefinitionKey === activeVersionKey ? 'active' : ''}>
                      <a {...link(`/modeler/${encodeURIComponent(e.processDefinitionId)}?version=${v.processDefinitionKey}`)}>
                        Version {v.version}
                        {v.versionTag ? ` · ${v.versionTag}` : ''}
                      </a>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

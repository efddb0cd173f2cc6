import { useState } from 'preact/hooks';
import { engine } from '../api/engine';
import { mayStart, type Session } from '../api/session';
import type { ProcessDefinition } from '@osprey/contracts';
import { useData } from '../shared/use-data';
import { Button, Empty, ErrorNote } from '../shared/ui';
import { StartDialog } from './start-dialog';

/** The latest version of every process (per tenant), by name. */
async function latestVersions(): Promise<ProcessDefinition[]> {
  const { items } = await engine.searchDefinitions({
    sort: [
      { field: 'processDefinitionId', order: 'ASC' },
      { field: 'version', order: 'DESC' },
    ],
    page: { limit: 1000 },
  });
  const seen = new Set<string>();
  return items
    .filter((d) => !seen.has(`${d.tenantId}/${d.processDefinitionId}`) && Boolean(seen.add(`${d.tenantId}/${d.processDefinitionId}`)))
    .sort((a, b) => (a.name || a.processDefinitionId).localeCompare(b.name || b.processDefinitionId));
}

/**
 * The inbox's Processes tab: what the user may start, newest versions only, with a search box.
 * Choosing one opens its start form.
 */
export function ProcessCatalog({ session }: { session: Session }) {
  const allowed = mayStart(session);
  const list = useData(() => (allowed ? latestVersions() : Promise.resolve([])), [session.username, allowed]);
  const [search, setSearch] = useState('');
  const [starting, setStarting] = useState<ProcessDefinition | null>(null);
  if (!allowed) return <Empty>Your roles do not include starting processes. Ask an administrator for the starter role.</Empty>;
  const term = search.trim().toLowerCase();
  const shown = (list.data ?? []).filter((d) => !term || `${d.name ?? ''} ${d.processDefinitionId}`.toLowerCase().includes(term));
  return (
    <div class="process-catalog">
      <label class="field pad">
        <span>Find a process</span>
        <input class="input" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} placeholder="name or id" />
      </label>
      {list.error ? <ErrorNote>{list.error}</ErrorNote> : null}
      {!list.data && !list.error ? <p class="hint pad">Loading processes…</p> : null}
      {list.data && shown.length === 0 ? <Empty>{term ? 'No process matches.' : 'No processes are deployed yet.'}</Empty> : null}
      <ul class="task-cards" data-testid="process-catalog">
        {shown.map((d) => (
          <li key={d.processDefinitionKey}>
            <div class="task-card process-card" data-process-id={d.processDefinitionId}>
              <div class="task-card-top">
                <strong class="task-name">{d.name || d.processDefinitionId}</strong>
                <Button variant="primary" class="btn-small" onClick={() => setStarting(d)} aria-label={`Start ${d.name || d.processDefinitionId}`}>
                  Start
                </Button>
              </div>
              <div class="task-card-process">
                {d.processDefinitionId} · version {d.version}
                {d.tenantId && d.tenantId !== '<default>' ? ` · ${d.tenantId}` : ''}
              </div>
            </div>
          </li>
        ))}
      </ul>
      {starting ? <StartDialog definition={starting} onClose={() => setStarting(null)} /> : null}
    </div>
  );
}

import { useState } from 'preact/hooks';
import type { ProcessInstance, SearchRequest } from '@osprey/contracts';
import { BatchProgress, runBatch, type Batch } from './batch';
import { MigrateDialog } from './migrate-dialog';
import { engine } from '../api/engine';
import { link, navigate } from '../app/router';
import { formatDate, toJsonText } from '../shared/format';
import { TypedInput } from '../shared/typed-input';
import { useData } from '../shared/use-data';
import { Badge, Button, Empty, ErrorNote } from '../shared/ui';

/** How often the list refreshes, in ms. */
const POLL_MS = 5000;
const PAGE_SIZE = 50;

/** The states an instance filter offers. */
type InstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export interface InstanceFilters {
  state: InstanceState | '';
  processDefinitionId: string;
  version: string;
  hasIncident: boolean;
  startedFrom: string;
  startedTo: string;
  variableName: string;
  variableValue: string;
}

const EMPTY: InstanceFilters = { state: '', processDefinitionId: '', version: '', hasIncident: false, startedFrom: '', startedTo: '', variableName: '', variableValue: '' };

/** Query parameter of each filter, so a filtered list is an address that can be shared. */
const PARAMS: Record<keyof InstanceFilters, string> = {
  state: 'state',
  processDefinitionId: 'process',
  version: 'version',
  hasIncident: 'incidents',
  startedFrom: 'from',
  startedTo: 'to',
  variableName: 'var',
  variableValue: 'value',
};

/** The filters (and first row) an address names. */
export function filtersFromQuery(query: URLSearchParams): { filters: InstanceFilters; from: number } {
  const filters = { ...EMPTY };
  for (const [field, param] of Object.entries(PARAMS) as [keyof InstanceFilters, string][]) {
    const v = query.get(param);
    if (v === null) continue;
    if (field === 'hasIncident') filters.hasIncident = v === '1';
    else if (field === 'state') filters.state = (['ACTIVE', 'COMPLETED', 'TERMINATED'].includes(v) ? v : '') as InstanceState | '';
    else filters[field] = v;
  }
  const from = Number(query.get('row') ?? 0);
  return { filters, from: Number.isInteger(from) && from > 0 ? from : 0 };
}

/** The current address with `filters` and `from` in its query (other parameters kept). */
function addressOf(filters: InstanceFilters, from: number): string {
  const query = new URLSearchParams(location.search);
  for (const [field, param] of Object.entries(PARAMS) as [keyof InstanceFilters, string][]) {
    const v = filters[field];
    if (v === '' || v === false) query.delete(param);
    else query.set(param, v === true ? '1' : v);
  }
  if (from > 0) query.set('row', String(from));
  else query.delete('row');
  const q = query.toString();
  return `${location.pathname}${q ? `?${q}` : ''}`;
}

/** Instances with a token waiting at an element, or an open incident there (Operate's diagram filter). */
export interface ElementFilter {
  elementId: string;
  at: 'waiting' | 'incident';
}

/** The instance keys an element filter matches (at most 1,000, the newest first). */
async function keysAt(processDefinitionKey: string, f: ElementFilter): Promise<string[]> {
  const filter = { processDefinitionKey, elementId: f.elementId, state: 'ACTIVE' };
  const page = { limit: 1000 };
  const items =
    f.at === 'waiting'
      ? (await engine.searchElementInstances({ filter, page, sort: [{ field: 'elementInstanceKey', order: 'DESC' }] })).items
      : (await engine.searchIncidents({ filter, page, sort: [{ field: 'incidentKey', order: 'DESC' }] })).items;
  return [...new Set(items.map((i) => i.processInstanceKey))];
}

/** Retries every open incident of one instance: one new retry for a job, then resolution. */
async function retryInstance(key: string): Promise<void> {
  const { items } = await engine.searchIncidents({ filter: { processInstanceKey: key, state: 'ACTIVE' }, page: { limit: 100 } });
  if (items.length === 0) throw new Error('Expected an open incident, but the instance has none');
  for (const inc of items) {
    if (inc.jobKey) await engine.updateJobRetries(inc.jobKey, 1);
    await engine.resolveIncident(inc.incidentKey);
  }
}

/** The filters as a Camunda search request (`$gte`/`$lte` on dates, variables as JSON text). */
export function toRequest(f: InstanceFilters, processDefinitionKey: string | undefined, from: number): SearchRequest {
  const filter: Record<string, unknown> = {};
  if (processDefinitionKey) filter.processDefinitionKey = processDefinitionKey;
  if (f.state) filter.state = f.state;
  if (f.processDefinitionId) filter.processDefinitionId = f.processDefinitionId;
  if (f.version) filter.processDefinitionVersion = Number(f.version);
  if (f.hasIncident) filter.hasIncident = true;
  const started: Record<string, string> = {};
  if (f.startedFrom) started.$gte = new Date(f.startedFrom).toISOString();
  if (f.startedTo) started.$lte = new Date(f.startedTo).toISOString();
  if (Object.keys(started).length) filter.startDate = started;
  if (f.variableName.trim()) filter.variables = [{ name: f.variableName.trim(), value: toJsonText(f.variableValue) }];
  return { filter, sort: [{ field: 'startDate', order: 'DESC' }], page: { from, limit: PAGE_SIZE } };
}

/**
 * Process instances with filters: state, definition and version, incidents, start time, a
 * variable. The filters and the page live in the address, so a view can be shared.
 */
export function InstanceList({ processDefinitionKey, elementFilter }: { processDefinitionKey?: string; elementFilter?: ElementFilter }) {
  const [initial] = useState(() => filtersFromQuery(new URLSearchParams(location.search)));
  const [selected, setSelectedState] = useState<string[]>(() => (new URLSearchParams(location.search).get('sel') ?? '').split(',').filter(Boolean));
  const [batch, setBatch] = useState<Batch | null>(null);
  const [migrating, setMigrating] = useState<ProcessInstance[] | null>(null);
  const setSelected = (keys: string[]) => {
    setSelectedState(keys);
    const query = new URLSearchParams(location.search);
    if (keys.length) query.set('sel', keys.join(','));
    else query.delete('sel');
    navigate(`${location.pathname}${query.size ? `?${query}` : ''}`, true);
  };
  const [filters, setFilters] = useState<InstanceFilters>(initial.filters);
  const [from, setFromState] = useState(initial.from);
  const setFrom = (row: number) => {
    setFromState(row);
    navigate(addressOf(filters, row), true);
  };
  const set = (patch: Partial<InstanceFilters>) => {
    const next = { ...filters, ...patch };
    setFilters(next);
    setFromState(0);
    navigate(addressOf(next, 0), true);
  };
  const definitions = useData(async () => (processDefinitionKey ? [] : (await engine.searchDefinitions({ sort: [{ field: 'version', order: 'DESC' }], page: { limit: 1000 } })).items), [processDefinitionKey]);
  const ids = [...new Set((definitions.data ?? []).map((d) => d.processDefinitionId))].sort();
  const versions = (definitions.data ?? []).filter((d) => d.processDefinitionId === filters.processDefinitionId).map((d) => d.version);
  const instances = useData(
    async () => {
      const request = toRequest(filters, processDefinitionKey, from);
      if (elementFilter && processDefinitionKey) {
        const keys = await keysAt(processDefinitionKey, elementFilter);
        if (keys.length === 0) return { items: [], page: { totalItems: 0 } };
        request.filter = { ...request.filter, processInstanceKey: { $in: keys } };
      }
      return engine.searchInstances(request);
    },
    [JSON.stringify(filters), processDefinitionKey, from, elementFilter?.elementId, elementFilter?.at],
    POLL_MS,
  );
  const total = instances.data?.page.totalItems ?? 0;
  const shown = instances.data?.items ?? [];
  const allShownSelected = shown.length > 0 && shown.every((i) => selected.includes(i.processInstanceKey));
  const toggle = (key: string) => setSelected(selected.includes(key) ? selected.filter((k) => k !== key) : [...selected, key]);

  async function batchOf(label: string, operation: (key: string) => Promise<void>) {
    const keys = selected;
    await runBatch(label, keys, operation, setBatch);
    setSelected([]);
    instances.refresh();
  }

  /** The selected instances to migrate: they must run on one version. */
  async function migrateSelected() {
    const found = await engine.searchInstances({ filter: { processInstanceKey: { $in: selected } }, page: { limit: selected.length } });
    const versions = new Set(found.items.map((i) => i.processDefinitionKey));
    if (versions.size !== 1) return setBatch({ label: 'Migrate', total: 0, done: 0, failures: [{ key: 'selection', message: `Expected instances of one version, but the selection spans ${versions.size}` }], finished: true });
    setMigrating(found.items);
  }

  return (
    <section class="card" aria-labelledby="instances-title">
      <h2 id="instances-title" class="card-title">
        Process instances {instances.data ? <span class="muted">({total})</span> : null}
      </h2>
      <form class="instance-filters" onSubmit={(e) => e.preventDefault()}>
        <label class="field">
          <span>State</span>
          <select class="input" value={filters.state} onChange={(e) => set({ state: e.currentTarget.value as InstanceState | '' })} data-testid="filter-state">
            <option value="">Any</option>
            <option value="ACTIVE">Active</option>
            <option value="COMPLETED">Completed</option>
            <option value="TERMINATED">Terminated</option>
          </select>
        </label>
        {processDefinitionKey ? null : (
          <>
            <label class="field">
              <span>Process</span>
              <select class="input" value={filters.processDefinitionId} onChange={(e) => set({ processDefinitionId: e.currentTarget.value, version: '' })}>
                <option value="">All</option>
                {ids.map((id) => (
                  <option key={id} value={id}>
                    {id}
                  </option>
                ))}
              </select>
            </label>
            <label class="field">
              <span>Version</span>
              <select class="input" value={filters.version} disabled={!filters.processDefinitionId} onChange={(e) => set({ version: e.currentTarget.value })}>
                <option value="">All</option>
                {versions.map((v) => (
                  <option key={v} value={String(v)}>
                    v{v}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        <label class="field">
          <span>Started after</span>
          <input class="input" type="datetime-local" value={filters.startedFrom} onChange={(e) => set({ startedFrom: e.currentTarget.value })} />
        </label>
        <label class="field">
          <span>Started before</span>
          <input class="input" type="datetime-local" value={filters.startedTo} onChange={(e) => set({ startedTo: e.currentTarget.value })} />
        </label>
        <label class="field">
          <span>Variable</span>
          <TypedInput class="input" placeholder="name" value={filters.variableName} onCommit={(v) => set({ variableName: v })} data-testid="filter-variable-name" />
        </label>
        <label class="field">
          <span>equals</span>
          <TypedInput class="input" placeholder="JSON or text" value={filters.variableValue} onCommit={(v) => set({ variableValue: v })} data-testid="filter-variable-value" />
        </label>
        <label class="check">
          <input type="checkbox" checked={filters.hasIncident} onChange={(e) => set({ hasIncident: e.currentTarget.checked })} data-testid="filter-incidents" />
          With incident
        </label>
        <Button variant="ghost" onClick={() => set({ ...EMPTY })}>
          Reset
        </Button>
      </form>
      {selected.length > 0 ? (
        <div class="selection-bar" role="toolbar" aria-label="Selected instances" data-testid="selection-bar">
          <strong>{selected.length} selected</strong>
          <Button onClick={() => batchOf('Retry incidents', retryInstance)} data-testid="batch-retry">
            Retry incidents
          </Button>
          <Button onClick={() => batchOf('Cancel instances', (key) => engine.cancelInstance(key))} data-testid="batch-cancel">
            Cancel
          </Button>
          <Button onClick={migrateSelected} data-testid="batch-migrate">
            Migrate…
          </Button>
          <Button variant="ghost" onClick={() => setSelected([])}>
            Clear selection
          </Button>
        </div>
      ) : null}
      {batch ? <BatchProgress batch={batch} onDismiss={() => setBatch(null)} /> : null}
      {migrating ? (
        <MigrateDialog
          source={{ processDefinitionKey: migrating[0].processDefinitionKey, processDefinitionId: migrating[0].processDefinitionId, version: migrating[0].processDefinitionVersion }}
          instanceKeys={migrating.map((i) => i.processInstanceKey)}
          onClose={() => setMigrating(null)}
          onBatch={(b) => {
            setBatch(b);
            if (b.finished) {
              setSelected([]);
              instances.refresh();
            }
          }}
        />
      ) : null}
      {instances.error ? <ErrorNote>{instances.error}</ErrorNote> : null}
      {instances.data && instances.data.items.length === 0 ? <Empty>No instance matches.</Empty> : null}
      {instances.data && instances.data.items.length > 0 ? (
        <div class="table-scroll">
          <table class="table" data-testid="instances-table">
            <thead>
              <tr>
                <th class="select-cell">
                  <input
                    type="checkbox"
                    aria-label="Select every instance on this page"
                    checked={allShownSelected}
                    onChange={() => setSelected(allShownSelected ? selected.filter((k) => !shown.some((i) => i.processInstanceKey === k)) : [...new Set([...selected, ...shown.map((i) => i.processInstanceKey)])])}
                  />
                </th>
                <th>Instance</th>
                <th>Process</th>
                <th>State</th>
                <th>Started</th>
                <th>Ended</th>
              </tr>
            </thead>
            <tbody>
              {instances.data.items.map((i) => (
                <tr key={i.processInstanceKey} class={selected.includes(i.processInstanceKey) ? 'selected' : ''}>
                  <td class="select-cell">
                    <input type="checkbox" aria-label={`Select instance ${i.processInstanceKey}`} checked={selected.includes(i.processInstanceKey)} onChange={() => toggle(i.processInstanceKey)} />
                  </td>
                  <td>
                    <a {...link(`/monitor/instances/${i.processInstanceKey}`)}>{i.processInstanceKey}</a>
                  </td>
                  <td>
                    {i.processDefinitionId} <span class="muted">v{i.processDefinitionVersion}</span>
                  </td>
                  <td>
                    <StateBadge state={i.state} />
                    {i.hasIncident ? (
                      <>
                        {' '}
                        <Badge tone="danger">incident</Badge>
                      </>
                    ) : null}
                  </td>
                  <td>{formatDate(i.startDate)}</td>
                  <td>{formatDate(i.endDate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {total > PAGE_SIZE ? (
        <div class="pager">
          <Button disabled={from === 0} onClick={() => setFrom(Math.max(0, from - PAGE_SIZE))}>
            Previous
          </Button>
          <span>
            {from + 1}–{Math.min(from + PAGE_SIZE, total)} of {total}
          </span>
          <Button disabled={from + PAGE_SIZE >= total} onClick={() => setFrom(from + PAGE_SIZE)}>
            Next
          </Button>
        </div>
      ) : null}
    </section>
  );
}

/** A state as a badge; the contract types it as a string, so an unknown state shows as a neutral one. */
export function StateBadge({ state }: { state: string }) {
  return <Badge tone={state === 'ACTIVE' ? 'info' : state === 'COMPLETED' ? 'success' : 'neutral'}>{state.toLowerCase()}</Badge>;
}

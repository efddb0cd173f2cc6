import { useState } from 'preact/hooks';
import { engine } from '../api/engine';
import type { AuditEntry } from '@osprey/contracts';
import { link } from '../app/router';
import { formatPrecise, messageOf } from '../shared/format';
import { TypedInput } from '../shared/typed-input';
import { useData } from '../shared/use-data';
import { Badge, Button, Empty, ErrorNote } from '../shared/ui';

type Filter = { actorId: string; operation: string; targetKey: string; outcome: string };

/** The entries of the audit log that a filter matches, as a table (oldest first, 100 a page). */
export function AuditTable({ filter, compact }: { filter: Partial<Filter>; compact?: boolean }) {
  const clean = Object.fromEntries(Object.entries(filter).filter(([, v]) => v)) as Record<string, string>;
  const first = useData(() => engine.searchAudit(clean), [JSON.stringify(clean)]);
  const [more, setMore] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [error, setError] = useState<string>();
  const items = [...(first.data?.items ?? []), ...more];
  const next = cursor ?? first.data?.page.endCursor;
  const total = first.data?.page.totalItems ?? 0;

  async function loadMore() {
    try {
      const page = await engine.searchAudit(clean, next);
      setMore([...more, ...page.items]);
      setCursor(page.page.endCursor);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  if (first.error) return <ErrorNote>{first.error}</ErrorNote>;
  if (!first.data) return <p class="hint">Loading the audit log…</p>;
  if (items.length === 0) return <Empty>No audit entries match.</Empty>;
  return (
    <>
      <div class="table-scroll">
        <table class={`table ${compact ? 'compact' : ''}`} data-testid="audit-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>What</th>
              <th>On</th>
              <th>Outcome</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id}>
                <td>{formatPrecise(e.occurredAt)}</td>
                <td>{e.actorId ?? <span class="muted">{e.actorKind ?? 'nobody'}</span>}</td>
                <td>
                  <code>{e.operation}</code>
                </td>
                <td>
                  {Object.entries(e.targets).map(([k, v]) => (
                    <span key={k} class="audit-target">
                      {k}={v}{' '}
                    </span>
                  ))}
                </td>
                <td>
                  <Badge tone={e.outcome === 'SUCCEEDED' ? 'success' : 'danger'}>{e.outcome.toLowerCase()}</Badge> {e.status ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      {items.length < total && next ? (
        <Button onClick={loadMore}>
          Show more ({items.length} of {total})
        </Button>
      ) : null}
    </>
  );
}

/** The audit view for administrators: every request that changed something, filterable. */
export function AuditView() {
  const [filter, setFilter] = useState<Filter>({ actorId: '', operation: '', targetKey: '', outcome: '' });
  const set = (patch: Partial<Filter>) => setFilter({ ...filter, ...patch });
  return (
    <div class="monitor">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a {...link('/monitor')}>Monitor</a> / <span>Audit log</span>
      </nav>
      <section class="card" aria-labelledby="audit-title">
        <h1 id="audit-title" class="card-title">
          Audit log
        </h1>
        <p class="hint">Who did what, oldest first. Only administrators see this page.</p>
        <form class="instance-filters" onSubmit={(e) => e.preventDefault()}>
          <label class="field">
            <span>User</span>
            <TypedInput class="input" value={filter.actorId} onCommit={(v) => set({ actorId: v.trim() })} data-testid="audit-actor" />
          </label>
          <label class="field">
            <span>Operation</span>
            <TypedInput class="input" placeholder="e.g. POST /v2/incidents/:key/resolution" value={filter.operation} onCommit={(v) => set({ operation: v.trim() })} />
          </label>
          <label class="field">
            <span>Key</span>
            <TypedInput class="input" placeholder="the key in the path" value={filter.targetKey} onCommit={(v) => set({ targetKey: v.trim() })} />
          </label>
          <label class="field">
            <span>Outcome</span>
            <select class="input" value={filter.outcome} onChange={(e) => set({ outcome: e.currentTarget.value })}>
              <option value="">Any</option>
              <option value="SUCCEEDED">Succeeded</option>
              <option value="REJECTED">Rejected (invalid)</option>
              <option value="DENIED">Denied (no right)</option>
              <option value="FAILED">Failed</option>
            </select>
          </label>
        </form>
        <AuditTable filter={filter} />
      </section>
    </div>
  );
}

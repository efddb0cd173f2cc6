import type { ElementInstance } from '@osprey/contracts';
import { formatPrecise } from '../shared/format';
import { Empty } from '../shared/ui';
import { StateBadge } from './instance-list';

/** Element instances by the scope they ran in, each scope's children in start order. */
function childrenByScope(elements: readonly ElementInstance[]): Map<string | undefined, ElementInstance[]> {
  const keys = new Set(elements.map((e) => e.elementInstanceKey));
  const byScope = new Map<string | undefined, ElementInstance[]>();
  for (const e of elements) {
    // The process itself, or an element whose scope is not in the list, hangs at the top.
    const scope = e.flowScopeKey && keys.has(e.flowScopeKey) ? e.flowScopeKey : undefined;
    byScope.set(scope, [...(byScope.get(scope) ?? []), e]);
  }
  for (const list of byScope.values()) list.sort((a, b) => a.startDate.localeCompare(b.startDate) || a.elementInstanceKey.localeCompare(b.elementInstanceKey));
  return byScope;
}

/**
 * The instance's history as a tree of element instances, as Operate draws it: sub-processes and
 * multi-instance bodies hold the element instances that ran inside them. Choosing one opens the
 * element's details.
 */
export function HistoryTree({ elements, onSelect }: { elements: readonly ElementInstance[] | undefined; onSelect: (elementId: string) => void }) {
  if (!elements) return <p class="hint">Loading history…</p>;
  if (elements.length === 0) return <Empty>No history yet.</Empty>;
  const byScope = childrenByScope(elements);
  const render = (scope: string | undefined) => (
    <ul class="history-tree" role={scope === undefined ? 'tree' : 'group'} aria-label={scope === undefined ? 'Element instances' : undefined}>
      {(byScope.get(scope) ?? []).map((e) => (
        <li key={e.elementInstanceKey} role="treeitem" aria-expanded={byScope.has(e.elementInstanceKey) ? true : undefined}>
          <button type="button" class="history-node" onClick={() => onSelect(e.elementId)} data-element-instance-key={e.elementInstanceKey}>
            <span class="history-node-name">{e.type === 'PROCESS' ? 'Process instance' : e.elementName || e.elementId}</span> <StateBadge state={e.state} />
            {e.hasIncident ? <span class="text-danger"> ⚠</span> : null}
            <span class="muted">
              {' '}
              {formatPrecise(e.startDate)}
              {e.endDate ? ` → ${formatPrecise(e.endDate)}` : ''}
            </span>
          </button>
          {byScope.has(e.elementInstanceKey) ? render(e.elementInstanceKey) : null}
        </li>
      ))}
    </ul>
  );
  return <div data-testid="history-tree">{render(undefined)}</div>;
}

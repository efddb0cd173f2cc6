import type { Session } from '../api/session';
import type { UserTask } from '@osprey/contracts';
import { link } from '../app/router';
import { formatDate, fromNow, isOverdue, shortJson } from '../shared/format';
import { TypedInput } from '../shared/typed-input';
import { Badge, Empty, ErrorNote } from '../shared/ui';
import type { TaskFilters, TaskSort, TaskView } from './task-queries';

const VIEWS: { id: TaskView; label: string }[] = [
  { id: 'mine', label: 'My tasks' },
  { id: 'group', label: 'Group tasks' },
  { id: 'completed', label: 'Completed' },
  { id: 'all', label: 'All open' },
];

const SORT_LABELS: Record<TaskSort, string> = { due: 'due date', followUp: 'follow-up date', priority: 'priority', created: 'newest' };

interface Props {
  session: Session;
  tasks: UserTask[] | undefined;
  error?: string;
  filters: TaskFilters;
  processIds: string[];
  /** Process names by process id (the id when the name is unknown). */
  processNames: Map<string, string>;
  /** The business variables each card shows, by task key (see `cardVariables`). */
  cardVariables: Map<string, [string, string][]>;
  selectedKey?: string;
  onFilters: (f: TaskFilters) => void;
}

/** The lists, their filters, and one card per task (due and follow-up dates, overdue marked). */
export function TaskList({ session, tasks, error, filters, processIds, processNames, cardVariables, selectedKey, onFilters }: Props) {
  const set = (patch: Partial<TaskFilters>) => onFilters({ ...filters, ...patch });
  const now = Date.now();
  // Every filter that narrows the list is shown as a chip that removes it: a remembered filter
  // must never hide new tasks unnoticed.
  const chips: { label: string; clear: Partial<TaskFilters> }[] = [];
  if (filters.processDefinitionId) chips.push({ label: `Process: ${processNames.get(filters.processDefinitionId) ?? filters.processDefinitionId}`, clear: { processDefinitionId: '' } });
  if (filters.overdueOnly) chips.push({ label: 'Overdue only', clear: { overdueOnly: false } });
  if (filters.variableName) chips.push({ label: `${filters.variableName} = ${filters.variableValue}`, clear: { variableName: '', variableValue: '' } });
  return (
    <section class="task-list" aria-label="Tasks">
      <div class="segmented" role="tablist" aria-label="Task lists">
        {VIEWS.map((v) => (
          <button key={v.id} type="button" role="tab" aria-selected={filters.view === v.id} class={filters.view === v.id ? 'active' : ''} onClick={() => set({ view: v.id })}>
            {v.label}
          </button>
        ))}
      </div>
      <details class="task-filters">
        <summary>
          Filters and order <span class="muted">(sorted by {SORT_LABELS[filters.sort]})</span>
        </summary>
        <div class="filter-grid">
          <label class="field">
            <span>Process</span>
            <select class="input" value={filters.processDefinitionId} onChange={(e) => set({ processDefinitionId: e.currentTarget.value })}>
              <option value="">All processes</option>
              {processIds.map((id) => (
                <option key={id} value={id}>
                  {processNames.get(id) ?? id}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>Sort by</span>
            <select class="input" value={filters.sort} onChange={(e) => set({ sort: e.currentTarget.value as TaskSort })}>
              <option value="due">Due date (overdue first)</option>
              <option value="followUp">Follow-up date</option>
              <option value="priority">Priority</option>
              <option value="created">Newest</option>
            </select>
          </label>
          <label class="check">
            <input type="checkbox" checked={filters.overdueOnly} onChange={(e) => set({ overdueOnly: e.currentTarget.checked })} />
            Overdue only
          </label>
          <fieldset class="variable-filter">
            <legend>Variable equals</legend>
            <TypedInput class="input" placeholder="name" aria-label="Variable name" value={filters.variableName} onCommit={(v) => set({ variableName: v })} />
            <TypedInput class="input" placeholder='value, e.g. 42 or "ACME"' aria-label="Variable value" value={filters.variableValue} onCommit={(v) => set({ variableValue: v })} />
          </fieldset>
        </div>
      </details>
      {chips.length > 0 ? (
        <div class="filter-chips" data-testid="active-filters" aria-label="Active filters">
          <span class="muted">Showing only:</span>
          {chips.map((c) => (
            <button key={c.label} type="button" class="chip" onClick={() => set(c.clear)} aria-label={`Remove filter ${c.label}`}>
              {c.label} <span aria-hidden="true">×</span>
            </button>
          ))}
        </div>
      ) : null}
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      {!tasks && !error ? <p class="hint pad">Loading tasks…</p> : null}
      {tasks && tasks.length === 0 ? (
        <Empty>
          {chips.length > 0
            ? 'No task matches the filters.'
            : filters.view === 'mine'
              ? 'Nothing assigned to you. Look in Group tasks for work to claim.'
              : filters.view === 'group'
                ? `No unassigned tasks for ${session.groups.join(', ') || 'you'}.`
                : filters.view === 'completed'
                  ? 'No completed tasks.'
                  : 'No open tasks.'}
        </Empty>
      ) : null}
      <ul class="task-cards" data-testid="task-list">
        {(tasks ?? []).map((t) => {
          const overdue = isOverdue(t.dueDate, now);
          return (
            <li key={t.userTaskKey}>
              <a class={`task-card ${t.userTaskKey === selectedKey ? 'selected' : ''} ${overdue ? 'overdue' : ''}`} {...link(`/tasks/${t.userTaskKey}`)} data-task-key={t.userTaskKey}>
                <div class="task-card-top">
                  <strong class="task-name">{t.name || t.elementId}</strong>
                  {overdue ? <Badge tone="danger">overdue</Badge> : null}
                  {(t.priority ?? 50) > 50 ? <Badge tone="warning" title={`Priority ${t.priority}`}>high</Badge> : null}
                </div>
                <div class="task-card-process">{processNames.get(t.processDefinitionId) ?? t.processDefinitionId}</div>
                {cardVariables.get(t.userTaskKey)?.length ? (
                  <dl class="task-card-vars" data-testid="card-variables">
                    {cardVariables.get(t.userTaskKey)!.map(([name, value]) => (
                      <div key={name}>
                        <dt>{name}</dt>
                        <dd>{shortJson(value, 40)}</dd>
                      </div>
                    ))}
                  </dl>
                ) : null}
                <div class="task-card-meta">
                  <span title={formatDate(t.creationDate)}>Created {fromNow(t.creationDate, now)}</span>
                  {t.dueDate ? (
                    <span class={overdue ? 'text-danger' : ''} title={formatDate(t.dueDate)}>
                      Due {fromNow(t.dueDate, now)}
                    </span>
                  ) : null}
                  {t.followUpDate ? <span title={formatDate(t.followUpDate)}>Follow up {fromNow(t.followUpDate, now)}</span> : null}
                  {t.completionDate ? <span title={formatDate(t.completionDate)}>Completed {fromNow(t.completionDate, now)}</span> : null}
                </div>
                <div class="task-card-people">{t.assignee ? (t.assignee === session.username ? 'Assigned to you' : `Assigned to ${t.assignee}`) : t.candidateGroups?.length ? `Offered to ${t.candidateGroups.join(', ')}` : 'Unassigned'}</div>
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

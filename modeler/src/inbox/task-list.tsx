import type { Session } from '../api/session';
import type { UserTask } from '../api/types';
import { link } from '../app/router';
import { formatDate, fromNow, isOverdue } from '../shared/format';
import { TypedInput } from '../shared/typed-input';
import { Badge, Empty, ErrorNote } from '../shared/ui';
import type { TaskFilters, TaskSort, TaskView } from './task-queries';

const VIEWS: { id: TaskView; label: string }[] = [
  { id: 'mine', label: 'My tasks' },
  { id: 'group', label: 'Group tasks' },
  { id: 'all', label: 'All open' },
];

interface Props {
  session: Session;
  tasks: UserTask[] | undefined;
  error?: string;
  filters: TaskFilters;
  processIds: string[];
  selectedKey?: string;
  onFilters: (f: TaskFilters) => void;
}

/** The lists, their filters, and one card per task (due and follow-up dates, overdue marked). */
export function TaskList({ session, tasks, error, filters, processIds, selectedKey, onFilters }: Props) {
  const set = (patch: Partial<TaskFilters>) => onFilters({ ...filters, ...patch });
  const now = Date.now();
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
          Filters
          {filters.processDefinitionId || filters.overdueOnly || filters.variableName ? <span class="dot" aria-label="active" /> : null}
        </summary>
        <div class="filter-grid">
          <label class="field">
            <span>Process</span>
            <select class="input" value={filters.processDefinitionId} onChange={(e) => set({ processDefinitionId: e.currentTarget.value })}>
              <option value="">All processes</option>
              {processIds.map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>Sort by</span>
            <select class="input" value={filters.sort} onChange={(e) => set({ sort: e.currentTarget.value as TaskSort })}>
              <option value="due">Due date (overdue first)</option>
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
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      {!tasks && !error ? <p class="hint pad">Loading tasks…</p> : null}
      {tasks && tasks.length === 0 ? (
        <Empty>{filters.view === 'mine' ? 'Nothing assigned to you. Look in Group tasks for work to claim.' : filters.view === 'group' ? `No unassigned tasks for ${session.groups.join(', ') || 'you'}.` : 'No open tasks.'}</Empty>
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
                <div class="task-card-process">{t.processDefinitionId}</div>
                <div class="task-card-meta">
                  <span title={formatDate(t.creationDate)}>Created {fromNow(t.creationDate, now)}</span>
                  {t.dueDate ? (
                    <span class={overdue ? 'text-danger' : ''} title={formatDate(t.dueDate)}>
                      Due {fromNow(t.dueDate, now)}
                    </span>
                  ) : null}
                  {t.followUpDate ? <span title={formatDate(t.followUpDate)}>Follow up {fromNow(t.followUpDate, now)}</span> : null}
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

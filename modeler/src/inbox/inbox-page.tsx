import { useEffect, useState } from 'preact/hooks';
import { engine } from '../api/engine';
import type { Session } from '../api/session';
import { link } from '../app/router';
import { useData } from '../shared/use-data';
import { ProcessCatalog } from '../start/process-catalog';
import { TaskDetail } from './task-detail';
import { TaskList } from './task-list';
import { DEFAULT_FILTERS, loadCardVariables, loadTasks, type TaskFilters } from './task-queries';

/** How often the task list refreshes, in ms. */
const POLL_MS = 4000;
const FILTERS_KEY = 'osprey.inbox.filters';

/**
 * The approvers' inbox: task lists on the left, the selected task on the right. On a phone the
 * list and the task take the whole screen in turn.
 */
export default function InboxPage({ session, taskKey, pane = 'tasks' }: { session: Session; taskKey?: string; pane?: 'tasks' | 'processes' }) {
  const [filters, setFilters] = useState<TaskFilters>(() => {
    try {
      return { ...DEFAULT_FILTERS, ...(JSON.parse(sessionStorage.getItem(FILTERS_KEY) ?? '{}') as Partial<TaskFilters>) };
    } catch {
      return DEFAULT_FILTERS;
    }
  });
  useEffect(() => sessionStorage.setItem(FILTERS_KEY, JSON.stringify(filters)), [filters]);

  const tasks = useData(() => (pane === 'tasks' ? loadTasks(session, filters) : Promise.resolve([])), [pane, session.username, session.groups.join(','), JSON.stringify(filters)], POLL_MS);
  // Names of the processes (latest version's name wins); approvers without `read` see ids.
  const processNames = useData(async () => {
    const { items } = await engine.searchDefinitions({ sort: [{ field: 'version', order: 'ASC' }], page: { limit: 1000 } });
    return new Map(items.map((d) => [d.processDefinitionId, d.name || d.processDefinitionId]));
  }, []);
  const names = processNames.data ?? new Map<string, string>();
  const cardVariables = useData(() => loadCardVariables(tasks.data ?? []), [(tasks.data ?? []).map((t) => t.userTaskKey).join(',')]);

  return (
    <div class={`inbox ${taskKey ? 'has-selection' : ''}`}>
      <div class="inbox-side">
        <nav class="tabs inbox-switch" aria-label="Inbox">
          <a class={`tab ${pane === 'tasks' ? 'tab-active' : ''}`} aria-current={pane === 'tasks' ? 'page' : undefined} {...link('/tasks')}>
            Tasks
          </a>
          <a class={`tab ${pane === 'processes' ? 'tab-active' : ''}`} aria-current={pane === 'processes' ? 'page' : undefined} {...link('/tasks/processes')}>
            Processes
          </a>
        </nav>
        {pane === 'processes' ? (
          <ProcessCatalog session={session} />
        ) : (
          <TaskList session={session} tasks={tasks.data} error={tasks.error} filters={filters} processIds={[...names.keys()].sort()} processNames={names} cardVariables={cardVariables.data ?? new Map()} selectedKey={taskKey} onFilters={setFilters} />
        )}
      </div>
      <section class="task-pane" aria-label="Task">
        {taskKey ? (
          <TaskDetail key={taskKey} taskKey={taskKey} session={session} onChanged={tasks.refresh} />
        ) : (
          <div class="task-pane-empty">
            <p>{pane === 'processes' ? 'Choose Start on a process to fill in its start form.' : 'Select a task to see its form, its process and its variables.'}</p>
          </div>
        )}
      </section>
    </div>
  );
}

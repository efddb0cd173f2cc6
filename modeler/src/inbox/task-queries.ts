import { engine } from '../api/engine';
import type { Session } from '../api/session';
import type { SearchRequest } from '@osprey/contracts';
import type { UserTask } from '@osprey/contracts';
import { toJsonText } from '../shared/format';

/** The lists of the inbox. */
export type TaskView = 'mine' | 'group' | 'completed' | 'all';

export type TaskSort = 'due' | 'followUp' | 'priority' | 'created';

export interface TaskFilters {
  view: TaskView;
  processDefinitionId: string;
  sort: TaskSort;
  overdueOnly: boolean;
  variableName: string;
  variableValue: string;
}

export const DEFAULT_FILTERS: TaskFilters = { view: 'mine', processDefinitionId: '', sort: 'due', overdueOnly: false, variableName: '', variableValue: '' };

/** How many tasks one list shows at most. */
const PAGE = 200;

/**
 * Open tasks of one list, filtered and sorted on the server. "Group tasks" are the unassigned
 * tasks offered to one of the user's groups or to the user by name (two searches, merged).
 * Sorting by due date puts the most overdue first and tasks without a due date last.
 */
export async function loadTasks(session: Session, f: TaskFilters, signal?: AbortSignal): Promise<UserTask[]> {
  const base: Record<string, unknown> = { state: f.view === 'completed' ? 'COMPLETED' : 'CREATED' };
  if (f.processDefinitionId) base.processDefinitionId = f.processDefinitionId;
  if (f.overdueOnly) base.dueDate = { $lt: new Date().toISOString() };
  if (f.variableName.trim()) base.variables = [{ name: f.variableName.trim(), value: toJsonText(f.variableValue) }];
  // Completed tasks: the latest first, whatever the chosen order of open work.
  const sort = f.view === 'completed' ? [{ field: 'completionDate', order: 'DESC' as const }] : SORTS[f.sort];
  const search = (filter: Record<string, unknown>): Promise<UserTask[]> =>
    engine.searchTasks({ filter: { ...base, ...filter }, sort, page: { limit: PAGE } } satisfies SearchRequest, signal).then((p) => p.items);

  switch (f.view) {
    case 'mine':
      return search({ assignee: session.username });
    case 'all':
    case 'completed':
      return search({});
    case 'group': {
      const unassigned = { assignee: { $exists: false } };
      const [byGroup, byUser] = await Promise.all([
        session.groups.length ? search({ ...unassigned, candidateGroups: { $in: [...session.groups] } }) : Promise.resolve([]),
        search({ ...unassigned, candidateUsers: session.username }),
      ]);
      const seen = new Set<string>();
      return [...byGroup, ...byUser].filter((t) => !seen.has(t.userTaskKey) && Boolean(seen.add(t.userTaskKey))).sort(COMPARE[f.sort]);
    }
  }
}

const SORTS: Record<TaskSort, SearchRequest['sort']> = {
  due: [
    { field: 'dueDate', order: 'ASC' },
    { field: 'priority', order: 'DESC' },
    { field: 'creationDate', order: 'ASC' },
  ],
  followUp: [
    { field: 'followUpDate', order: 'ASC' },
    { field: 'dueDate', order: 'ASC' },
  ],
  priority: [
    { field: 'priority', order: 'DESC' },
    { field: 'dueDate', order: 'ASC' },
  ],
  created: [{ field: 'creationDate', order: 'DESC' }],
};

const time = (iso: string | undefined) => (iso ? Date.parse(iso) : Number.POSITIVE_INFINITY);

const COMPARE: Record<TaskSort, (a: UserTask, b: UserTask) => number> = {
  due: (a, b) => time(a.dueDate) - time(b.dueDate) || (b.priority ?? 50) - (a.priority ?? 50) || time(a.creationDate) - time(b.creationDate),
  followUp: (a, b) => time(a.followUpDate) - time(b.followUpDate) || time(a.dueDate) - time(b.dueDate),
  priority: (a, b) => (b.priority ?? 50) - (a.priority ?? 50) || time(a.dueDate) - time(b.dueDate),
  created: (a, b) => time(b.creationDate) - time(a.creationDate),
};

/** The custom header naming the variables a task's card shows (`amount,requester`). */
export const CARD_VARIABLES_HEADER = 'cardVariables';

/** Most cards whose business variables are read per refresh (one request each). */
const MAX_CARDS_WITH_VARIABLES = 50;

/**
 * The business variables each card shows: the names in the task's `cardVariables` custom
 * header, read through the task (so approvers without `read` see them too).
 */
export async function loadCardVariables(tasks: readonly UserTask[]): Promise<Map<string, [string, string][]>> {
  const wanted = tasks
    .map((t) => ({ t, names: (t.customHeaders?.[CARD_VARIABLES_HEADER] ?? '').split(',').map((n) => n.trim()).filter(Boolean) }))
    .filter((w) => w.names.length > 0)
    .slice(0, MAX_CARDS_WITH_VARIABLES);
  const found = await Promise.all(
    wanted.map(async ({ t, names }) => {
      const { items } = await engine.taskVariables(t.userTaskKey, names).catch(() => ({ items: [] as { name: string; value: string }[] }));
      const byName = new Map(items.map((v) => [v.name, v.value]));
      return [t.userTaskKey, names.filter((n) => byName.has(n)).map((n): [string, string] => [n, byName.get(n)!])] as const;
    }),
  );
  return new Map(found);
}

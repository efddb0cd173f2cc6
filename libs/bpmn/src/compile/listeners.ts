/** Execution listeners (any element) and user task listeners, as the compiler reads them. */
import type { ExecutionListenerDef, TaskListenerDef, TaskListenerEventType } from '../graph';
import { describeType, extension, list, str, type ModdleNode } from '../moddle/moddle-node';
import type { ProblemList } from '../problems';
import type { ElementDraft } from './drafts';
import { toExpression } from './expressions';

const EVENT_TYPES = ['start', 'end'] as const;

/**
 * Reads `zeebe:executionListeners` onto `draft`: each listener's event type, job type and
 * retries (default `3`). A listener without a job type or with an unknown event type is a
 * problem, as in Zeebe.
 */
export function readExecutionListeners(node: ModdleNode, draft: ElementDraft, problems: ProblemList): void {
  const container = extension(node, 'zeebe:ExecutionListeners');
  if (!container) return;
  const label = `${describeType(node.$type)} '${node.id ?? '?'}'`;
  const listeners: ExecutionListenerDef[] = [];
  for (const listener of list(container, 'listeners')) {
    const rawEvent = (str(listener, 'eventType') ?? 'start').trim();
    const eventType = EVENT_TYPES.find((e) => e === rawEvent);
    const type = (str(listener, 'type') ?? '').trim();
    if (!eventType) {
      problems.add(node.id ?? null, `an execution listener eventType of start or end on ${label}`, `it has '${rawEvent}'`);
      continue;
    }
    if (type === '') {
      problems.add(node.id ?? null, `every execution listener of ${label} to have a job type`, 'one has none');
      continue;
    }
    const retries = (str(listener, 'retries') ?? '').trim();
    listeners.push(Object.freeze({ eventType, type: toExpression(type), retries: toExpression(retries || '3') }));
  }
  if (listeners.length > 0) draft.executionListeners = Object.freeze(listeners);
}

/** Camunda 8.8's task listener event types, with the 8.7 spellings they replaced. */
const TASK_EVENTS: Readonly<Record<string, TaskListenerEventType>> = {
  creating: 'creating',
  create: 'creating',
  completing: 'completing',
  complete: 'completing',
  assigning: 'assigning',
  assignment: 'assigning',
  updating: 'updating',
  update: 'updating',
  canceling: 'canceling',
  cancel: 'canceling',
};

/**
 * Reads `zeebe:taskListeners` of a user task: `creating`, `assigning`, `updating`, `completing`
 * and `canceling` listeners, each with a job type and retries (default `3`). An unknown event
 * type or a listener without a job type is a problem, as in Zeebe.
 */
export function readTaskListeners(node: ModdleNode, problems: ProblemList): TaskListenerDef[] {
  const container = extension(node, 'zeebe:TaskListeners');
  if (!container) return [];
  const label = `${describeType(node.$type)} '${node.id ?? '?'}'`;
  const listeners: TaskListenerDef[] = [];
  for (const listener of list(container, 'listeners')) {
    const raw = (str(listener, 'eventType') ?? '').trim();
    const eventType = Object.hasOwn(TASK_EVENTS, raw) ? TASK_EVENTS[raw] : undefined;
    const type = (str(listener, 'type') ?? '').trim();
    if (!eventType) {
      problems.add(
        node.id ?? null,
        `task listeners of ${label} to listen to creating, assigning, updating, completing or canceling`,
        `one has the event type '${raw}'`,
      );
      continue;
    }
    if (type === '') {
      problems.add(node.id ?? null, `every task listener of ${label} to have a job type`, 'one has none');
      continue;
    }
    const retries = (str(listener, 'retries') ?? '').trim();
    listeners.push(Object.freeze({ eventType, type: toExpression(type), retries: toExpression(retries || '3') }));
  }
  return listeners;
}

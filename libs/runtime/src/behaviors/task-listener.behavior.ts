/**
 * User task listeners (`zeebe:taskListeners`, Camunda 8.8): `creating` listeners run before the
 * task exists, `completing` listeners when someone completes it, each a job, one at a time in
 * model order. A listener completes its job with a `userTask` result that may correct the
 * task's fields (`assignee`, `dueDate`, `followUpDate`, `candidateUsers`, `candidateGroups`,
 * `priority`) or, when completing, deny the completion: the task then stays open.
 */
import type { ElementDef, TaskListenerDef } from '@osprey/bpmn';
import type { UserTaskJobResult } from '../commands';
import type { Processing } from '../processing/processing';
import type { TaskListenerJob } from '../records';
import type { ElementInstance, JsonValue } from '../state';
import { writeJob } from './job.behavior';
import { onWorkCompleted } from './job.behavior';
import { recordBase } from './records';

/** The fields a listener may correct, as Camunda names them. */
const CORRECTABLE = ['assignee', 'dueDate', 'followUpDate', 'candidateUsers', 'candidateGroups', 'priority'];

/** The user task's listeners of `eventType`, in order. */
export function taskListenersOf(def: ElementDef, eventType: TaskListenerDef['eventType']): readonly TaskListenerDef[] {
  return def.userTask?.listeners?.filter((l) => l.eventType === eventType) ?? [];
}

/** Creates the job of the task's `job.index`-th listener of `job.eventType`. */
export function runTaskListener(p: Processing, el: ElementInstance, def: ElementDef, job: TaskListenerJob): void {
  const listener = taskListenersOf(def, job.eventType)[job.index]!;
  writeJob(p, el, def, listener, { taskListener: job });
}

/**
 * A task listener's job completed: its corrections are kept, then the next listener runs, or
 * the task is created (`create` receives the corrections) or completed — unless denied.
 */
export function onTaskListenerJobCompleted(
  p: Processing,
  el: ElementInstance,
  job: TaskListenerJob,
  result: UserTaskJobResult | undefined,
  create: (corrections: Readonly<Record<string, JsonValue>>) => void,
): void {
  const def = p.def(el);
  if (job.eventType === 'completing' && result?.denied) return;
  const corrections = { ...job.corrections, ...pickCorrections(result?.corrections) };
  if (job.index + 1 < taskListenersOf(def, job.eventType).length) {
    return runTaskListener(p, el, def, { ...job, index: job.index + 1, corrections });
  }
  if (job.eventType === 'creating') return create(corrections);
  const userTaskKey = el.userTaskKey!;
  const task = p.state.openEntities?.[userTaskKey];
  if (task?.valueType !== 'USER_TASK') return;
  const variables = job.variables ?? {};
  p.write({ valueType: 'USER_TASK', intent: 'COMPLETED', ...recordBase(p, userTaskKey), value: { ...task.value, variables } });
  onWorkCompleted(p, p.element(el.key)!, def, { kind: 'user-task-completed', variables });
}

function pickCorrections(corrections: Readonly<Record<string, JsonValue>> | undefined): Record<string, JsonValue> {
  const picked: Record<string, JsonValue> = {};
  for (const field of CORRECTABLE) {
    const value = corrections?.[field];
    if (value !== undefined && value !== null) picked[field] = value;
  }
  return picked;
}

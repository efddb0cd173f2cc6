/**
 * User task listeners (`zeebe:taskListeners`, Camunda 8.8). Each listener is a job, run one at a
 * time in model order; the operation waits for the last one:
 * - `creating` listeners run before the task exists; the last one's completion creates it;
 * - `assigning` (assign, claim, unassign) and `updating` listeners hold the task in ASSIGNING /
 *   UPDATING; they may correct the change or deny it (the task keeps its old values);
 * - `completing` listeners hold it in COMPLETING and may deny the completion;
 * - `canceling` listeners hold it in CANCELING (see `user-task-canceling.behavior.ts`).
 *
 * A listener completes its job with a `userTask` result whose `corrections` may set `assignee`,
 * `dueDate`, `followUpDate`, `candidateUsers`, `candidateGroups` and `priority` (an empty string
 * clears a date or the assignee; `null` keeps the value).
 */
import type { ElementDef, TaskListenerDef, TaskListenerEventType } from '@osprey/bpmn';
import type { UserTaskJobResult } from '../commands';
import type { Processing } from '../processing/processing';
import type { TaskListenerJob, UserTaskRecord } from '../records';
import type { ElementInstance, JsonValue } from '../state';
import { writeJob } from './job.behavior';
import { onWorkCompleted } from './job.behavior';
import { recordBase } from './records';
import { finishCanceling } from './user-task-canceling.behavior';
import { setVariablesAt } from './variables.behavior';

/** The fields a listener may correct, as Camunda names them. */
const CORRECTABLE = ['assignee', 'dueDate', 'followUpDate', 'candidateUsers', 'candidateGroups', 'priority'] as const;

/** Fields an empty string clears. */
const CLEARABLE = new Set(['assignee', 'dueDate', 'followUpDate']);

/** A change to a task's fields: a value, or `null` to clear it. */
export type TaskChanges = Readonly<Record<string, JsonValue>>;

type TaskValue = UserTaskRecord['value'];

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
 * Assigns or updates open task `userTaskKey` of `el`: at once without listeners of
 * `eventType`, else the task goes ASSIGNING / UPDATING and its first listener runs.
 */
export function changeTask(
  p: Processing,
  el: ElementInstance,
  userTaskKey: string,
  eventType: 'assigning' | 'updating',
  action: string,
  changes: TaskChanges,
): void {
  const task = openTask(p, userTaskKey)!;
  const def = p.def(el);
  const changedAttributes = Object.keys(changes);
  if (taskListenersOf(def, eventType).length === 0) {
    return finishChange(p, userTaskKey, eventType, withChanges(task, changes), action, changedAttributes);
  }
  p.write({
    valueType: 'USER_TASK',
    intent: eventType === 'assigning' ? 'ASSIGNING' : 'UPDATING',
    ...recordBase(p, userTaskKey),
    value: { ...withChanges(task, changes), action, changedAttributes },
  });
  runTaskListener(p, el, def, { eventType, index: 0, corrections: changes, action, changedAttributes });
}

/**
 * A task listener's job completed: its corrections are kept, then the next listener runs, or
 * the operation is carried out (`create` receives a creating listener's corrections) — unless
 * a listener denied it.
 */
export function onTaskListenerJobCompleted(
  p: Processing,
  el: ElementInstance,
  job: TaskListenerJob,
  result: UserTaskJobResult | undefined,
  create: (corrections: TaskChanges) => void,
): void {
  const def = p.def(el);
  const task = el.userTaskKey ? openTask(p, el.userTaskKey) : undefined;
  const eventType = job.eventType;
  if (result?.denied && task && el.userTaskKey && deniable(eventType)) {
    return deny(p, el.userTaskKey, task, eventType, job.action, result.deniedReason);
  }
  // Canceling listeners neither deny nor correct, as in Camunda.
  const corrections = job.eventType === 'canceling' ? {} : { ...job.corrections, ...pickCorrections(result?.corrections) };
  if (job.index + 1 < taskListenersOf(def, job.eventType).length) {
    const requested = job.index === 0 ? job.corrections : job.requested;
    return runTaskListener(p, el, def, { ...job, index: job.index + 1, corrections, ...(requested ? { requested } : {}) });
  }
  if (job.eventType === 'creating') return create(corrections);
  if (job.eventType === 'canceling') return finishCanceling(p, el, job.then);
  if (!task || !el.userTaskKey) return;
  if (job.eventType === 'assigning' || job.eventType === 'updating') {
    const changed = [...new Set([...(job.changedAttributes ?? []), ...Object.keys(corrections)])];
    if (job.setVariables) setVariablesAt(p, el.key, job.setVariables.variables, job.setVariables.local);
    return finishChange(p, el.userTaskKey, job.eventType, withChanges(task, corrections), job.action ?? '', changed);
  }
  const variables = job.variables ?? {};
  const corrected = withChanges(task, corrections);
  p.write({ valueType: 'USER_TASK', intent: 'COMPLETED', ...recordBase(p, el.userTaskKey), value: { ...corrected, variables } });
  onWorkCompleted(p, p.element(el.key)!, def, { kind: 'user-task-completed', variables });
}

/** The open task's current value, when `key` is an open user task. */
export function openTask(p: Processing, key: string): TaskValue | undefined {
  const open = p.state.openEntities?.[key];
  return open?.valueType === 'USER_TASK' ? open.value : undefined;
}

/** `task` with `changes` laid over it: `null` (or an empty string for a clearable field) clears. */
export function withChanges(task: TaskValue, changes: TaskChanges): TaskValue {
  const next: Record<string, unknown> = { ...task };
  for (const [field, value] of Object.entries(changes)) {
    if (value === null || (value === '' && CLEARABLE.has(field))) delete next[field];
    else next[field] = value;
  }
  return next as unknown as TaskValue;
}

function finishChange(
  p: Processing,
  userTaskKey: string,
  eventType: 'assigning' | 'updating',
  next: TaskValue,
  action: string,
  changedAttributes: readonly string[],
): void {
  const intent = eventType === 'updating' ? 'UPDATED' : next.assignee ? 'ASSIGNED' : 'UNASSIGNED';
  p.write({ valueType: 'USER_TASK', intent, ...recordBase(p, userTaskKey), value: { ...next, action, changedAttributes } });
}

function deniable(eventType: TaskListenerEventType): eventType is 'assigning' | 'updating' | 'completing' {
  return eventType === 'assigning' || eventType === 'updating' || eventType === 'completing';
}

const DENIED = { assigning: 'ASSIGNMENT_DENIED', updating: 'UPDATE_DENIED', completing: 'COMPLETION_DENIED' } as const;

/** A listener denied the operation: the task goes back to what it was, open for the next one. */
function deny(
  p: Processing,
  userTaskKey: string,
  task: TaskValue,
  eventType: keyof typeof DENIED,
  action: string | undefined,
  reason: string | undefined,
): void {
  p.write({
    valueType: 'USER_TASK',
    intent: DENIED[eventType],
    ...recordBase(p, userTaskKey),
    value: { ...task, action: action ?? 'complete', ...(reason ? { deniedReason: reason } : {}) },
  });
}

function pickCorrections(corrections: Readonly<Record<string, JsonValue>> | undefined): Record<string, JsonValue> {
  const picked: Record<string, JsonValue> = {};
  for (const field of CORRECTABLE) {
    const value = corrections?.[field];
    if (value !== undefined && value !== null) picked[field] = value;
  }
  return picked;
}

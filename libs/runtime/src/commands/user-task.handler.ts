/**
 * User task commands: COMPLETE_USER_TASK, ASSIGN_USER_TASK, UPDATE_USER_TASK. Each runs the
 * task's listeners of its event first (see `task-listener.behavior.ts`), and each is refused
 * while an earlier operation's listeners are still deciding.
 */
import { recordBase } from '../behaviors/records';
import { changeTask, runTaskListener, taskListenersOf, type TaskChanges } from '../behaviors/task-listener.behavior';
import type { AssignUserTaskCommand, CompleteUserTaskCommand, SetVariablesCommand, UpdateUserTaskCommand } from '../commands';
import { CommandRejection } from '../execute.contract';
import type { Processing } from '../processing/processing';
import type { ElementInstance } from '../state';
import type { UserTaskRecord } from '../records';
import { requireOpen, requireWaiting } from './guards';

/** Handles COMPLETE_USER_TASK. */
export function completeUserTask(p: Processing, cmd: CompleteUserTaskCommand): void {
  const { el, task } = requireIdleTask(p, cmd);
  const def = p.def(el);
  if (taskListenersOf(def, 'completing').length > 0) {
    // Completing listeners decide first; the last one's completion completes the task.
    p.write({ valueType: 'USER_TASK', intent: 'COMPLETING', ...recordBase(p, cmd.userTaskKey), value: { ...task, action: 'complete' } });
    return runTaskListener(p, p.element(el.key)!, def, { eventType: 'completing', index: 0, variables: cmd.variables });
  }
  p.write({
    valueType: 'USER_TASK',
    intent: 'COMPLETED',
    ...recordBase(p, cmd.userTaskKey),
    value: { ...task, variables: cmd.variables },
  });
  const current = p.element(el.key)!;
  p.processor(current).onEventOccurred!(p, current, p.def(current), {
    kind: 'user-task-completed',
    variables: cmd.variables,
  });
}

/** Handles ASSIGN_USER_TASK: assign, claim (no override) or unassign. */
export function assignUserTask(p: Processing, cmd: AssignUserTaskCommand): void {
  const { el, task } = requireIdleTask(p, cmd);
  if (!cmd.allowOverride && task.assignee && task.assignee !== cmd.assignee) {
    throw new CommandRejection(
      'INVALID_STATE',
      `Expected user task '${cmd.userTaskKey}' to be unassigned, but it is assigned to '${task.assignee}'`,
    );
  }
  changeTask(p, el, cmd.userTaskKey, 'assigning', cmd.action, { assignee: cmd.assignee });
}

/** Handles UPDATE_USER_TASK: only the fields given change. */
export function updateUserTask(p: Processing, cmd: UpdateUserTaskCommand): void {
  const { el } = requireIdleTask(p, cmd);
  const changes: Record<string, TaskChanges[string]> = {};
  for (const [field, value] of Object.entries(cmd.changes)) if (value !== undefined) changes[field] = value as TaskChanges[string];
  changeTask(p, el, cmd.userTaskKey, 'updating', cmd.action, changes);
}

/**
 * SET_VARIABLES on the element instance of a user task with updating listeners: as in Camunda
 * 8.8 the task goes UPDATING (`changedAttributes: ['variables']`) and the variables are set
 * only once the last listener agreed; a denial drops them. Returns whether the listeners hold
 * them (otherwise the variables are set at once).
 *
 * @throws CommandRejection INVALID_STATE while the task's listeners decide on another operation
 */
export function holdTaskVariables(p: Processing, cmd: SetVariablesCommand): boolean {
  const el = p.element(cmd.scopeKey);
  if (!el?.userTaskKey || taskListenersOf(p.def(el), 'updating').length === 0) return false;
  const { task } = requireIdleTask(p, { userTaskKey: el.userTaskKey, elementInstanceKey: el.key });
  const changedAttributes = ['variables'];
  p.write({ valueType: 'USER_TASK', intent: 'UPDATING', ...recordBase(p, el.userTaskKey), value: { ...task, action: 'update', changedAttributes } });
  runTaskListener(p, p.element(el.key)!, p.def(el), {
    eventType: 'updating',
    index: 0,
    action: 'update',
    changedAttributes,
    setVariables: { variables: cmd.variables, local: cmd.local },
  });
  return true;
}

/**
 * The element waiting on open task `userTaskKey`, and the task.
 *
 * @throws CommandRejection INVALID_STATE when the element waits on another task, or the task's
 *   listeners are deciding on an earlier operation
 */
function requireIdleTask(
  p: Processing,
  cmd: { readonly userTaskKey: string; readonly elementInstanceKey: string },
): { el: ElementInstance; task: UserTaskRecord['value'] } {
  const el = requireWaiting(p, cmd.elementInstanceKey);
  if (el.userTaskKey !== cmd.userTaskKey) {
    const actual = el.userTaskKey ? `it waits on user task '${el.userTaskKey}'` : 'it waits on no user task';
    throw new CommandRejection(
      'INVALID_STATE',
      `Expected element instance '${el.key}' (${el.elementId}) to wait on user task '${cmd.userTaskKey}', but ${actual}`,
    );
  }
  const task = requireOpen(p, cmd.userTaskKey, 'USER_TASK');
  const open = p.state.openEntities?.[cmd.userTaskKey];
  const transition = open?.valueType === 'USER_TASK' ? open.transition : undefined;
  if (transition) {
    throw new CommandRejection(
      'INVALID_STATE',
      `Expected user task '${cmd.userTaskKey}' to be CREATED, but it is ${transition}: its listeners are still deciding on an earlier operation`,
    );
  }
  return { el, task };
}

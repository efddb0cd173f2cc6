/** COMPLETE_USER_TASK: the task's variables go in and the element completes. */
import { recordBase } from '../behaviors/records';
import { runTaskListener, taskListenersOf } from '../behaviors/task-listener.behavior';
import type { CompleteUserTaskCommand } from '../commands';
import { CommandRejection } from '../execute.contract';
import type { Processing } from '../processing/processing';
import { requireOpen, requireWaiting } from './guards';

/** Handles COMPLETE_USER_TASK. */
export function completeUserTask(p: Processing, cmd: CompleteUserTaskCommand): void {
  const el = requireWaiting(p, cmd.elementInstanceKey);
  if (el.userTaskKey !== cmd.userTaskKey) {
    const actual = el.userTaskKey ? `it waits on user task '${el.userTaskKey}'` : 'it waits on no user task';
    throw new CommandRejection(
      'INVALID_STATE',
      `Expected element instance '${el.key}' (${el.elementId}) to wait on user task '${cmd.userTaskKey}', but ${actual}`,
    );
  }
  const task = requireOpen(p, cmd.userTaskKey, 'USER_TASK');
  const def = p.def(el);
  if (taskListenersOf(def, 'completing').length > 0) {
    if (el.jobKey) {
      throw new CommandRejection(
        'INVALID_STATE',
        `Expected user task '${cmd.userTaskKey}' to be open, but its completing listeners are still deciding on an earlier completion`,
      );
    }
    // Completing listeners decide first; the last one's completion completes the task.
    return runTaskListener(p, el, def, { eventType: 'completing', index: 0, variables: cmd.variables });
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

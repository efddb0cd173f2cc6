/** COMPLETE_USER_TASK: the task's variables go in and the element completes. */
import { recordBase } from '../behaviors/records';
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

/**
 * What the store reports about the child process instance of a call activity:
 * CHILD_COMPLETED, CHILD_TERMINATED, CHILD_CREATION_FAILED. Each is only accepted from the call
 * activity instance that waits on that child.
 */
import { raiseIncident } from '../behaviors/incident.behavior';
import { recordBase } from '../behaviors/records';
import { terminateElement } from '../behaviors/termination.behavior';
import type { ChildCompletedCommand, ChildCreationFailedCommand, ChildTerminatedCommand } from '../commands';
import { CommandRejection } from '../execute.contract';
import type { Processing } from '../processing/processing';
import type { ElementInstance } from '../state';
import { requireOpen, requireWaiting } from './guards';

type ChildCommand = ChildCompletedCommand | ChildTerminatedCommand | ChildCreationFailedCommand;

function waitingOnChild(p: Processing, cmd: ChildCommand): ElementInstance {
  const el = requireWaiting(p, cmd.elementInstanceKey);
  if (el.childProcessInstanceKey !== cmd.childProcessInstanceKey) {
    const actual = el.childProcessInstanceKey
      ? `it waits on '${el.childProcessInstanceKey}'`
      : 'it waits on no child instance';
    throw new CommandRejection(
      'INVALID_STATE',
      `Expected element instance '${el.key}' (${el.elementId}) to wait on child instance '${cmd.childProcessInstanceKey}', but ${actual}`,
    );
  }
  return el;
}

/** CHILD_COMPLETED: the child's variables come back and the call activity completes. */
export function childCompleted(p: Processing, cmd: ChildCompletedCommand): void {
  const el = waitingOnChild(p, cmd);
  const child = requireOpen(p, cmd.childProcessInstanceKey, 'CHILD_INSTANCE');
  p.write({
    valueType: 'CHILD_INSTANCE',
    intent: 'COMPLETED',
    ...recordBase(p, cmd.childProcessInstanceKey),
    value: { ...child, variables: cmd.variables },
  });
  const current = p.element(el.key)!;
  p.processor(current).onEventOccurred!(p, current, p.def(current), {
    kind: 'child-completed',
    variables: cmd.variables,
  });
}

/**
 * CHILD_TERMINATED: the call activity is terminated, and so is each enclosing scope left with
 * nothing running in it (up to the process, which then ends TERMINATED).
 */
export function childTerminated(p: Processing, cmd: ChildTerminatedCommand): void {
  const el = waitingOnChild(p, cmd);
  const child = requireOpen(p, cmd.childProcessInstanceKey, 'CHILD_INSTANCE');
  p.write({
    valueType: 'CHILD_INSTANCE',
    intent: 'TERMINATED',
    ...recordBase(p, cmd.childProcessInstanceKey),
    value: child,
  });
  terminateElement(p, el.key);
  for (let key = el.flowScopeKey; key !== null;) {
    const scope = p.element(key);
    if (!scope || scope.activeChildren > 0 || scope.joins) return;
    const next: string | null = scope.flowScopeKey;
    terminateElement(p, key);
    key = next;
  }
}

/** CHILD_CREATION_FAILED: the call activity stops at a CALLED_ELEMENT_ERROR incident. */
export function childCreationFailed(p: Processing, cmd: ChildCreationFailedCommand): void {
  const el = waitingOnChild(p, cmd);
  const child = requireOpen(p, cmd.childProcessInstanceKey, 'CHILD_INSTANCE');
  p.write({
    valueType: 'CHILD_INSTANCE',
    intent: 'REJECTED',
    ...recordBase(p, cmd.childProcessInstanceKey),
    value: { ...child, errorMessage: cmd.errorMessage },
  });
  raiseIncident(p, p.element(el.key)!, 'CALLED_ELEMENT_ERROR', cmd.errorMessage, 'activate');
}

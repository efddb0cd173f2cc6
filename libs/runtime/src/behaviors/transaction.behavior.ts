/**
 * Cancelling a transaction sub-process. A cancel end event, directly inside its transaction:
 *
 * 1. terminates every other element instance of the transaction (nested ones included);
 * 2. compensates the transaction (see `compensation.behavior.ts`): the handlers of every
 *    activity completed inside it run, one after the other, in reverse order of completion,
 *    as children of the cancel end event, which completes after the last one (at once when
 *    there is none);
 * 3. once it completed, the transaction is terminated and its cancel boundary event takes
 *    over, like any interrupting boundary event.
 *
 * For a multi-instance transaction the cancel boundary event belongs to the body: cancelling
 * one inner instance ends them all. The cancel end event and the handlers are ordinary element
 * instances and compensation subscriptions, so a rebuild from records gives the same state.
 */
import type { ElementDef } from '@osprey/bpmn';
import { isMultiInstanceInner } from '../processing/element-kinds';
import type { Processing } from '../processing/processing';
import type { ElementInstance } from '../state';
import { startCompensation } from './compensation.behavior';
import { triggerBoundary } from './event-trigger.behavior';
import { raiseIncident } from './incident.behavior';
import { completeElement } from './lifecycle.behavior';
import { terminateChildren } from './termination.behavior';

/** Cancel end event `el` is ACTIVATED: ends the rest of its transaction, then compensates it. */
export function cancelTransaction(p: Processing, el: ElementInstance, def: ElementDef): void {
  if (!cancelBoundaryOf(p, el)) {
    return raiseIncident(
      p,
      el,
      'UNKNOWN',
      `Expected cancel end event '${def.id}' to be inside a transaction with a cancel boundary event, but there is none`,
      'activate',
    );
  }
  terminateChildren(p, el.flowScopeKey!, el.key);
  if (!startCompensation(p, el, def)) completeElement(p, el.key);
}

/** Cancel end event `completed` has completed: its transaction ends on the cancel boundary event. */
export function takeCancelBoundary(p: Processing, completed: ElementInstance): void {
  const found = cancelBoundaryOf(p, completed);
  if (found) triggerBoundary(p, found.owner, found.boundaryId, undefined);
}

/** The transaction instance (or its multi-instance body) `el` cancels, and its cancel boundary event. */
function cancelBoundaryOf(
  p: Processing,
  el: ElementInstance,
): { readonly owner: ElementInstance; readonly boundaryId: string } | undefined {
  const transaction = el.flowScopeKey === null ? undefined : p.element(el.flowScopeKey);
  if (!transaction) return undefined;
  const def = p.def(transaction);
  if (def.subProcessKind !== 'transaction') return undefined;
  const owner =
    isMultiInstanceInner(transaction, def) && transaction.flowScopeKey !== null
      ? p.element(transaction.flowScopeKey)
      : transaction;
  const boundaryId = def.boundaryEvents.find((id) => p.graph.element(id).eventDefinition?.kind === 'cancel');
  return owner && boundaryId ? { owner, boundaryId } : undefined;
}

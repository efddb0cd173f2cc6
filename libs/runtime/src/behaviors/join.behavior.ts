/**
 * Joins. Tokens arriving at a merging parallel or inclusive gateway wait in the scope
 * instance's `joins` (gateway → incoming flow → count); activating the gateway consumes them.
 *
 * - Parallel: fires as soon as every incoming flow holds a token.
 * - Inclusive: fires when at least one token waits and no other token of the scope can still
 *   reach the gateway: no live element instance and no token waiting at another join of the
 *   scope lies on a path to it (`ElementDef.reachableFrom`). Because a token "in flight" is
 *   invisible between SEQUENCE_FLOW_TAKEN and the target's activation, this check is deferred
 *   until the command's queue is empty; it runs again whenever an element of the scope ends.
 */
import type { Processing } from '../processing/processing';
import type { JoinStep } from '../processing/steps';
import { activateElement } from './lifecycle.behavior';

/** Runs a join step. */
export function runJoin(p: Processing, step: JoinStep): void {
  const scope = p.element(step.scopeKey);
  const tokens = scope?.joins?.[step.gatewayId];
  if (!scope || !tokens || scope.state !== 'ACTIVATED') return;
  const gateway = p.graph.element(step.gatewayId);
  if (gateway.type === 'parallelGateway') {
    if (gateway.incoming.every((flow) => (tokens[flow] ?? 0) > 0)) {
      activateElement(p, { type: 'activate', elementId: gateway.id, flowScopeKey: scope.key });
    }
    return;
  }
  if (!step.settled) {
    p.defer(deferId(step.scopeKey, step.gatewayId), { ...step, settled: true });
    return;
  }
  if (!canStillArrive(p, step.scopeKey, step.gatewayId)) {
    activateElement(p, { type: 'activate', elementId: gateway.id, flowScopeKey: scope.key });
  }
}

/** Re-checks the inclusive joins of scope `scopeKey` that hold tokens (something in it ended). */
export function scheduleInclusiveJoinChecks(p: Processing, scopeKey: string): void {
  const joins = p.element(scopeKey)?.joins;
  if (!joins) return;
  for (const gatewayId of Object.keys(joins)) {
    if (p.graph.element(gatewayId).type === 'inclusiveGateway') {
      p.defer(deferId(scopeKey, gatewayId), { type: 'join', gatewayId, scopeKey, settled: true });
    }
  }
}

function deferId(scopeKey: string, gatewayId: string): string {
  return `${scopeKey}/${gatewayId}`;
}

/**
 * True while a token of scope `scopeKey` may still reach `gatewayId`. Scans the instance's live
 * elements once (O(n)); it runs only for scopes with tokens waiting at an inclusive join.
 */
function canStillArrive(p: Processing, scopeKey: string, gatewayId: string): boolean {
  const reachable = p.graph.reachableFrom(p.graph.element(gatewayId));
  for (const el of Object.values(p.state.elements)) {
    if (el.flowScopeKey === scopeKey && reachable.has(el.elementId)) return true;
  }
  const joins = p.element(scopeKey)?.joins ?? {};
  for (const [other, tokens] of Object.entries(joins)) {
    if (other !== gatewayId && reachable.has(other) && Object.values(tokens).some((n) => n > 0)) return true;
  }
  return false;
}

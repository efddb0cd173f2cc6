/**
 * Passing tokens along sequence flows. Each flow taken writes SEQUENCE_FLOW_TAKEN; its target
 * is activated by a queued step, or, when the target is a join, the token waits in the scope
 * instance's `joins` and the join decides whether to fire.
 */
import type { ElementDef } from '@osprey/bpmn';
import type { Processing } from '../processing/processing';
import type { CompletionOptions } from '../processors/element-processor';
import type { ElementInstance } from '../state';
import { flowTakenRecord } from './records';

/**
 * Takes the outgoing flows of the completed element (`opts.flows` when a gateway chose), or,
 * when it has none, asks whether its scope is now complete.
 */
export function takeOutgoing(
  p: Processing,
  completed: ElementInstance,
  def: ElementDef,
  opts: CompletionOptions = {},
): void {
  const flows = opts.flows ?? def.outgoing;
  if (completed.flowScopeKey === null) return;
  if (flows.length === 0) {
    p.enqueue({ type: 'scope-check', scopeKey: completed.flowScopeKey });
    return;
  }
  for (const flowId of flows) takeFlow(p, flowId, completed.flowScopeKey, opts);
}

/** Takes one flow in scope instance `flowScopeKey` and routes the token to its target. */
export function takeFlow(
  p: Processing,
  flowId: string,
  flowScopeKey: string,
  opts: Pick<CompletionOptions, 'triggeredBy' | 'eventVariables'> = {},
): void {
  const target = p.graph.element(p.graph.flow(flowId).targetId);
  if (p.graph.isJoin(target)) {
    p.write(flowTakenRecord(p, flowId, flowScopeKey, target.id));
    p.enqueue({ type: 'join', gatewayId: target.id, scopeKey: flowScopeKey });
    return;
  }
  p.write(flowTakenRecord(p, flowId, flowScopeKey));
  p.enqueue({
    type: 'activate',
    elementId: target.id,
    flowScopeKey,
    ...(opts.triggeredBy ? { triggeredBy: opts.triggeredBy } : {}),
    ...(opts.eventVariables ? { eventVariables: opts.eventVariables } : {}),
  });
}

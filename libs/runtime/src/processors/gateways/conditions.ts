/** Evaluation of the conditions on a gateway's outgoing flows, shared by exclusive and inclusive gateways. */
import type { ElementDef } from '@osprey/bpmn';
import { evaluateBoolean } from '../../feel/typed-values';
import type { VariableContext } from '../../feel/variable-context';
import type { Processing } from '../../processing/processing';
import { fail, ok, type Outcome } from '../../util/outcome';

/**
 * The outgoing flows of `gateway` whose condition is true, in document order, skipping the
 * default flow; a flow without a condition counts as true. With `firstOnly`, stops at the
 * first (the exclusive gateway). Fails on the first condition that does not evaluate to a
 * boolean.
 */
export function trueFlows(
  p: Processing,
  gateway: ElementDef,
  vars: VariableContext,
  firstOnly: boolean,
): Outcome<string[]> {
  const chosen: string[] = [];
  for (const flowId of gateway.outgoing) {
    if (flowId === gateway.defaultFlow) continue;
    const condition = p.graph.flow(flowId).condition;
    if (condition) {
      const r = evaluateBoolean(condition, vars, p.now);
      if (!r.ok) return fail(`${r.message} (condition of sequence flow '${flowId}')`);
      if (!r.value) continue;
    }
    chosen.push(flowId);
    if (firstOnly) break;
  }
  return ok(chosen);
}

/** The message of the incident when no flow can be taken. */
export function noFlowMessage(gateway: ElementDef): string {
  return `Expected at least one condition to evaluate to true, or to have a default flow, but gateway '${gateway.id}' has neither`;
}

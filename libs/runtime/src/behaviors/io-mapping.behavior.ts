/**
 * Input and output mappings (`zeebe:ioMapping`). Each mapping list is evaluated in full before
 * anything is written, so a failure leaves no half-applied mapping behind and resolving the
 * incident simply runs the list again. Later mappings see the results of earlier ones; a dotted
 * target (`customer.address`) sets a nested property of the variable (`customer`).
 */
import type { ElementDef, Mapping } from '@osprey/bpmn';
import { evaluateExpression } from '../feel/feel-evaluator';
import { OverlayContext, type VariableContext } from '../feel/variable-context';
import type { Processing } from '../processing/processing';
import type { ElementInstance, JsonValue } from '../state';
import { setPath } from '../util/json';
import { fail, ok, type Outcome } from '../util/outcome';
import { contextAt, propagateVariables, setLocalVariables } from './variables.behavior';

/**
 * Evaluates the element's inputs and sets them as its local variables. They see the flow scope
 * and the variables the element starts with (a multi-instance input element, the variables an
 * ad-hoc sub-process activation hands its inner element).
 */
export function applyInputMappings(p: Processing, el: ElementInstance, def: ElementDef): Outcome<void> {
  if (def.inputs.length === 0) return ok(undefined);
  const result = evaluateMappings(def.inputs, contextAt(p, el.key), p.now, 'input');
  if (!result.ok) return result;
  setLocalVariables(p, el.key, result.value);
  return ok(undefined);
}

/** Evaluates the element's outputs in its own scope and propagates them from its flow scope. */
export function applyOutputMappings(p: Processing, el: ElementInstance, def: ElementDef): Outcome<void> {
  if (def.outputs.length === 0) return ok(undefined);
  const result = evaluateMappings(def.outputs, contextAt(p, el.key), p.now, 'output');
  if (!result.ok) return result;
  if (el.flowScopeKey === null) setLocalVariables(p, el.key, result.value);
  else propagateVariables(p, el.flowScopeKey, result.value);
  return ok(undefined);
}

/** Evaluates `mappings` in order; the result maps each root variable name to its new value. */
export function evaluateMappings(
  mappings: readonly Mapping[],
  vars: VariableContext,
  now: number,
  kind: 'input' | 'output',
): Outcome<Record<string, JsonValue>> {
  const results: Record<string, JsonValue> = {};
  const context = new OverlayContext(results, vars);
  for (const m of mappings) {
    const value = evaluateExpression(m.source, context, now);
    if (!value.ok) return fail(`Failed to evaluate ${kind} mapping for '${m.target}': ${value.message}`);
    const [root, ...path] = m.target.split('.') as [string, ...string[]];
    const next = path.length === 0 ? value.value : setPath(context.get(root), path, value.value);
    Object.defineProperty(results, root, {
      value: next,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return ok(results);
}

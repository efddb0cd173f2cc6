/**
 * Checking a value against an item definition: its base type, its allowed values, the items of a
 * collection and the components of a structure. `null` passes, as it conforms to every type.
 */
import type { DecisionValue, ItemType } from '../decision-model';
import type { DecisionFeel, DecisionVariables, FeelResult } from './decision-feel';
import { describeValue } from './describe';
import { runUnaryTests } from './evaluate-expression';
import { coerce } from './type-coercion';

const CONFORMS: FeelResult<string | undefined> = { ok: true, value: undefined };

/**
 * Most allowed-values checks one value may hand to the host's FEEL (those the compiled fast path
 * cannot answer). Each costs 0.1–0.5 ms, so a long list under a FEEL-only constraint would
 * otherwise hold the event loop for seconds; the check fails instead of running that long.
 */
export const MAX_FEEL_CHECKS_PER_VALUE = 100;

/**
 * Why `value` is not of `type` ("it is "extreme", not one of "low","medium","high""), or
 * `undefined` when it is; a constraint that FEEL cannot evaluate is a failure.
 */
export function itemTypeViolation(value: DecisionValue, type: ItemType, variables: DecisionVariables, feel: DecisionFeel): FeelResult<string | undefined> {
  let left = MAX_FEEL_CHECKS_PER_VALUE;
  const budgeted: DecisionFeel = {
    evaluate: (expression, vars) => feel.evaluate(expression, vars),
    unaryTest: (tests, input, vars, typeRef) =>
      --left < 0
        ? { ok: false, message: `checking the value would take more than ${MAX_FEEL_CHECKS_PER_VALUE} FEEL evaluations, over the engine's limit` }
        : feel.unaryTest(tests, input, vars, typeRef),
  };
  return violation(value, type, 'it', variables, budgeted);
}

function violation(value: DecisionValue, type: ItemType, at: string, variables: DecisionVariables, feel: DecisionFeel): FeelResult<string | undefined> {
  if (value === null) return CONFORMS;
  const is = `${at} is ${describeValue(value)}`;
  if (type.isCollection) {
    if (!Array.isArray(value)) return { ok: true, value: `${is}, not a list` };
    const item = { ...type, isCollection: false };
    for (let i = 0; i < value.length; i++) {
      const r = violation(value[i], item, `${at === 'it' ? 'its' : `${at}'s`} item ${i + 1}`, variables, feel);
      if (!r.ok || r.value !== undefined) return r;
    }
    return CONFORMS;
  }
  if (type.components) {
    if (typeof value !== 'object' || Array.isArray(value)) return { ok: true, value: `${is}, not a context` };
    for (const [name, component] of type.components) {
      const field = Object.prototype.hasOwnProperty.call(value, name) ? value[name] : null;
      const r = violation(field, component, at === 'it' ? `its '${name}'` : `${at}.'${name}'`, variables, feel);
      if (!r.ok || r.value !== undefined) return r;
    }
    return CONFORMS;
  }
  if (type.baseType && coerce(value, type.baseType) === null) return { ok: true, value: `${is}, not a ${type.baseType}` };
  for (const tests of type.allowedValues) {
    const r = runUnaryTests(tests, value, variables, feel, type.baseType);
    if (!r.ok) return { ok: false, message: `the allowed values ${tests.source} failed: ${r.message}` };
    if (!r.value) return { ok: true, value: `${is}, not one of ${tests.source}` };
  }
  return CONFORMS;
}

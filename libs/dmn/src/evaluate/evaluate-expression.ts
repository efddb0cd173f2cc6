/** Evaluation of a compiled expression cell. */
import type { CompiledExpression, CompiledUnaryTests } from '../compile/compiled-feel';
import type { DecisionValue } from '../decision-model';
import type { DecisionFeel, DecisionVariables, FeelResult } from './decision-feel';

/**
 * Evaluates a compiled expression: a constant as is, a variable path by reading it (a missing
 * variable or property is `null`, as in Camunda's DMN engine), anything else with the host's FEEL.
 */
export function evaluateCompiled(expression: CompiledExpression, variables: DecisionVariables, feel: DecisionFeel): FeelResult<DecisionValue> {
  if (expression.constant !== undefined) return { ok: true, value: expression.constant };
  if (expression.path) {
    let value: DecisionValue | undefined = Object.prototype.hasOwnProperty.call(variables, expression.path[0]) ? variables[expression.path[0]] : null;
    for (let i = 1; i < expression.path.length; i++) {
      const key = expression.path[i];
      value = value !== null && typeof value === 'object' && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : null;
    }
    return { ok: true, value: value ?? null };
  }
  return feel.evaluate(expression.source, variables);
}

/** Runs compiled unary tests against `input`, asking the host's FEEL when the fast path cannot answer. */
export function runUnaryTests(tests: CompiledUnaryTests, input: DecisionValue, variables: DecisionVariables, feel: DecisionFeel, typeRef: string | null): FeelResult<boolean> {
  const fast = tests.test?.(input);
  if (fast !== undefined) return { ok: true, value: fast };
  return feel.unaryTest(tests.source, input, variables, typeRef);
}

/**
 * Evaluation of a decision of a compiled DMN file. Required decisions are evaluated first, once
 * each, and their results are visible to the decisions that need them under their decision id.
 * Pure and synchronous; FEEL beyond the compiled fast paths goes to the host's {@link DecisionFeel}.
 */
import type { DecisionDef, DecisionRequirements, DecisionValue, LiteralExpressionLogic } from '../decision-model';
import type { DecisionFeel, DecisionVariables, FeelResult } from './decision-feel';
import { evaluateDecisionTable } from './decision-table.evaluator';
import type { DecisionEvaluation, EvaluatedDecision } from './evaluation-result';
import { evaluateCompiled } from './evaluate-expression';
import { itemTypeViolation } from './item-type-check';
import { coerce } from './type-coercion';

/**
 * Evaluates decision `decisionId` of `requirements` with `variables`.
 *
 * @returns the output and every evaluated decision, or which decision failed and why; never
 *   throws for a decision that fails (a FEEL error, UNIQUE with two matches, …).
 */
export function evaluateDecision(
  requirements: DecisionRequirements,
  decisionId: string,
  variables: DecisionVariables,
  feel: DecisionFeel,
): DecisionEvaluation {
  const evaluated: EvaluatedDecision[] = [];
  const results = new Map<string, DecisionValue>();

  const run = (id: string): FeelResult<DecisionValue> & { failedDecisionId?: string } => {
    const done = results.get(id);
    if (done !== undefined || results.has(id)) return { ok: true, value: done ?? null };
    const decision = requirements.decisions.get(id);
    if (!decision) return { ok: false, message: `Expected a decision with id '${id}' in '${requirements.id}', but there is none`, failedDecisionId: id };
    let scope: Record<string, DecisionValue> = variables as Record<string, DecisionValue>;
    if (decision.requiredDecisions.length > 0) {
      scope = { ...variables };
      for (const required of decision.requiredDecisions) {
        const r = run(required);
        if (!r.ok) return r;
        // By id, and by the name of its variable as Camunda 8 has it (`` `order total` ``).
        const resultName = requirements.decisions.get(required)?.resultName;
        for (const name of resultName && resultName !== required ? [required, resultName] : [required]) {
          Object.defineProperty(scope, name, { value: r.value, enumerable: true, writable: true, configurable: true });
        }
      }
    }
    const outcome = evaluateOne(decision, scope, feel);
    if (!outcome.ok) return { ok: false, message: outcome.message, failedDecisionId: id };
    evaluated.push(outcome.value);
    results.set(id, outcome.value.output);
    return { ok: true, value: outcome.value.output };
  };

  const result = run(decisionId);
  if (!result.ok) {
    return { ok: false, decisionId, failedDecisionId: result.failedDecisionId ?? decisionId, failureMessage: result.message, evaluatedDecisions: evaluated };
  }
  return { ok: true, decisionId, output: result.value, evaluatedDecisions: evaluated };
}

function evaluateOne(decision: DecisionDef, variables: DecisionVariables, feel: DecisionFeel): FeelResult<EvaluatedDecision> {
  if (decision.logic.kind === 'decisionTable') return evaluateDecisionTable(decision, decision.logic, variables, feel);
  return evaluateLiteral(decision, decision.logic, variables, feel);
}

function evaluateLiteral(decision: DecisionDef, logic: LiteralExpressionLogic, variables: DecisionVariables, feel: DecisionFeel): FeelResult<EvaluatedDecision> {
  const value = evaluateCompiled(logic.expression, variables, feel);
  if (!value.ok) {
    return { ok: false, message: `Expected decision '${decision.name}' ('${decision.id}') to evaluate its literal expression '${logic.expression.source}', but: ${value.message}` };
  }
  const output = coerce(value.value, logic.typeRef);
  if (logic.itemType) {
    const wrong = itemTypeViolation(output, logic.itemType, variables, feel);
    const label = `decision '${decision.name}' ('${decision.id}')`;
    if (!wrong.ok) return { ok: false, message: `Expected ${label} to check its result against its type '${logic.itemType.name}', but ${wrong.message}` };
    if (wrong.value) return { ok: false, message: `Expected the result of ${label} to be of type '${logic.itemType.name}', but ${wrong.value}` };
  }
  return {
    ok: true,
    value: {
      decisionId: decision.id,
      decisionName: decision.name,
      decisionType: 'LITERAL_EXPRESSION',
      output,
      evaluatedInputs: [],
      matchedRules: [],
    },
  };
}

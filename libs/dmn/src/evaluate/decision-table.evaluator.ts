/** Evaluation of one decision table: inputs, rule matching, outputs, hit policy. */
import type { CompiledUnaryTests } from '../compile/compiled-feel';
import type { DecisionDef, DecisionTableLogic, DecisionValue } from '../decision-model';
import type { DecisionFeel, DecisionVariables, FeelResult } from './decision-feel';
import { describeInputs, describeValue } from './describe';
import { evaluateCompiled } from './evaluate-expression';
import type { EvaluatedDecision, EvaluatedInput } from './evaluation-result';
import { applyHitPolicy, type RuleResult } from './hit-policy';
import { coerce } from './type-coercion';

/** Evaluates `table`, the logic of `decision`; a failure names the decision, the rules and the inputs. */
export function evaluateDecisionTable(decision: DecisionDef, table: DecisionTableLogic, variables: DecisionVariables, feel: DecisionFeel): FeelResult<EvaluatedDecision> {
  const label = `decision '${decision.name}' ('${decision.id}')`;
  const inputs: EvaluatedInput[] = [];
  const values: DecisionValue[] = [];
  for (const input of table.inputs) {
    const name = input.label ?? input.expression.source;
    const raw = evaluateCompiled(input.expression, variables, feel);
    if (!raw.ok) return { ok: false, message: `Expected ${label} to evaluate input '${name}', but: ${raw.message}` };
    const value = coerce(raw.value, input.typeRef);
    if (input.allowedValues && value !== null) {
      const allowed = test(input.allowedValues, value, variables, feel, input.typeRef);
      if (!allowed.ok) return { ok: false, message: `Expected ${label} to check input '${name}' against its input values, but: ${allowed.message}` };
      if (!allowed.value) {
        return { ok: false, message: `Expected input '${name}' of ${label} to be one of ${input.allowedValues.source}, but it is ${describeValue(value)}` };
      }
    }
    inputs.push({ inputId: input.id, inputName: name, inputValue: value });
    values.push(value);
  }

  const matched: RuleResult[] = [];
  for (const rule of table.rules) {
    let matches = true;
    for (let i = 0; i < rule.inputEntries.length && matches; i++) {
      const r = test(rule.inputEntries[i], values[i] ?? null, variables, feel, table.inputs[i]?.typeRef ?? null);
      if (!r.ok) {
        return { ok: false, message: `Expected ${label} to test input entry ${i + 1} ('${rule.inputEntries[i].source}') of rule '${rule.id}' (#${rule.index}), but: ${r.message}. Inputs: ${describeInputs(inputs)}` };
      }
      matches = r.value;
    }
    if (!matches) continue;
    const outputs: DecisionValue[] = [];
    for (let o = 0; o < rule.outputEntries.length; o++) {
      const r = evaluateCompiled(rule.outputEntries[o], variables, feel);
      if (!r.ok) {
        return { ok: false, message: `Expected ${label} to evaluate output entry ${o + 1} ('${rule.outputEntries[o].source}') of the matched rule '${rule.id}' (#${rule.index}), but: ${r.message}. Inputs: ${describeInputs(inputs)}` };
      }
      outputs.push(coerce(r.value, table.outputs[o]?.typeRef ?? null));
    }
    matched.push({ rule, values: outputs });
    // FIRST stops at the first match; nothing after it can change the result.
    if (table.hitPolicy === 'FIRST') break;
  }

  const combined = applyHitPolicy(table, matched);
  if (!combined.ok) return { ok: false, message: `${combined.message} in ${label} for the inputs ${describeInputs(inputs)}` };
  return {
    ok: true,
    value: {
      decisionId: decision.id,
      decisionName: decision.name,
      decisionType: 'DECISION_TABLE',
      output: combined.value.output,
      evaluatedInputs: inputs,
      matchedRules: combined.value.selected.map((m) => ({
        ruleId: m.rule.id,
        ruleIndex: m.rule.index,
        evaluatedOutputs: m.values.map((v, i) => ({
          outputId: table.outputs[i]?.id ?? '',
          outputName: table.outputs[i]?.name ?? table.outputs[i]?.label ?? '',
          outputValue: v,
        })),
      })),
    },
  };
}

/** Runs compiled unary tests, asking the host's FEEL when the fast path cannot answer. */
function test(tests: CompiledUnaryTests, input: DecisionValue, variables: DecisionVariables, feel: DecisionFeel, typeRef: string | null): FeelResult<boolean> {
  const fast = tests.test?.(input);
  if (fast !== undefined) return { ok: true, value: fast };
  return feel.unaryTest(tests.source, input, variables, typeRef);
}


/** Evaluation of one decision table: inputs, rule matching, outputs, hit policy. */
import type { DecisionDef, DecisionTableLogic, DecisionValue, TableInput, TableOutput } from '../decision-model';
import type { DecisionFeel, DecisionVariables, FeelResult } from './decision-feel';
import { describeInputs, describeValue } from './describe';
import { evaluateCompiled, runUnaryTests as test } from './evaluate-expression';
import { itemTypeViolation } from './item-type-check';
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
    if (input.itemType) {
      const wrong = itemTypeViolation(value, input.itemType, variables, feel);
      if (!wrong.ok) return { ok: false, message: `Expected ${label} to check input '${name}' against its type '${input.itemType.name}', but ${wrong.message}` };
      if (wrong.value) return { ok: false, message: `Expected input '${name}' of ${label} to be of type '${input.itemType.name}', but ${wrong.value}` };
    }
    if (input.allowedValues && value !== null) {
      const allowed = test(input.allowedValues, value, variables, feel, columnType(input));
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
      const r = test(rule.inputEntries[i], values[i] ?? null, variables, feel, columnType(table.inputs[i]));
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
      const output = table.outputs[o];
      const value = coerce(r.value, output?.typeRef ?? null);
      if (output?.itemType) {
        const where = `rule '${rule.id}' (#${rule.index})`;
        const wrong = itemTypeViolation(value, output.itemType, variables, feel);
        if (!wrong.ok) return { ok: false, message: `Expected ${label} to check output '${outputName(output)}' of ${where} against its type '${output.itemType.name}', but ${wrong.message}` };
        if (wrong.value) {
          return { ok: false, message: `Expected output '${outputName(output)}' of ${where} in ${label} to be of type '${output.itemType.name}', but ${wrong.value}. Inputs: ${describeInputs(inputs)}` };
        }
      }
      outputs.push(value);
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

/** The FEEL type a column's unary tests compare as: an item definition's base type, or the column's own. */
function columnType(input: TableInput | undefined): string | null {
  return input?.itemType?.baseType ?? input?.typeRef ?? null;
}

function outputName(output: TableOutput): string {
  return output.label ?? output.name ?? output.id;
}

/**
 * Combining the matched rules of a decision table by its hit policy, with Camunda 8's result
 * shapes: a single-result policy (UNIQUE, FIRST, PRIORITY, ANY, COLLECT with an aggregation)
 * answers the one rule's result or `null`; a multiple-result policy (COLLECT, RULE ORDER,
 * OUTPUT ORDER) answers a list, `[]` when nothing matched. A rule's result is its output's value
 * when the table has one output, else a context of the outputs by name.
 */
import type { DecisionTableLogic, DecisionValue, TableRule } from '../decision-model';
import type { FeelResult } from './decision-feel';
import { describeRules, describeValue } from './describe';

/** A matched rule with its evaluated outputs, in column order. */
export interface RuleResult {
  readonly rule: TableRule;
  readonly values: readonly DecisionValue[];
}

/** The rules that make up the result (what `matchedRules` reports) and the result. */
export interface HitPolicyResult {
  readonly selected: readonly RuleResult[];
  readonly output: DecisionValue;
}

/** Applies the hit policy; a failure's message lacks the decision and inputs, which the caller adds. */
export function applyHitPolicy(table: DecisionTableLogic, matched: readonly RuleResult[]): FeelResult<HitPolicyResult> {
  const shape = (r: RuleResult): DecisionValue => ruleOutput(table, r);
  switch (table.hitPolicy) {
    case 'UNIQUE':
      if (matched.length > 1) {
        return { ok: false, message: `Expected at most one rule to match (hit policy UNIQUE), but ${describeRules(matched.map((m) => m.rule))} matched` };
      }
      return single(matched, shape);
    case 'FIRST':
      return single(matched.slice(0, 1), shape);
    case 'ANY': {
      const distinct = new Set(matched.map((m) => JSON.stringify(shape(m))));
      if (distinct.size > 1) {
        return {
          ok: false,
          message: `Expected the matching rules to have equal outputs (hit policy ANY), but ${describeRules(matched.map((m) => m.rule))} matched with the outputs ${[...distinct].join(', ')}`,
        };
      }
      return { ok: true, value: { selected: matched, output: matched.length === 0 ? null : shape(matched[0]) } };
    }
    case 'PRIORITY':
      return { ok: true, value: { selected: matched, output: matched.length === 0 ? null : shape(byPriority(table, matched)[0]) } };
    case 'OUTPUT ORDER':
      return { ok: true, value: { selected: matched, output: byPriority(table, matched).map(shape) } };
    case 'RULE ORDER':
      return { ok: true, value: { selected: matched, output: matched.map(shape) } };
    case 'COLLECT':
      if (table.aggregation === null) return { ok: true, value: { selected: matched, output: matched.map(shape) } };
      return aggregate(table.aggregation, matched);
  }
}

function single(matched: readonly RuleResult[], shape: (r: RuleResult) => DecisionValue): FeelResult<HitPolicyResult> {
  return { ok: true, value: { selected: matched, output: matched.length === 0 ? null : shape(matched[0]) } };
}

/** One output → its value; several → a context by output name. */
function ruleOutput(table: DecisionTableLogic, result: RuleResult): DecisionValue {
  if (table.outputs.length === 1) return result.values[0] ?? null;
  const context: { [name: string]: DecisionValue } = {};
  table.outputs.forEach((output, i) => {
    Object.defineProperty(context, output.name ?? output.id, { value: result.values[i] ?? null, enumerable: true, writable: true, configurable: true });
  });
  return context;
}

/**
 * Matched rules sorted by the position of their outputs in the output values lists (the first
 * output column with a list decides first); rule order breaks ties, so the sort is stable.
 */
function byPriority(table: DecisionTableLogic, matched: readonly RuleResult[]): RuleResult[] {
  const columns = table.outputs.map((o, i) => ({ values: o.outputValues, i })).filter((c) => c.values !== null);
  const rank = (r: RuleResult, column: { values: readonly DecisionValue[] | null; i: number }): number => {
    const at = column.values!.findIndex((v) => v === r.values[column.i]);
    return at === -1 ? Number.MAX_SAFE_INTEGER : at;
  };
  return [...matched].sort((a, b) => {
    for (const column of columns) {
      const d = rank(a, column) - rank(b, column);
      if (d !== 0) return d;
    }
    return a.rule.index - b.rule.index;
  });
}

/** COLLECT with SUM, MIN, MAX (over numbers; MIN and MAX also over strings) or COUNT. */
function aggregate(aggregation: 'SUM' | 'MIN' | 'MAX' | 'COUNT', matched: readonly RuleResult[]): FeelResult<HitPolicyResult> {
  const values = matched.map((m) => m.values[0] ?? null);
  if (aggregation === 'COUNT') return { ok: true, value: { selected: matched, output: values.length } };
  if (values.length === 0) return { ok: true, value: { selected: matched, output: null } };
  const numbers = values.every((v) => typeof v === 'number');
  const strings = aggregation !== 'SUM' && values.every((v) => typeof v === 'string');
  if (!numbers && !strings) {
    const wrong = values.find((v) => typeof v !== 'number');
    return { ok: false, message: `Expected numbers to aggregate with COLLECT ${aggregation}, but ${describeRules(matched.map((m) => m.rule))} produced ${describeValue(wrong ?? null)}` };
  }
  let output: DecisionValue;
  if (aggregation === 'SUM') output = (values as number[]).reduce((a, b) => a + b, 0);
  else if (numbers) output = aggregation === 'MIN' ? Math.min(...(values as number[])) : Math.max(...(values as number[]));
  else output = (values as string[]).reduce((a, b) => ((aggregation === 'MIN' ? b < a : b > a) ? b : a));
  return { ok: true, value: { selected: matched, output } };
}

/** Short renderings of values, inputs and rules for failure messages. */
import type { DecisionValue, TableRule } from '../decision-model';
import type { EvaluatedInput } from './evaluation-result';

/** A value as FEEL would write it, cut at 60 characters. */
export function describeValue(value: DecisionValue): string {
  const s = JSON.stringify(value) ?? 'null';
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** `age = 25, income = 1000`, or `no inputs`. */
export function describeInputs(inputs: readonly EvaluatedInput[]): string {
  if (inputs.length === 0) return 'no inputs';
  return inputs.map((i) => `${i.inputName} = ${describeValue(i.inputValue)}`).join(', ');
}

/** `rules 'r1' (#1) and 'r3' (#3)`. */
export function describeRules(rules: readonly Pick<TableRule, 'id' | 'index'>[]): string {
  const names = rules.map((r) => `'${r.id}' (#${r.index})`);
  if (names.length === 0) return 'no rule';
  if (names.length === 1) return `rule ${names[0]}`;
  return `rules ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

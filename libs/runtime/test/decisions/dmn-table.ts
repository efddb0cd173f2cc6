/**
 * Writes small DMN 1.3 files for tests, in the shape Camunda Modeler saves them (decision,
 * decisionTable, input/inputExpression, output, rule with inputEntry/outputEntry).
 */

/** One table: columns, then rules as `[inputEntries, outputEntries]`. */
export interface TableSpec {
  readonly id: string;
  readonly name?: string;
  readonly hitPolicy?: string;
  readonly aggregation?: string;
  readonly inputs: readonly { expression: string; typeRef?: string; label?: string; values?: string }[];
  readonly outputs: readonly { name?: string; typeRef?: string; values?: string }[];
  readonly rules: readonly (readonly [readonly string[], readonly string[]])[];
  readonly requires?: readonly string[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The `<decision>` element of a table. */
export function tableDecision(t: TableSpec): string {
  const requires = (t.requires ?? []).map((r, i) => `<informationRequirement id="${t.id}_req${i}"><requiredDecision href="#${r}"/></informationRequirement>`).join('');
  const inputs = t.inputs
    .map((input, i) => {
      const values = input.values ? `<inputValues id="${t.id}_iv${i}"><text>${esc(input.values)}</text></inputValues>` : '';
      const label = input.label ? ` label="${esc(input.label)}"` : '';
      const typeRef = input.typeRef ? ` typeRef="${input.typeRef}"` : '';
      return `<input id="${t.id}_in${i}"${label}><inputExpression id="${t.id}_ie${i}"${typeRef}><text>${esc(input.expression)}</text></inputExpression>${values}</input>`;
    })
    .join('');
  const outputs = t.outputs
    .map((output, i) => {
      const values = output.values ? `<outputValues id="${t.id}_ov${i}"><text>${esc(output.values)}</text></outputValues>` : '';
      const name = output.name ? ` name="${esc(output.name)}"` : '';
      const typeRef = output.typeRef ? ` typeRef="${output.typeRef}"` : '';
      return `<output id="${t.id}_out${i}"${name}${typeRef}>${values}</output>`;
    })
    .join('');
  const rules = t.rules
    .map(([ins, outs], r) => {
      const entries = ins.map((e, i) => `<inputEntry id="${t.id}_r${r}_i${i}"><text>${esc(e)}</text></inputEntry>`).join('');
      const results = outs.map((e, i) => `<outputEntry id="${t.id}_r${r}_o${i}"><text>${esc(e)}</text></outputEntry>`).join('');
      return `<rule id="${t.id}_rule${r + 1}">${entries}${results}</rule>`;
    })
    .join('');
  const aggregation = t.aggregation ? ` aggregation="${t.aggregation}"` : '';
  return `<decision id="${t.id}" name="${esc(t.name ?? t.id)}">${requires}<decisionTable id="${t.id}_table" hitPolicy="${t.hitPolicy ?? 'UNIQUE'}"${aggregation}>${inputs}${outputs}${rules}</decisionTable></decision>`;
}

/** A literal expression decision. */
export function literalDecision(id: string, expression: string, options: { typeRef?: string; requires?: readonly string[] } = {}): string {
  const requires = (options.requires ?? []).map((r, i) => `<informationRequirement id="${id}_req${i}"><requiredDecision href="#${r}"/></informationRequirement>`).join('');
  const typeRef = options.typeRef ? ` typeRef="${options.typeRef}"` : '';
  return `<decision id="${id}" name="${id}">${requires}<variable id="${id}_var" name="${id}"${typeRef}/><literalExpression id="${id}_expr"><text>${esc(expression)}</text></literalExpression></decision>`;
}

/** A whole DMN 1.3 file holding `decisions`. */
export function dmnFile(id: string, ...decisions: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="${id}" name="${id}" namespace="http://camunda.org/schema/1.0/dmn">
${decisions.join('\n')}
</definitions>`;
}

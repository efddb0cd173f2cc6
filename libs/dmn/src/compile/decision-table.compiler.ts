/** Compiles and checks one decision table. */
import type { Aggregation, DecisionTableLogic, DecisionValue, HitPolicy, TableInput, TableOutput, TableRule } from '../decision-model';
import { child, children, text, type DmnNode } from '../parse/dmn-node';
import type { DmnProblems } from './compile-dmn';
import { compileExpression, compileUnaryTests, literalValue, variablePath } from './compiled-feel';
import { expressionSyntaxError, unaryTestsSyntaxError } from './feel-syntax';
import { itemTypeOf, type ItemTypes } from './item-definitions';

const HIT_POLICIES: readonly HitPolicy[] = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER'];
const AGGREGATIONS: readonly Aggregation[] = ['SUM', 'MIN', 'MAX', 'COUNT'];

/** Compiles the table of decision `decisionId`, recording every problem. */
export function compileDecisionTable(decisionId: string, table: DmnNode, problems: DmnProblems, itemTypes: ItemTypes): DecisionTableLogic {
  const hitPolicy = (text(table, 'hitPolicy') ?? 'UNIQUE') as HitPolicy;
  if (!HIT_POLICIES.includes(hitPolicy)) {
    problems.add(decisionId, `a hit policy of ${HIT_POLICIES.join(', ')}`, `decision '${decisionId}' has '${hitPolicy}'`);
  }
  const aggregationText = text(table, 'aggregation');
  const aggregation = (aggregationText ?? null) as Aggregation | null;
  if (aggregation !== null) {
    if (!AGGREGATIONS.includes(aggregation)) {
      problems.add(decisionId, `an aggregation of ${AGGREGATIONS.join(', ')}`, `decision '${decisionId}' has '${aggregation}'`);
    } else if (hitPolicy !== 'COLLECT') {
      problems.add(decisionId, 'an aggregation only with the hit policy COLLECT', `decision '${decisionId}' has ${aggregation} with ${hitPolicy}`);
    }
  }

  const inputs = children(table, 'input').map((node, i) => compileInput(decisionId, node, i, problems, itemTypes));
  const outputs = children(table, 'output').map((node, i) => compileOutput(decisionId, node, i, problems, itemTypes));
  if (outputs.length === 0) problems.add(decisionId, `decision table '${decisionId}' to have at least one output`, 'it has none');
  if (outputs.length > 1) {
    outputs.forEach((o) => {
      if (!o.name) problems.add(o.id, `every output of decision '${decisionId}' to have a name, as it has several outputs`, `output '${o.id}' has none`);
    });
    if (aggregation !== null) {
      problems.add(decisionId, `an aggregation only on a table with one output`, `decision '${decisionId}' has ${outputs.length} outputs`);
    }
  }
  if ((hitPolicy === 'PRIORITY' || hitPolicy === 'OUTPUT ORDER') && !outputs.some((o) => o.outputValues !== null)) {
    problems.add(decisionId, `output values on the outputs of decision '${decisionId}', which the hit policy ${hitPolicy} orders by`, 'no output has any');
  }

  const rules = children(table, 'rule').map((node, i) => compileRule(decisionId, node, i, inputs.length, outputs.length, problems));
  return Object.freeze({ kind: 'decisionTable', hitPolicy, aggregation, inputs, outputs, rules });
}

function compileInput(decisionId: string, node: DmnNode, index: number, problems: DmnProblems, itemTypes: ItemTypes): TableInput {
  const id = text(node, 'id') ?? `${decisionId}-input-${index + 1}`;
  const expressionNode = child(node, 'inputExpression');
  const source = text(expressionNode, 'text') ?? '';
  // A variable path (backquoted names included, which feelin's parser does not know) needs no FEEL.
  const error = source.trim() === '' ? 'it is empty' : variablePath(source.trim()) ? undefined : expressionSyntaxError(source.trim());
  if (error) problems.add(id, `a valid FEEL input expression in input '${id}' of decision '${decisionId}'`, error);
  const values = text(child(node, 'inputValues'), 'text');
  return {
    id,
    label: text(node, 'label') ?? null,
    expression: compileExpression(source),
    typeRef: text(expressionNode, 'typeRef') ?? null,
    itemType: itemTypeOf(text(expressionNode, 'typeRef'), itemTypes),
    allowedValues: values === undefined || values.trim() === '' ? null : checkedUnaryTests(values, id, `input values of input '${id}'`, problems),
  };
}

function compileOutput(decisionId: string, node: DmnNode, index: number, problems: DmnProblems, itemTypes: ItemTypes): TableOutput {
  const id = text(node, 'id') ?? `${decisionId}-output-${index + 1}`;
  const values = text(child(node, 'outputValues'), 'text');
  let outputValues: DecisionValue[] | null = null;
  if (values !== undefined && values.trim() !== '') {
    outputValues = splitTopLevel(values).map((v) => literalValue(v.trim()) ?? null);
    if (splitTopLevel(values).some((v) => literalValue(v.trim()) === undefined)) {
      problems.add(id, `output values of output '${id}' to be a list of literals ("high","low" or 1,2)`, `they are '${values}'`);
    }
  }
  return {
    id,
    name: text(node, 'name') ?? null,
    label: text(node, 'label') ?? null,
    typeRef: text(node, 'typeRef') ?? null,
    itemType: itemTypeOf(text(node, 'typeRef'), itemTypes),
    outputValues,
    allowedValues: outputValues ? checkedUnaryTests(values ?? '', id, `output values of output '${id}'`, problems) : null,
  };
}

function compileRule(decisionId: string, node: DmnNode, index: number, inputCount: number, outputCount: number, problems: DmnProblems): TableRule {
  const id = text(node, 'id') ?? `${decisionId}-rule-${index + 1}`;
  const inputEntries = children(node, 'inputEntry');
  const outputEntries = children(node, 'outputEntry');
  if (inputEntries.length !== inputCount) {
    problems.add(id, `rule '${id}' of decision '${decisionId}' to have ${inputCount} input entries, one per input`, `it has ${inputEntries.length}`);
  }
  if (outputEntries.length !== outputCount) {
    problems.add(id, `rule '${id}' of decision '${decisionId}' to have ${outputCount} output entries, one per output`, `it has ${outputEntries.length}`);
  }
  return {
    id,
    index: index + 1,
    inputEntries: inputEntries.map((entry, i) => checkedUnaryTests(text(entry, 'text') ?? '', id, `input entry ${i + 1} of rule '${id}'`, problems)),
    outputEntries: outputEntries.map((entry, i) => {
      const source = (text(entry, 'text') ?? '').trim();
      const error = source === '' ? undefined : expressionSyntaxError(source);
      if (error) problems.add(id, `a valid FEEL expression in output entry ${i + 1} of rule '${id}'`, error);
      return compileExpression(source);
    }),
  };
}

function checkedUnaryTests(source: string, elementId: string, where: string, problems: DmnProblems) {
  const trimmed = source.trim();
  const error = trimmed === '' || trimmed === '-' ? undefined : unaryTestsSyntaxError(trimmed);
  if (error) problems.add(elementId, `valid FEEL unary tests in the ${where}`, error);
  return compileUnaryTests(trimmed);
}

/** Splits a list at commas outside quotes and brackets. */
export function splitTopLevel(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}

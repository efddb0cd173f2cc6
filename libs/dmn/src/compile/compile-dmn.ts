/**
 * Compiles a DMN file into immutable {@link DecisionRequirements}, checking it as a whole first:
 * every problem is listed (duplicate ids, missing required decisions and cycles, FEEL syntax in
 * every cell, hit policies and aggregations that do not fit, output values that PRIORITY and
 * OUTPUT ORDER need), and nothing is returned unless there are none.
 */
import type { Problem } from '@osprey/bpmn';
import type { DecisionDef, DecisionRequirements } from '../decision-model';
import { DmnValidationError } from '../errors';
import { child, children, text, type DmnNode } from '../parse/dmn-node';
import { parseDmn } from '../parse/parse-dmn';
import { compileExpression } from './compiled-feel';
import { expressionSyntaxError } from './feel-syntax';
import { checkRequirementGraph } from './requirement-graph';
import { compileDecisionTable } from './decision-table.compiler';
import { compileItemDefinitions, itemTypeOf, type ItemTypes } from './item-definitions';

/** Collects problems, "Expected X, but Y", against an element id. */
export class DmnProblems {
  private readonly items: Problem[] = [];

  add(elementId: string | null, expected: string, actual: string): void {
    this.items.push({ elementId, message: `Expected ${expected}, but ${actual}`, expected });
  }

  push(problem: Problem): void {
    this.items.push(problem);
  }

  toArray(): readonly Problem[] {
    return [...this.items];
  }
}

/**
 * Parses, validates and compiles a DMN document.
 *
 * @throws {DmnSecurityError} for hostile XML (DOCTYPE, entities, size, depth).
 * @throws {DmnValidationError} listing every problem, when there is one.
 */
export async function compileDmn(xml: string): Promise<DecisionRequirements> {
  const parsed = await parseDmn(xml);
  const problems = new DmnProblems();
  parsed.problems.forEach((p) => problems.push(p));
  const root = parsed.definitions;
  const definitionsId = text(root, 'id');
  if (!definitionsId) problems.add(null, 'the definitions element to have an id', 'it has none');

  const itemTypes = compileItemDefinitions(root, problems);
  const decisions = new Map<string, DecisionDef>();
  for (const node of children(root, 'drgElement')) {
    if (node.$type !== 'dmn:Decision') continue;
    const decision = compileDecision(node, problems, itemTypes);
    if (decision && !decisions.has(decision.id)) decisions.set(decision.id, decision);
  }
  if (decisions.size === 0) problems.add(definitionsId ?? null, 'at least one decision', 'the file has none');
  checkRequirementGraph(decisions, problems);

  const found = problems.toArray();
  if (found.length > 0) throw new DmnValidationError(found);
  return Object.freeze({
    id: definitionsId ?? '',
    name: text(root, 'name') ?? definitionsId ?? '',
    namespace: text(root, 'namespace') ?? null,
    decisions,
  });
}

function compileDecision(node: DmnNode, problems: DmnProblems, itemTypes: ItemTypes): DecisionDef | undefined {
  const id = text(node, 'id');
  if (!id) {
    problems.add(null, 'every decision to have an id', `decision '${text(node, 'name') ?? '?'}' has none`);
    return undefined;
  }
  const requiredDecisions = children(node, 'informationRequirement')
    .map((r) => text(child(r, 'requiredDecision'), 'href'))
    .filter((href): href is string => href !== undefined)
    .map((href) => href.replace(/^.*#/, ''));
  const logicNode = child(node, 'decisionLogic');
  let logic: DecisionDef['logic'] | undefined;
  if (logicNode?.$type === 'dmn:DecisionTable') {
    logic = compileDecisionTable(id, logicNode, problems, itemTypes);
  } else if (logicNode?.$type === 'dmn:LiteralExpression') {
    const source = text(logicNode, 'text') ?? '';
    const error = source.trim() === '' ? 'it is empty' : expressionSyntaxError(source.trim());
    if (error) problems.add(id, `a valid FEEL literal expression in decision '${id}'`, error);
    const variable = child(node, 'variable');
    const typeRef = text(variable, 'typeRef') ?? text(logicNode, 'typeRef') ?? null;
    logic = {
      kind: 'literalExpression',
      expression: compileExpression(source),
      variableName: text(variable, 'name') ?? null,
      typeRef,
      itemType: itemTypeOf(typeRef, itemTypes),
    };
  } else {
    const what = logicNode ? `it is a ${logicNode.$type.replace('dmn:', '')}` : 'it has no decision logic';
    problems.add(id, `decision '${id}' to be a decision table or a literal expression`, what);
  }
  if (!logic) return undefined;
  const resultName = text(child(node, 'variable'), 'name') ?? null;
  return Object.freeze({ id, name: text(node, 'name') ?? id, versionTag: versionTag(node), resultName, requiredDecisions, logic });
}

/** `<extensionElements><zeebe:versionTag value="…"/></extensionElements>` (read generically). */
function versionTag(node: DmnNode): string | null {
  for (const extension of children(child(node, 'extensionElements'), 'values')) {
    if (/(^|:)versionTag$/.test(extension.$type)) {
      const value = text(extension, 'value') ?? text(child(extension, '$attrs') as DmnNode | undefined, 'value');
      if (value) return value;
    }
  }
  return null;
}

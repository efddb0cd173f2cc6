import type { ProcessGraph } from '../graph';
import type { ProblemList } from '../problems';
import type { ValidationFacts } from '../compile/drafts';
import { checkElement } from './element-rules';
import { expressionsOf, feelSyntaxError, flowExpressionsOf, type LabelledExpression } from './feel-syntax';
import { checkFlows } from './flow-rules';
import { label } from './labels';
import { checkScope } from './scope-rules';
import { checkTransaction } from './transaction-rules';
import { checkFeatures, type ModelFeature } from './unsupported-features';

/**
 * Checks a compiled graph against every rule the interpreter relies on, adding each problem
 * found (it never stops at the first).
 */
export function validateGraph(
  graph: ProcessGraph,
  facts: ValidationFacts,
  unsupported: ReadonlySet<ModelFeature>,
  problems: ProblemList,
): void {
  for (const element of graph.elements.values()) {
    if (element.type === 'process' || element.type === 'subProcess') checkScope(element, graph, problems);
    if (element.subProcessKind === 'transaction') checkTransaction(element, graph, problems);
    checkElement(element, graph, facts, problems);
    checkFlows(element, graph, problems);
    checkFeatures(element, unsupported, problems);
    for (const expression of expressionsOf(element))
      checkFeel(element.id, label(element), expression, problems);
  }
  for (const flow of graph.flows.values()) {
    for (const expression of flowExpressionsOf(flow))
      checkFeel(flow.id, `sequence flow '${flow.id}'`, expression, problems);
  }
}

function checkFeel(
  elementId: string,
  owner: string,
  { label: what, expression }: LabelledExpression,
  problems: ProblemList,
): void {
  if (expression.kind !== 'feel') return;
  const error = feelSyntaxError(expression.source);
  if (error) {
    problems.add(
      elementId,
      `a valid FEEL expression as the ${what} of ${owner}`,
      `'=${expression.source.length > 80 ? `${expression.source.slice(0, 80)}…` : expression.source}' does not parse: ${error}`,
    );
  }
}

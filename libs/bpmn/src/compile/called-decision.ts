/** `zeebe:calledDecision` of a business-rule task: the engine evaluates the decision itself. */
import type { CalledDecisionDef } from '../graph';
import { extension, str, type ModdleNode } from '../moddle/moddle-node';
import type { ProblemList } from '../problems';
import { toExpression } from './expressions';

const BINDING_TYPES = ['latest', 'deployment', 'versionTag'] as const;

/**
 * Reads `decisionId`, `resultVariable`, `bindingType` (default `latest`) and `versionTag`. A
 * missing id or result variable, an unknown binding type and `versionTag` binding without a
 * tag are reported. Whether the decision exists is not checked: as in Camunda 8, a missing
 * decision is an incident when the task is reached, not a refused deployment.
 */
export function calledDecision(node: ModdleNode, problems: ProblemList): CalledDecisionDef | undefined {
  const definition = extension(node, 'zeebe:CalledDecision');
  if (!definition) return undefined;
  const id = node.id ?? null;
  const decisionId = str(definition, 'decisionId')?.trim() ?? '';
  const resultVariable = str(definition, 'resultVariable')?.trim() ?? '';
  const missing = [decisionId ? '' : 'decisionId', resultVariable ? '' : 'resultVariable'].filter(Boolean);
  if (missing.length > 0) {
    problems.add(id, 'a zeebe:calledDecision with a decisionId and a resultVariable', `business rule task '${id}' has no ${missing.join(' and no ')}`);
  }
  const rawBinding = (str(definition, 'bindingType') ?? 'latest').trim();
  const bindingType = BINDING_TYPES.find((b) => b === rawBinding);
  if (!bindingType) {
    problems.add(id, `a zeebe:calledDecision bindingType of ${BINDING_TYPES.join(', ')}`, `business rule task '${id}' has '${rawBinding}'`);
  }
  const versionTag = str(definition, 'versionTag')?.trim();
  if (bindingType === 'versionTag' && !versionTag) {
    problems.add(id, 'a versionTag with the bindingType versionTag', `business rule task '${id}' has none`);
  }
  return Object.freeze({
    decisionId: toExpression(decisionId),
    resultVariable,
    bindingType: bindingType ?? 'latest',
    ...(versionTag ? { versionTag } : {}),
  });
}

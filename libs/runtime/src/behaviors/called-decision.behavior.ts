/**
 * Business-rule tasks with `zeebe:calledDecision`: the engine evaluates the decision inside the
 * command, as Camunda 8 does (no job). The decision id is evaluated, the binding resolved through
 * the host's {@link DecisionLookup}, the decision evaluated with the visible variables, and its
 * output stored in `resultVariable`. A missing decision raises `CALLED_DECISION_ERROR`, a failed
 * evaluation `DECISION_EVALUATION_ERROR`; resolving either evaluates again.
 */
import type { CalledDecisionDef, ElementDef } from '@osprey/bpmn';
import { evaluateDecision, type DecisionEvaluation, type DecisionVariables } from '@osprey/dmn';
import { decisionFeel } from '../decisions/decision-feel';
import type { DeployedDecision } from '../decisions/decision-lookup';
import { evaluateString } from '../feel/typed-values';
import type { Processing } from '../processing/processing';
import type { EvaluatedDecisionValue } from '../records';
import type { ElementInstance } from '../state';
import { raiseIncident } from './incident.behavior';
import { completeElement } from './lifecycle.behavior';
import { recordBase } from './records';
import { applyResultVariables, contextAt } from './variables.behavior';

/** Evaluates the called decision of `el` and completes it, or raises an incident. */
export function evaluateCalledDecision(p: Processing, el: ElementInstance, def: ElementDef, called: CalledDecisionDef): void {
  const vars = contextAt(p, el.key);
  const id = evaluateString(called.decisionId, vars, p.now);
  if (!id.ok) return raiseIncident(p, el, 'EXTRACT_VALUE_ERROR', id.message, 'activate');
  const binding = { decisionId: id.value, bindingType: called.bindingType, ...(called.versionTag ? { versionTag: called.versionTag } : {}) };
  const decision = p.ctx.decisions?.find(binding);
  if (!decision) return raiseIncident(p, el, 'CALLED_DECISION_ERROR', missingDecision(binding), 'activate');

  const result = evaluateDecision(decision.requirements, decision.decisionId, vars.toObject() as DecisionVariables, decisionFeel(p.now));
  writeEvaluation(p, el, decision, result);
  if (!result.ok) {
    const message = `Expected to evaluate decision '${decision.decisionId}', but failed to evaluate decision '${result.failedDecisionId}': ${result.failureMessage}`;
    return raiseIncident(p, el, 'DECISION_EVALUATION_ERROR', message, 'activate');
  }
  applyResultVariables(p, el, def, { [called.resultVariable]: result.output });
  completeElement(p, el.key);
}

function missingDecision(binding: { decisionId: string; bindingType: string; versionTag?: string }): string {
  const which =
    binding.bindingType === 'versionTag'
      ? ` with version tag '${binding.versionTag}'`
      : binding.bindingType === 'deployment'
        ? ' in the deployment of this process'
        : '';
  return `Expected to evaluate decision '${binding.decisionId}'${which}, but no decision found for id '${binding.decisionId}'`;
}

/** The DECISION_EVALUATION record: every decision evaluated, for history and the monitor. */
function writeEvaluation(p: Processing, el: ElementInstance, decision: DeployedDecision, result: DecisionEvaluation): void {
  const s = p.state;
  const evaluatedDecisions: EvaluatedDecisionValue[] = result.evaluatedDecisions.map((d) => {
    const sibling = decision.siblings.get(d.decisionId);
    return {
      decisionKey: sibling?.decisionDefinitionKey ?? decision.decisionDefinitionKey,
      decisionId: d.decisionId,
      decisionName: d.decisionName,
      decisionVersion: sibling?.version ?? decision.version,
      decisionType: d.decisionType,
      decisionOutput: d.output,
      evaluatedInputs: d.evaluatedInputs,
      matchedRules: d.matchedRules,
    };
  });
  p.write({
    valueType: 'DECISION_EVALUATION',
    intent: result.ok ? 'EVALUATED' : 'FAILED',
    ...recordBase(p, p.nextKey()),
    value: {
      decisionKey: decision.decisionDefinitionKey,
      decisionId: decision.decisionId,
      decisionVersion: decision.version,
      decisionRequirementsKey: decision.decisionRequirementsKey,
      decisionRequirementsId: decision.decisionRequirementsId,
      ...(result.ok ? { decisionOutput: result.output } : failure(decision, result.failedDecisionId, result.failureMessage)),
      evaluatedDecisions,
      elementId: el.elementId,
      elementInstanceKey: el.key,
      bpmnProcessId: s.bpmnProcessId,
      processDefinitionKey: s.processDefinitionKey,
      tenantId: s.tenantId,
    },
  });
}

function failure(decision: DeployedDecision, failedDecisionId: string, message: string) {
  const failed = decision.siblings.get(failedDecisionId);
  return {
    failedDecisionId,
    ...(failed ? { failedDecisionKey: failed.decisionDefinitionKey, failedDecisionVersion: failed.version } : {}),
    evaluationFailureMessage: message,
  };
}

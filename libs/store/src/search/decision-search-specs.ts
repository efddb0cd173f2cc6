import type { SearchSpec } from './search-query';

/** Field lists of the decision entities, in Camunda 8's names. */

export const DECISION_DEFINITION: SearchSpec = {
  from: 'decision_definition d',
  defaultSort: 'd.key ASC',
  fields: {
    decisionDefinitionKey: { column: 'd.key', type: 'key' },
    decisionDefinitionId: { column: 'd.decision_id', type: 'text' },
    name: { column: 'd.name', type: 'text' },
    version: { column: 'd.version', type: 'int' },
    versionTag: { column: 'd.version_tag', type: 'text' },
    decisionRequirementsKey: { column: 'd.decision_requirements_key', type: 'key' },
    decisionRequirementsId: { column: 'd.decision_requirements_id', type: 'text' },
    tenantId: { column: 'd.tenant_id', type: 'text' },
  },
};

export const DECISION_REQUIREMENTS: SearchSpec = {
  from: 'decision_requirements r',
  defaultSort: 'r.key ASC',
  fields: {
    decisionRequirementsKey: { column: 'r.key', type: 'key' },
    decisionRequirementsId: { column: 'r.decision_requirements_id', type: 'text' },
    decisionRequirementsName: { column: 'r.name', type: 'text' },
    version: { column: 'r.version', type: 'int' },
    resourceName: { column: 'r.resource_name', type: 'text' },
    tenantId: { column: 'r.tenant_id', type: 'text' },
  },
};

const INSTANCE_FIELDS: SearchSpec['fields'] = {
  decisionEvaluationInstanceKey: { column: `(i.decision_evaluation_key::text || '-' || i.evaluation_index)`, type: 'text' },
  decisionEvaluationKey: { column: 'i.decision_evaluation_key', type: 'key' },
  state: { column: 'i.state', type: 'text' },
  evaluationDate: { column: 'i.evaluation_date', type: 'date' },
  evaluationFailure: { column: 'i.evaluation_failure', type: 'text' },
  decisionDefinitionKey: { column: 'i.decision_definition_key', type: 'key' },
  decisionDefinitionId: { column: 'i.decision_id', type: 'text' },
  decisionDefinitionName: { column: 'i.decision_name', type: 'text' },
  decisionDefinitionVersion: { column: 'i.decision_version', type: 'int' },
  decisionDefinitionType: { column: 'i.decision_type', type: 'text' },
  decisionRequirementsKey: { column: 'i.decision_requirements_key', type: 'key' },
  rootDecisionDefinitionKey: { column: 'i.root_decision_definition_key', type: 'key' },
  // Camunda sends the output as JSON text.
  result: { column: `(i.result::text)`, type: 'json' },
  processDefinitionKey: { column: 'i.process_definition_key', type: 'key' },
  processInstanceKey: { column: 'i.process_instance_key', type: 'key' },
  elementInstanceKey: { column: 'i.element_instance_key', type: 'key' },
  elementId: { column: 'i.element_id', type: 'text' },
  tenantId: { column: 'i.tenant_id', type: 'text' },
};

export const DECISION_INSTANCE: SearchSpec = {
  from: 'decision_instance i',
  defaultSort: 'i.decision_evaluation_key ASC, i.evaluation_index ASC',
  fields: INSTANCE_FIELDS,
};

/** One decision instance with its inputs and matched rules (`GET /v2/decision-instances/{key}`). */
export const DECISION_INSTANCE_DETAIL: SearchSpec = {
  ...DECISION_INSTANCE,
  fields: { ...INSTANCE_FIELDS, evaluatedInputs: { column: 'i.evaluated_inputs', type: 'json' }, matchedRules: { column: 'i.matched_rules', type: 'json' } },
};

import { Type, type Static } from '@sinclair/typebox';
import { Key } from '../json';
import { TenantId, VariablesParam } from './common';

/** A value (an output, an input) written as JSON text, as Camunda 8 returns decision values. */
const JsonText = Type.String({ description: 'A JSON value as text' });
const DecisionType = Type.Union([Type.Literal('DECISION_TABLE'), Type.Literal('LITERAL_EXPRESSION')]);

/** `POST /v2/decision-definitions/evaluation`: by id (the tenant's latest version) or by key, not both. */
export const EvaluateDecisionRequest = Type.Object({
  decisionDefinitionId: Type.Optional(Type.String({ minLength: 1 })),
  decisionDefinitionKey: Type.Optional(Key),
  variables: Type.Optional(VariablesParam),
  tenantId: Type.Optional(TenantId),
});
export type EvaluateDecisionRequest = Static<typeof EvaluateDecisionRequest>;

/** An input of a decision table as it was evaluated. */
export const EvaluatedDecisionInput = Type.Object({ inputId: Type.String(), inputName: Type.String(), inputValue: JsonText });

/** A rule that matched, with the outputs it gave. */
export const MatchedDecisionRule = Type.Object({
  ruleId: Type.String(),
  ruleIndex: Type.Integer({ description: '1-based position of the rule in its table' }),
  evaluatedOutputs: Type.Array(Type.Object({ outputId: Type.String(), outputName: Type.String(), outputValue: JsonText })),
});

/** One decision of an evaluation: the one asked for and each it required. */
export const EvaluatedDecision = Type.Object({
  decisionDefinitionId: Type.String(),
  decisionDefinitionKey: Key,
  decisionDefinitionName: Type.String(),
  decisionDefinitionVersion: Type.Integer(),
  decisionDefinitionType: DecisionType,
  decisionEvaluationInstanceKey: Type.String(),
  output: JsonText,
  tenantId: Type.String(),
  evaluatedInputs: Type.Array(EvaluatedDecisionInput),
  matchedRules: Type.Array(MatchedDecisionRule),
});
export type EvaluatedDecision = Static<typeof EvaluatedDecision>;

/** The output, or the decision that failed and why (`failedDecisionDefinitionId`, `failureMessage`; both `''` on success). */
export const EvaluateDecisionResponse = Type.Object({
  decisionDefinitionId: Type.String(),
  decisionDefinitionKey: Key,
  decisionDefinitionName: Type.String(),
  decisionDefinitionVersion: Type.Integer(),
  decisionRequirementsId: Type.String(),
  decisionRequirementsKey: Key,
  output: JsonText,
  failedDecisionDefinitionId: Type.String(),
  failureMessage: Type.String(),
  tenantId: Type.String(),
  decisionEvaluationKey: Key,
  /** Camunda 8.8 deprecated it; the same as `decisionEvaluationKey`. */
  decisionInstanceKey: Type.String({ ...Key, deprecated: true }),
  evaluatedDecisions: Type.Array(EvaluatedDecision),
});
export type EvaluateDecisionResponse = Static<typeof EvaluateDecisionResponse>;

/** `POST /v2/osprey/decision-evaluation`: a decision of a DMN file that is not deployed (the modeler's "try it"). */
export const DecisionTrialRequest = Type.Object({
  xml: Type.String({ minLength: 1, description: 'the DMN XML as a string' }),
  decisionId: Type.String({ minLength: 1 }),
  variables: Type.Optional(VariablesParam),
});
export type DecisionTrialRequest = Static<typeof DecisionTrialRequest>;

/** What a trial evaluation gave; nothing is stored, so it has no keys. */
export const DecisionTrialResponse = Type.Object({
  decisionDefinitionId: Type.String(),
  output: JsonText,
  failedDecisionDefinitionId: Type.String(),
  failureMessage: Type.String(),
  evaluatedDecisions: Type.Array(EvaluatedDecision),
});
export type DecisionTrialResponse = Static<typeof DecisionTrialResponse>;

/** A deployed decision, as search and `GET /v2/decision-definitions/{key}` return it; only `versionTag` may be absent. */
export const DecisionDefinition = Type.Object({
  decisionDefinitionKey: Key,
  decisionDefinitionId: Type.String(),
  name: Type.String(),
  version: Type.Integer(),
  versionTag: Type.Optional(Type.String()),
  decisionRequirementsKey: Key,
  decisionRequirementsId: Type.String(),
  tenantId: Type.String(),
});
export type DecisionDefinition = Static<typeof DecisionDefinition>;

/** A deployed requirements graph (one per `.dmn` file); every field is a NOT NULL column. */
export const DecisionRequirements = Type.Object({
  decisionRequirementsKey: Key,
  decisionRequirementsId: Type.String(),
  decisionRequirementsName: Type.String(),
  version: Type.Integer(),
  resourceName: Type.String(),
  tenantId: Type.String(),
});
export type DecisionRequirements = Static<typeof DecisionRequirements>;

const decisionInstanceFields = {
  decisionEvaluationInstanceKey: Type.String({ example: '2251799813685249-1', description: '<decisionEvaluationKey>-<index of the decision in its evaluation>' }),
  decisionEvaluationKey: Key,
  state: Type.Union([Type.Literal('EVALUATED'), Type.Literal('FAILED')]),
  evaluationDate: Type.String({ format: 'date-time' }),
  evaluationFailure: Type.Optional(Type.String()),
  decisionDefinitionKey: Key,
  decisionDefinitionId: Type.String(),
  decisionDefinitionName: Type.String(),
  decisionDefinitionVersion: Type.Integer(),
  decisionDefinitionType: DecisionType,
  decisionRequirementsKey: Key,
  rootDecisionDefinitionKey: Key,
  result: Type.Optional(JsonText),
  processDefinitionKey: Type.Optional(Key),
  processInstanceKey: Type.Optional(Key),
  elementInstanceKey: Type.Optional(Key),
  elementId: Type.Optional(Type.String()),
  tenantId: Type.String(),
};

/**
 * A decision evaluated, by a business-rule task or directly, as search returns it. The fields of
 * a business-rule task's instance are absent for a direct evaluation, as are a success's
 * `evaluationFailure` and a failure's `result`.
 */
export const DecisionInstance = Type.Object(decisionInstanceFields);
export type DecisionInstance = Static<typeof DecisionInstance>;

/** `GET /v2/decision-instances/{key}`: the instance with its evaluated inputs and matched rules. */
export const DecisionInstanceDetail = Type.Object({
  ...decisionInstanceFields,
  evaluatedInputs: Type.Array(EvaluatedDecisionInput),
  matchedRules: Type.Array(MatchedDecisionRule),
});
export type DecisionInstanceDetail = Static<typeof DecisionInstanceDetail>;

/** `decisionEvaluationInstanceKey` in a path: `<evaluation key>` or `<evaluation key>-<index>`. */
export const DecisionEvaluationInstanceKeyParam = Type.String({ pattern: '^\\d{1,19}(-\\d{1,6})?$' });

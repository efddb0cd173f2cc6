import { Type } from '@sinclair/typebox';
import type { RouteContract } from './route-contract';
import { searchRoute } from './search';
import {
  DecisionDefinition,
  DecisionEvaluationInstanceKeyParam,
  DecisionInstance,
  DecisionInstanceDetail,
  DecisionRequirements,
  DecisionTrialRequest,
  DecisionTrialResponse,
  EvaluateDecisionRequest,
  EvaluateDecisionResponse,
} from './decisions';

const tag = 'Decision';
const dmnXml = Type.String({ description: 'the DMN XML' });

export const EVALUATE_DECISION: RouteContract = {
  method: 'post',
  path: '/v2/decision-definitions/evaluation',
  tag,
  summary: 'Evaluate a decision (by id: its latest version in the tenant; or by key), stored as decision instances',
  body: EvaluateDecisionRequest,
  response: EvaluateDecisionResponse,
};
export const TRY_DECISION: RouteContract = {
  method: 'post',
  path: '/v2/osprey/decision-evaluation',
  tag,
  summary: 'Osprey: evaluate a decision of a DMN file that is not deployed (nothing is stored); 400 lists every problem of the file',
  body: DecisionTrialRequest,
  response: DecisionTrialResponse,
};
export const SEARCH_DECISION_DEFINITIONS = searchRoute('/v2/decision-definitions/search', tag, 'Search decision definitions', DecisionDefinition);
export const GET_DECISION_DEFINITION: RouteContract = { method: 'get', path: '/v2/decision-definitions/{decisionDefinitionKey}', tag, summary: 'Get a decision definition', response: DecisionDefinition };
export const GET_DECISION_DEFINITION_XML: RouteContract = {
  method: 'get',
  path: '/v2/decision-definitions/{decisionDefinitionKey}/xml',
  tag,
  summary: 'Get the DMN XML a decision definition belongs to',
  response: dmnXml,
  produces: 'text/xml',
};
export const SEARCH_DECISION_REQUIREMENTS = searchRoute('/v2/decision-requirements/search', tag, 'Search decision requirements', DecisionRequirements);
export const GET_DECISION_REQUIREMENTS: RouteContract = { method: 'get', path: '/v2/decision-requirements/{decisionRequirementsKey}', tag, summary: 'Get decision requirements', response: DecisionRequirements };
export const GET_DECISION_REQUIREMENTS_XML: RouteContract = {
  method: 'get',
  path: '/v2/decision-requirements/{decisionRequirementsKey}/xml',
  tag,
  summary: 'Get the DMN XML of decision requirements',
  response: dmnXml,
  produces: 'text/xml',
};
export const SEARCH_DECISION_INSTANCES = searchRoute('/v2/decision-instances/search', tag, 'Search decision instances', DecisionInstance);
export const GET_DECISION_INSTANCE: RouteContract = {
  method: 'get',
  path: '/v2/decision-instances/{decisionEvaluationInstanceKey}',
  tag,
  summary: 'Get a decision instance with its evaluated inputs and matched rules',
  params: { decisionEvaluationInstanceKey: DecisionEvaluationInstanceKeyParam },
  response: DecisionInstanceDetail,
};

/** The DMN decision routes: evaluation, the deployed definitions and requirements, and the instances evaluations leave. */
export const DECISION_ROUTES: readonly RouteContract[] = [
  EVALUATE_DECISION,
  TRY_DECISION,
  SEARCH_DECISION_DEFINITIONS,
  GET_DECISION_DEFINITION,
  GET_DECISION_DEFINITION_XML,
  SEARCH_DECISION_REQUIREMENTS,
  GET_DECISION_REQUIREMENTS,
  GET_DECISION_REQUIREMENTS_XML,
  SEARCH_DECISION_INSTANCES,
  GET_DECISION_INSTANCE,
];

import { Type } from '@sinclair/typebox';
import type { RouteContract } from './route-contract';
import { SearchPage, SearchRequest } from './search';
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

/** The DMN decision routes: evaluation, the deployed definitions and requirements, and the instances evaluations leave. */
export const DECISION_ROUTES: readonly RouteContract[] = [
  {
    method: 'post',
    path: '/v2/decision-definitions/evaluation',
    tag,
    summary: 'Evaluate a decision (by id: its latest version in the tenant; or by key), stored as decision instances',
    body: EvaluateDecisionRequest,
    response: EvaluateDecisionResponse,
  },
  {
    method: 'post',
    path: '/v2/osprey/decision-evaluation',
    tag,
    summary: 'Osprey: evaluate a decision of a DMN file that is not deployed (nothing is stored); 400 lists every problem of the file',
    body: DecisionTrialRequest,
    response: DecisionTrialResponse,
  },
  { method: 'post', path: '/v2/decision-definitions/search', tag, summary: 'Search decision definitions', body: SearchRequest, bodyRequired: false, response: SearchPage(DecisionDefinition) },
  { method: 'get', path: '/v2/decision-definitions/{decisionDefinitionKey}', tag, summary: 'Get a decision definition', response: DecisionDefinition },
  { method: 'get', path: '/v2/decision-definitions/{decisionDefinitionKey}/xml', tag, summary: 'Get the DMN XML a decision definition belongs to', response: dmnXml, produces: 'text/xml' },
  { method: 'post', path: '/v2/decision-requirements/search', tag, summary: 'Search decision requirements', body: SearchRequest, bodyRequired: false, response: SearchPage(DecisionRequirements) },
  { method: 'get', path: '/v2/decision-requirements/{decisionRequirementsKey}', tag, summary: 'Get decision requirements', response: DecisionRequirements },
  { method: 'get', path: '/v2/decision-requirements/{decisionRequirementsKey}/xml', tag, summary: 'Get the DMN XML of decision requirements', response: dmnXml, produces: 'text/xml' },
  { method: 'post', path: '/v2/decision-instances/search', tag, summary: 'Search decision instances', body: SearchRequest, bodyRequired: false, response: SearchPage(DecisionInstance) },
  {
    method: 'get',
    path: '/v2/decision-instances/{decisionEvaluationInstanceKey}',
    tag,
    summary: 'Get a decision instance with its evaluated inputs and matched rules',
    params: { decisionEvaluationInstanceKey: DecisionEvaluationInstanceKeyParam },
    response: DecisionInstanceDetail,
  },
];

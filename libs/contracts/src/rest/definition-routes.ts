import { Type } from '@sinclair/typebox';
import type { RouteContract } from './route-contract';
import { searchRoute } from './search';
import { DeploymentRequest, DeploymentResponse, ProcessDefinition } from './definitions';
import { Incident } from './incidents';
import { OperationReferenceBody } from './common';

export const DEPLOY_RESOURCES: RouteContract = {
  method: 'post',
  path: '/v2/deployments',
  tag: 'Deployment',
  summary: 'Deploy BPMN processes, DMN decisions and forms',
  body: DeploymentRequest,
  consumes: 'multipart/form-data',
  response: DeploymentResponse,
};
export const SEARCH_PROCESS_DEFINITIONS = searchRoute('/v2/process-definitions/search', 'Process definition', 'Search process definitions', ProcessDefinition);
export const GET_PROCESS_DEFINITION: RouteContract = {
  method: 'get',
  path: '/v2/process-definitions/{processDefinitionKey}',
  tag: 'Process definition',
  summary: 'Get a process definition',
  response: ProcessDefinition,
};
export const GET_PROCESS_DEFINITION_XML: RouteContract = {
  method: 'get',
  path: '/v2/process-definitions/{processDefinitionKey}/xml',
  tag: 'Process definition',
  summary: 'Get the BPMN XML of a process definition',
  response: Type.String({ description: 'the BPMN XML' }),
  produces: 'text/xml',
};
export const SEARCH_INCIDENTS = searchRoute('/v2/incidents/search', 'Incident', 'Search incidents', Incident);
export const GET_INCIDENT: RouteContract = { method: 'get', path: '/v2/incidents/{incidentKey}', tag: 'Incident', summary: 'Get an incident', response: Incident };
export const RESOLVE_INCIDENT: RouteContract = { method: 'post', path: '/v2/incidents/{incidentKey}/resolution', tag: 'Incident', summary: 'Resolve an incident (retry the failed step)', body: OperationReferenceBody, bodyRequired: false };

/** Deployments, the process definitions they create, and the incidents instances raise. */
export const DEFINITION_ROUTES: readonly RouteContract[] = [
  DEPLOY_RESOURCES,
  SEARCH_PROCESS_DEFINITIONS,
  GET_PROCESS_DEFINITION,
  GET_PROCESS_DEFINITION_XML,
  SEARCH_INCIDENTS,
  GET_INCIDENT,
  RESOLVE_INCIDENT,
];

import { Type } from '@sinclair/typebox';
import type { RouteContract } from './route-contract';
import { SearchPage, SearchRequest } from './search';
import { DeploymentRequest, DeploymentResponse, ProcessDefinition } from './definitions';
import { Incident } from './incidents';

/** Deployments, the process definitions they create, and the incidents instances raise. */
export const DEFINITION_ROUTES: readonly RouteContract[] = [
  {
    method: 'post',
    path: '/v2/deployments',
    tag: 'Deployment',
    summary: 'Deploy BPMN processes, DMN decisions and forms',
    body: DeploymentRequest,
    consumes: 'multipart/form-data',
    response: DeploymentResponse,
  },
  {
    method: 'post',
    path: '/v2/process-definitions/search',
    tag: 'Process definition',
    summary: 'Search process definitions',
    body: SearchRequest,
    bodyRequired: false,
    response: SearchPage(ProcessDefinition),
  },
  { method: 'get', path: '/v2/process-definitions/{processDefinitionKey}', tag: 'Process definition', summary: 'Get a process definition', response: ProcessDefinition },
  {
    method: 'get',
    path: '/v2/process-definitions/{processDefinitionKey}/xml',
    tag: 'Process definition',
    summary: 'Get the BPMN XML of a process definition',
    response: Type.String({ description: 'the BPMN XML' }),
    produces: 'text/xml',
  },
  { method: 'post', path: '/v2/incidents/search', tag: 'Incident', summary: 'Search incidents', body: SearchRequest, bodyRequired: false, response: SearchPage(Incident) },
  { method: 'get', path: '/v2/incidents/{incidentKey}', tag: 'Incident', summary: 'Get an incident', response: Incident },
  { method: 'post', path: '/v2/incidents/{incidentKey}/resolution', tag: 'Incident', summary: 'Resolve an incident (retry the failed step)' },
];

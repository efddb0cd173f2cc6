import type { RouteContract } from './route-contract';
import { DECISION_ROUTES } from './decision-routes';
import { USER_TASK_ROUTES } from './user-tasks';
import { ELEMENT_INSTANCE_ROUTES } from './element-instances';
import { INSTANCE_CHANGE_ROUTES } from './instance-changes';
import { IDENTITY_ROUTES } from './identity';
import { GET_TOPOLOGY } from './cluster';
import { RECEIVE_WEBHOOK } from './webhooks';
import { DEFINITION_ROUTES } from './definition-routes';
import { AUDIT_ROUTES } from './audit';
import { DRAFT_ROUTES } from './drafts';
import { MONITOR_ROUTES } from './monitor';
import { ActivateJobsRequest, ActivateJobsResponse, CompleteJobRequest, FailJobRequest, Job, ThrowJobErrorRequest, UpdateJobRequest } from './jobs';
import { BroadcastSignalRequest, BroadcastSignalResponse, CorrelateMessageRequest, CorrelateMessageResponse, PublishMessageRequest, PublishMessageResponse } from './messages';
import { CreateProcessInstanceRequest, CreateProcessInstanceResponse, ProcessInstance } from './process-instances';
import { SearchPage, SearchRequest, searchRoute } from './search';

/**
 * Every `/v2` route (ADR 0019): the engine's controllers bind each handler to its entry, read its
 * body with its schema, and the OpenAPI document is generated from this table.
 */
export const ROUTE_CONTRACTS: readonly RouteContract[] = [
  {
    method: 'post',
    path: '/v2/process-instances',
    tag: 'Process instance',
    summary: 'Start a process instance',
    body: CreateProcessInstanceRequest,
    response: CreateProcessInstanceResponse,
    extraProblems: [504],
  },
  { method: 'post', path: '/v2/process-instances/search', tag: 'Process instance', summary: 'Search process instances', body: SearchRequest, bodyRequired: false, response: SearchPage(ProcessInstance) },
  { method: 'get', path: '/v2/process-instances/{processInstanceKey}', tag: 'Process instance', summary: 'Get a process instance', response: ProcessInstance },
  { method: 'post', path: '/v2/process-instances/{processInstanceKey}/cancellation', tag: 'Process instance', summary: 'Cancel a process instance' },
  { method: 'post', path: '/v2/jobs/activation', tag: 'Job', summary: 'Activate jobs (long-poll)', body: ActivateJobsRequest, response: ActivateJobsResponse },
  searchRoute('/v2/jobs/search', 'Job', 'Search jobs', Job),
  { method: 'post', path: '/v2/jobs/{jobKey}/completion', tag: 'Job', summary: 'Complete a job', body: CompleteJobRequest, bodyRequired: false },
  { method: 'post', path: '/v2/jobs/{jobKey}/failure', tag: 'Job', summary: 'Fail a job', body: FailJobRequest, bodyRequired: false },
  { method: 'post', path: '/v2/jobs/{jobKey}/error', tag: 'Job', summary: 'Throw a BPMN error for a job', body: ThrowJobErrorRequest },
  { method: 'patch', path: '/v2/jobs/{jobKey}', tag: 'Job', summary: 'Update retries or extend the lease', body: UpdateJobRequest },
  {
    method: 'post',
    path: '/v2/messages/publication',
    tag: 'Message',
    summary: 'Publish a message (buffered for its time-to-live)',
    body: PublishMessageRequest,
    response: PublishMessageResponse,
  },
  {
    method: 'post',
    path: '/v2/messages/correlation',
    tag: 'Message',
    summary: 'Correlate a message to exactly one receiver',
    body: CorrelateMessageRequest,
    response: CorrelateMessageResponse,
  },
  { method: 'post', path: '/v2/signals/broadcast', tag: 'Signal', summary: 'Broadcast a signal', body: BroadcastSignalRequest, response: BroadcastSignalResponse },
  ...DECISION_ROUTES,
  ...USER_TASK_ROUTES,
  ...ELEMENT_INSTANCE_ROUTES,
  ...INSTANCE_CHANGE_ROUTES,
  ...IDENTITY_ROUTES,
  GET_TOPOLOGY,
  RECEIVE_WEBHOOK,
  ...DEFINITION_ROUTES,
  ...AUDIT_ROUTES,
  ...DRAFT_ROUTES,
  ...MONITOR_ROUTES,
];

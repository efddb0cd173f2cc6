import type { TSchema } from '@sinclair/typebox';
import { ActivateJobsRequest, ActivateJobsResponse, CompleteJobRequest, FailJobRequest, ThrowJobErrorRequest, UpdateJobRequest } from './jobs';
import { BroadcastSignalRequest, BroadcastSignalResponse, CorrelateMessageRequest, CorrelateMessageResponse, PublishMessageRequest, PublishMessageResponse } from './messages';
import { CreateProcessInstanceRequest, CreateProcessInstanceResponse } from './process-instances';

/**
 * One REST route as its contract states it: what it takes and what it answers. The engine's
 * controllers read bodies with these schemas and the OpenAPI document is generated from this
 * table, so a route's contract is written once.
 */
export interface RouteContract {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path, keys in braces: `/v2/jobs/{jobKey}/completion`. */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly body?: TSchema;
  /** False when a client may send no body at all. @default true */
  readonly bodyRequired?: boolean;
  /** The 200 answer; absent for routes answering 204. */
  readonly response?: TSchema;
  /** Problem statuses beyond those every route may answer. */
  readonly extraProblems?: readonly number[];
}

/** The routes whose contracts live here (ADR 0019); the rest are still described by hand. */
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
  { method: 'post', path: '/v2/jobs/activation', tag: 'Job', summary: 'Activate jobs (long-poll)', body: ActivateJobsRequest, response: ActivateJobsResponse },
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
];

/**
 * A schema as OpenAPI 3.0 writes it: `const` becomes a one-value `enum`, and TypeBox's own
 * markers are left out. Plain JSON: the result can be served as it is.
 */
export function openApiSchema(schema: TSchema): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema), (key, value: unknown) => {
    if (key === 'discriminator') return undefined;
    if (value && typeof value === 'object' && !Array.isArray(value) && 'const' in value) {
      const { const: only, ...rest } = value as Record<string, unknown>;
      return { ...rest, enum: [only] };
    }
    return value;
  }) as Record<string, unknown>;
}

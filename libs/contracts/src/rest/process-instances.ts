import { Type, type Static } from '@sinclair/typebox';
import { Key, Variables } from '../json';
import { Int32, Int64, KeyParam, Names, OperationReferenceBody, TenantId, VariablesParam } from './common';
import type { RouteContract } from './route-contract';
import { searchRoute } from './search';

/** `POST /v2/process-instances`: by `processDefinitionId` (and version) or `processDefinitionKey`. */
export const CreateProcessInstanceRequest = Type.Object({
  processDefinitionId: Type.Optional(Type.String()),
  /** -1 or absent: the latest version. */
  processDefinitionVersion: Type.Optional(Int32({ minimum: -1 })),
  processDefinitionKey: Type.Optional(KeyParam),
  variables: Type.Optional(VariablesParam),
  tenantId: Type.Optional(TenantId),
  /** Idempotency key: a retried start returns the first instance. */
  operationReference: Type.Optional(Type.Union([Type.String(), Type.Number()], { description: 'a string or number' })),
  awaitCompletion: Type.Optional(Type.Boolean()),
  /** How long `awaitCompletion` waits, in ms (0 = 10 s, at most 300 s). */
  requestTimeout: Type.Optional(Int64({ minimum: 0 })),
  fetchVariables: Type.Optional(Names),
});
export type CreateProcessInstanceRequest = Static<typeof CreateProcessInstanceRequest>;

/** `POST /v2/process-instances` answer. */
export const CreateProcessInstanceResponse = Type.Object({
  processDefinitionId: Type.String(),
  processDefinitionVersion: Type.Integer(),
  tenantId: Type.String(),
  processDefinitionKey: Key,
  processInstanceKey: Key,
  /** With `awaitCompletion`: the root variables the instance ended with (or `fetchVariables`). */
  variables: Type.Optional(Variables),
});
export type CreateProcessInstanceResponse = Static<typeof CreateProcessInstanceResponse>;

/** A process instance, as search and `GET /v2/process-instances/{key}` return it; the required fields are NOT NULL columns, the others are left out when empty. */
export const ProcessInstance = Type.Object({
  processInstanceKey: Key,
  processDefinitionKey: Key,
  processDefinitionId: Type.String(),
  processDefinitionVersion: Type.Integer(),
  processDefinitionName: Type.Optional(Type.String()),
  processDefinitionVersionTag: Type.Optional(Type.String()),
  state: Type.String({ description: 'ACTIVE, COMPLETED or TERMINATED' }),
  startDate: Type.String({ format: 'date-time' }),
  endDate: Type.Optional(Type.String({ format: 'date-time' })),
  /** Its own incident, or one in an instance it started through a call activity. */
  hasIncident: Type.Boolean(),
  parentProcessInstanceKey: Type.Optional(Key),
  parentElementInstanceKey: Type.Optional(Key),
  tenantId: Type.String(),
});
export type ProcessInstance = Static<typeof ProcessInstance>;

const tag = 'Process instance';

export const CREATE_PROCESS_INSTANCE: RouteContract = {
  method: 'post',
  path: '/v2/process-instances',
  tag,
  summary: 'Start a process instance',
  body: CreateProcessInstanceRequest,
  response: CreateProcessInstanceResponse,
  extraProblems: [504],
};
export const SEARCH_PROCESS_INSTANCES = searchRoute('/v2/process-instances/search', tag, 'Search process instances', ProcessInstance);
export const GET_PROCESS_INSTANCE: RouteContract = { method: 'get', path: '/v2/process-instances/{processInstanceKey}', tag, summary: 'Get a process instance', response: ProcessInstance };
export const CANCEL_PROCESS_INSTANCE: RouteContract = { method: 'post', path: '/v2/process-instances/{processInstanceKey}/cancellation', tag, summary: 'Cancel a process instance', body: OperationReferenceBody, bodyRequired: false };

/** Starting, reading, searching and cancelling process instances. */
export const PROCESS_INSTANCE_ROUTES: readonly RouteContract[] = [CREATE_PROCESS_INSTANCE, SEARCH_PROCESS_INSTANCES, GET_PROCESS_INSTANCE, CANCEL_PROCESS_INSTANCE];

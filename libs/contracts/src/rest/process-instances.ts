import { Type, type Static } from '@sinclair/typebox';
import { Key, Variables } from '../json';
import { Int32, Int64, KeyParam, Names, TenantId, VariablesParam } from './common';

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

import type * as Contract from '@osprey/contracts';
import type { JsonValue, Variables } from '../shared/variables';

/**
 * A request type derived from its contract in `@osprey/contracts` (ADR 0019), as the client
 * takes it: read-only, and `variables` any object, so a caller's own interfaces
 * (`interface Order { orderId: string }`) can be passed without an index signature.
 */
type ClientRequest<T> = Readonly<Omit<T, 'variables'> & ('variables' extends keyof T ? { variables?: Variables } : unknown)>;

/** A resource to deploy: a file name (its extension selects the kind: `.bpmn`, `.form`) and its content. */
export interface DeployResource {
  readonly name: string;
  readonly content: string | Uint8Array;
}

/** `POST /v2/deployments` answer: one entry per process, decision, requirements graph, form or other resource. */
export type DeploymentResult = Readonly<Contract.DeploymentResponse>;

/** `POST /v2/process-instances` request: name the definition by id (latest version) or key. */
export interface StartInstanceRequest {
  readonly processDefinitionId?: string;
  readonly processDefinitionKey?: string;
  /** @default the latest version */
  readonly processDefinitionVersion?: number;
  readonly variables?: Variables;
  /** Your reference for the operation, echoed in audit records. */
  readonly operationReference?: string;
  readonly tenantId?: string;
  /** Answer only when the instance has ended, with its variables. @default false */
  readonly awaitCompletion?: boolean;
  /** With `awaitCompletion`: how long to wait, in ms. @default 10_000 (engine default) */
  readonly requestTimeout?: number;
  /** With `awaitCompletion`: only these variables. @default all */
  readonly fetchVariables?: readonly string[];
}

/** `POST /v2/process-instances` answer; `variables` only with `awaitCompletion`. */
export type StartedInstance = Readonly<Contract.CreateProcessInstanceResponse>;

/** `POST /v2/messages/publication` request. */
export type PublishMessageRequest = ClientRequest<Contract.PublishMessageRequest>;

/** `POST /v2/messages/correlation` request: exactly one receiver now, or 404. */
export type CorrelateMessageRequest = ClientRequest<Contract.CorrelateMessageRequest>;

/** `POST /v2/signals/broadcast` request. */
export type BroadcastSignalRequest = ClientRequest<Contract.BroadcastSignalRequest>;

/** A Camunda-style search request: filter by field (`{ state: 'ACTIVE' }` or `{ state: { $in: [...] } }`), sort, page. */
export interface SearchRequest {
  readonly filter?: Record<string, unknown>;
  readonly sort?: readonly { readonly field: string; readonly order?: 'ASC' | 'DESC' }[];
  readonly page?: { readonly from?: number; readonly limit?: number };
}

/** One page of search results. */
export interface SearchResult<T> {
  readonly items: T[];
  readonly page: { readonly totalItems: number };
}

/** A process instance as search shows it. */
export interface ProcessInstance {
  readonly processInstanceKey: string;
  readonly processDefinitionKey: string;
  readonly processDefinitionId: string;
  readonly processDefinitionVersion: number;
  readonly state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED' | string;
  readonly startDate: string;
  readonly endDate?: string;
  readonly hasIncident: boolean;
  readonly parentProcessInstanceKey?: string;
  readonly tenantId: string;
}

/** `POST /v2/jobs/activation` request. */
export interface ActivateJobsRequest {
  readonly type: string;
  /** Name of the worker, recorded on the job. */
  readonly worker: string;
  /** Lease length in ms. */
  readonly timeout: number;
  readonly maxJobsToActivate: number;
  /** Only these variables. @default all visible variables */
  readonly fetchVariable?: readonly string[];
  /** Long-poll wait in ms: 0 = the engine's 10 s default, negative = answer at once. */
  readonly requestTimeout?: number;
  /** Only jobs of these tenants (each one of the caller's). @default every tenant of the caller */
  readonly tenantIds?: readonly string[];
}

/** An activated job, as `POST /v2/jobs/activation` returns it. */
export interface ActivatedJob {
  readonly jobKey: string;
  readonly type: string;
  readonly processInstanceKey: string;
  readonly processDefinitionId: string;
  readonly processDefinitionVersion: number;
  readonly processDefinitionKey: string;
  readonly elementId: string;
  readonly elementInstanceKey: string;
  readonly customHeaders: Record<string, string>;
  readonly worker: string;
  readonly retries: number;
  /** Lease end, in ms since the epoch (engine clock). */
  readonly deadline: number;
  readonly variables: Record<string, JsonValue>;
  readonly tenantId: string;
  /** The lease's attempt number: the fencing token to send with every answer. */
  readonly attempt: number;
}

/** `POST /v2/jobs/{key}/failure` body. */
export type FailJobRequest = ClientRequest<Contract.FailJobRequest>;

/** `POST /v2/jobs/{key}/error` body. */
export type ThrowJobErrorRequest = ClientRequest<Contract.ThrowJobErrorRequest>;

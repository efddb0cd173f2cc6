import type * as Contract from '@osprey/contracts';
import type { Variables } from '../shared/variables';

/** `T` read-only all the way down: a caller may pass `readonly string[]` where the contract says `string[]`. */
type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/**
 * A request type derived from its contract in `@osprey/contracts` (ADR 0019), as the client
 * takes it: read-only all the way down, and `variables` any object, so a caller's own interfaces
 * (`interface Order { orderId: string }`) can be passed without an index signature.
 */
type ClientRequest<T> = DeepReadonly<Omit<T, 'variables'>> & ('variables' extends keyof T ? { readonly variables?: Variables } : unknown);

/** A resource to deploy: a file name (its extension selects the kind: `.bpmn`, `.form`) and its content. */
export interface DeployResource {
  readonly name: string;
  readonly content: string | Uint8Array;
}

/** `POST /v2/deployments` answer: one entry per process, decision, requirements graph, form or other resource. */
export type DeploymentResult = Readonly<Contract.DeploymentResponse>;

/**
 * `POST /v2/process-instances` request: name the definition by id (latest version, or
 * `processDefinitionVersion`) or key. `awaitCompletion` answers only when the instance has ended,
 * with its variables (`fetchVariables`: only these); `operationReference` is echoed in audit records.
 */
export type StartInstanceRequest = ClientRequest<Contract.CreateProcessInstanceRequest>;

/** `POST /v2/process-instances` answer; `variables` only with `awaitCompletion`. */
export type StartedInstance = Readonly<Contract.CreateProcessInstanceResponse>;

/** `POST /v2/messages/publication` request. */
export type PublishMessageRequest = ClientRequest<Contract.PublishMessageRequest>;

/** `POST /v2/messages/correlation` request: exactly one receiver now, or 404. */
export type CorrelateMessageRequest = ClientRequest<Contract.CorrelateMessageRequest>;

/** `POST /v2/signals/broadcast` request. */
export type BroadcastSignalRequest = ClientRequest<Contract.BroadcastSignalRequest>;

/** A Camunda-style search request: filter by field (`{ state: 'ACTIVE' }` or `{ state: { $in: [...] } }`), sort, page. */
export type SearchRequest = ClientRequest<Contract.SearchRequest>;

/** One page of search results. */
export type SearchResult<T> = Readonly<Contract.SearchPage<T>>;

/** A process instance as search and `getProcessInstance` show it. */
export type ProcessInstance = Readonly<Contract.ProcessInstance>;

/**
 * `POST /v2/jobs/activation` request: `timeout` is the lease in ms; `requestTimeout` the long-poll
 * wait in ms (0 = the engine's 10 s default, negative = answer at once).
 */
export type ActivateJobsRequest = ClientRequest<Contract.ActivateJobsRequest>;

/** An activated job, as `POST /v2/jobs/activation` returns it; send its `attempt` (the fencing token) with every answer. */
export type ActivatedJob = Readonly<Contract.ActivatedJob>;

/** `POST /v2/jobs/{key}/failure` body. */
export type FailJobRequest = ClientRequest<Contract.FailJobRequest>;

/** `POST /v2/jobs/{key}/error` body. */
export type ThrowJobErrorRequest = ClientRequest<Contract.ThrowJobErrorRequest>;

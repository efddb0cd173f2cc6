/**
 * `@osprey/client` — the API client and job-worker SDK for the Osprey process engine.
 *
 * - {@link OspreyClient}: deploy, start instances, publish and correlate messages, broadcast
 *   signals, search and cancel instances.
 * - {@link createWorker}: a job worker for one job type, over REST long-polling or Kafka, with the
 *   same handler on both; leases extended while a handler runs; graceful stop.
 * - `@osprey/client/kafka-contract`: the Kafka job and result messages and topic names, with no
 *   Kafka client attached (the engine imports it too).
 * - Traces: with an OpenTelemetry SDK registered in the application, each job runs in a span
 *   continuing the trace of the command that created it, and every API call and Kafka result
 *   carries the active `traceparent` (docs/observability.md).
 *
 * @example
 * ```ts
 * // check-inventory.mjs — `node check-inventory.mjs` with an engine on localhost:8080
 * import { OspreyClient, createWorker } from '@osprey/client';
 *
 * // apiKey: an engine started with `npm start` writes a development key to .osprey/dev-api-key
 * const client = new OspreyClient({ baseUrl: 'http://localhost:8080', apiKey: process.env.OSPREY_API_KEY });
 * await client.deploy(['processes/order-fulfilment.bpmn']);
 *
 * const worker = createWorker({
 *   type: 'inventory-check',
 *   client,
 *   concurrency: 5,
 *   handler: async (job) => ({ inStock: !job.variables.items.includes('unobtainium') }),
 * });
 * await worker.start();
 *
 * const { processInstanceKey } = await client.startInstance({
 *   processDefinitionId: 'order-fulfilment',
 *   variables: { orderId: 'order-1', orderTotal: 80, items: ['pen'] },
 * });
 * console.log(`started ${processInstanceKey}; the inventory check completes at once`);
 * process.once('SIGINT', () => void worker.stop({ drainMs: 10_000 }));
 * ```
 */
export { OspreyClient, type OspreyClientOptions, type CallOptions } from './client/osprey-client';
export { ClientCredentials, TokenRequestError, type ClientCredentialsOptions } from './auth/client-credentials';
export { credentialsFromEnv, devApiKeyFile, type EnvCredentials } from './auth/credentials-from-env';
export { OspreyClientError, OspreyApiError, OspreyConnectionError, type Problem } from './client/errors';
export type * from './client/api-types';
export type { JsonValue, Variables } from './shared/variables';
export { createWorker, InvalidWorkerOptionsError, WORKER_DEFAULTS } from './worker/create-worker';
export {
  BpmnError,
  JOB_SETTLED,
  type Job,
  type JobFailure,
  type JobHandler,
  type JobInfo,
  type JobSettled,
} from './worker/job';
export type {
  JobFailureReason,
  KafkaWorkerOptions,
  StopOptions,
  Worker,
  WorkerLogger,
  WorkerMetrics,
  WorkerOptions,
  WorkerTransport,
} from './worker/worker-options';
export { jsonLogger } from './worker/json-logger';
export * from './shared/kafka-contract';

/**
 * `@osprey/contracts` — every wire contract of Osprey, written once as JSON Schema with TypeBox.
 * The engine, the client and the workers import the same schema; validation, types and
 * documentation derive from it.
 *
 * @example
 * ```ts
 * import { jobTopic, parseKafkaJobResult } from '@osprey/contracts';
 *
 * jobTopic('osprey', 'payment-charge'); // 'osprey.jobs.payment-charge'
 * const result = parseKafkaJobResult('{"resultId":"r-1","jobKey":"42","attempt":1,"kind":"complete"}');
 * if (result.kind === 'complete') console.log(result.variables ?? {});
 * ```
 */
export * from './json';
export * from './check';
export * from './kafka/topics';
export * from './kafka/kafka-contract-error';
export * from './kafka/job-message';
export * from './kafka/job-result';
export * from './kafka/inbound-message';
export * from './kafka/json-schema';
export * from './kafka/decode';
export * from './rest/common';
export * from './rest/read-request';
export * from './rest/jobs';
export * from './rest/messages';
export * from './rest/process-instances';
export * from './rest/search';
export * from './rest/decisions';
export * from './rest/definitions';
export * from './rest/incidents';
export * from './rest/audit';
export * from './rest/drafts';
export * from './rest/monitor';
export * from './rest/user-tasks';
export * from './rest/element-instances';
export * from './rest/instance-changes';
export * from './rest/identity';
export * from './rest/cluster';
export * from './rest/webhooks';
export * from './rest/decision-routes';
export * from './rest/definition-routes';
export * from './rest/route-contract';
export * from './rest/routes';

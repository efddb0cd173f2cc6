/**
 * `@osprey/client/kafka-contract` — the Kafka job contract on its own, without a Kafka client:
 * message types, topic names and parsers, shared by the engine (which publishes jobs and consumes
 * results) and workers (which do the reverse).
 *
 * @example
 * ```ts
 * import { jobTopic, resultsTopic, parseKafkaJobResult } from '@osprey/client/kafka-contract';
 *
 * jobTopic('osprey', 'payment-charge'); // 'osprey.jobs.payment-charge'
 * resultsTopic('osprey');               // 'osprey.job-results'
 * const result = parseKafkaJobResult('{"resultId":"r-1","jobKey":"42","attempt":1,"kind":"complete"}');
 * if (result.kind === 'complete') console.log(result.variables ?? {});
 * ```
 */
export * from './shared/kafka-contract';
export type { JsonValue, Variables } from './shared/variables';

/**
 * `@osprey/kafka` — the engine's Kafka side: the outbox relay and the consumers of job
 * results and inbound messages. Topic names and message shapes live in `@osprey/store`
 * (`topics`, `KafkaJobResult`) so workers and the engine agree on them.
 */
export * from './outbox-relay';
export * from './consumers';

/**
 * `@osprey/kafka` — the engine's Kafka side: the outbox relay, and what the engine's inbound
 * consumers (job results, inbound messages) subscribe to and apply; the consumers themselves
 * are the engine's Kafka microservice (`apps/engine/src/kafka`). Topic names and message shapes
 * live in `@osprey/store` and `@osprey/contracts` so workers and the engine agree on them.
 */
export * from './outbox-relay';
export * from './inbound-records';
export * from './inbound-topics';
export { inConsumerSpan } from './message-trace';

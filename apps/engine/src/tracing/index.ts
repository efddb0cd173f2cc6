/**
 * OpenTelemetry traces (docs/observability.md, "Traces"), off unless `OSPREY_TRACING=otlp`.
 *
 * - {@link startOtlpTracing}: loads and registers the SDK (called by `startEngine`)
 * - {@link HttpTracing}: a server span per HTTP request
 *
 * The command, outbox and Kafka consumer spans live in `@osprey/store` and `@osprey/kafka`,
 * on `@opentelemetry/api` alone.
 */
export { startOtlpTracing, type Tracing } from './otlp-tracing';
export { HttpTracing } from './http-tracing';

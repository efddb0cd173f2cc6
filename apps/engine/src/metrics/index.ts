/**
 * Prometheus metrics: `GET /metrics` and what feeds it.
 *
 * - {@link RecordMetrics}: the committed record stream (instances, elements, jobs, incidents, timer lag)
 * - {@link JobActivationMetrics}: REST job activations and their latency
 * - {@link DatabaseGauges}: job backlog, open incidents, overdue timers, outbox (executor role)
 * - {@link KafkaLag}: consumer lag of the inbound topics (executor role, Kafka on)
 * - {@link DbPoolGauge}: this process's PostgreSQL pool
 * - {@link HttpMetrics}: request durations by route pattern
 *
 * @example
 * // app.module.ts
 * controllers: [..., MetricsController],
 * providers: [..., ...METRICS_PROVIDERS],
 */
import type { Provider } from '@nestjs/common';
import { DatabaseGauges } from './database-gauges';
import { DbPoolGauge } from './db-pool-gauge';
import { EngineMetrics } from './engine-metrics';
import { HttpMetrics } from './http-metrics';
import { JobActivationMetrics } from './job-activation-metrics';
import { KafkaLag } from './kafka-lag';
import { RecordMetrics } from './record-metrics';

export { MetricsController } from './metrics.controller';
export { EngineMetrics, RecordMetrics, JobActivationMetrics, DatabaseGauges, KafkaLag, DbPoolGauge, HttpMetrics };

/** The metrics feature's providers, for the app module. */
export const METRICS_PROVIDERS: Provider[] = [
  { provide: EngineMetrics, useFactory: () => new EngineMetrics() },
  RecordMetrics,
  JobActivationMetrics,
  DatabaseGauges,
  KafkaLag,
  DbPoolGauge,
  HttpMetrics,
];

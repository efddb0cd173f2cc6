/**
 * `@osprey/store` — PostgreSQL persistence and the command pipeline: everything the engine does,
 * free of any web framework.
 */
export * from './database';
export * from './errors';
export * from './tenants/tenant-scope';
export * from './keys';
export * from './iso-instant';
export * from './json-safety';
export * from './definitions/definition.repository';
export * from './decisions/decision.repository';
export * from './decisions/decision-evaluation.service';
export * from './instances/record-writer';
export * from './engine/command-pipeline';
export * from './engine/engine-events';
export * from './engine/job-wakeups';
export * from './engine/instance.service';
export * from './engine/modification.service';
export * from './engine/migration.service';
export * from './engine/job.service';
export * from './engine/user-task.service';
export * from './engine/message.service';
export * from './engine/signal.service';
export * from './engine/incident.service';
export * from './engine/timer.service';
export * from './engine/continuation.service';
export * from './engine/deployment.service';
export * from './engine/osprey-engine';
export * from './engine/visible-variables';
export * from './engine/variable-limits';
export * from './engine/history-maintenance';
export * from './search/search.repository';
export * from './search/search-query';
export * as searchSpecs from './search/search-specs';
export * as decisionSearchSpecs from './search/decision-search-specs';
export * from './instances/outbox';
export * from './engine/kafka-jobs.service';
export * from './audit';
export * from './tracing/spans';
export * from './drafts/drafts.repository';
export * from './webhooks/webhook-deliveries.repository';
export * from './statistics/statistics.repository';
export * from './metrics/metrics.repository';
export * from './instances/instance-reads.repository';
export * from './notifications/channel-listener';
export * from './notifications/advisory-lock';

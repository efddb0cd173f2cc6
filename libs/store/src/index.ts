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
export * from './commands/command-pipeline';
export * from './commands/engine-events';
export * from './commands/replica-wakeups';
export * from './commands/instance.service';
export * from './commands/modification.service';
export * from './commands/migration.service';
export * from './commands/job.service';
export * from './commands/user-task.service';
export * from './commands/message.service';
export * from './commands/signal.service';
export * from './commands/incident.service';
export * from './commands/timer.service';
export * from './commands/continuation.service';
export * from './commands/deployment.service';
export * from './osprey-engine';
export * from './commands/visible-variables';
export * from './commands/variable-limits';
export * from './commands/history-maintenance';
export * from './search/search.repository';
export * from './search/search-query';
export * as searchSpecs from './search/search-specs';
export * as decisionSearchSpecs from './search/decision-search-specs';
export * from './instances/outbox';
export * from './commands/kafka-jobs.service';
export * from './audit';
export * from './tracing/spans';
export * from './drafts/drafts.repository';
export * from './webhooks/webhook-deliveries.repository';
export * from './statistics/statistics.repository';
export * from './metrics/metrics.repository';
export * from './instances/instance-reads.repository';
export * from './notifications/channel-listener';
export * from './notifications/advisory-lock';

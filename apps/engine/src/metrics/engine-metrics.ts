import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { LabelCap } from './label-cap';
import { EventLoopDelay } from './event-loop-delay';

/**
 * Every metric the engine exports, on one registry per engine (tests run several engines in one
 * process, so the global default registry is not used). Names follow Prometheus conventions:
 * base units (seconds), `_total` for counters, and no label ever carries an instance, job or
 * element-instance key. Process ids and job types are labels, capped by {@link LabelCap}.
 *
 * Feeds: {@link RecordMetrics} (the committed record stream), {@link JobActivationMetrics}
 * (activations), {@link DatabaseGauges} and {@link KafkaLag} (sampled at scrape time),
 * {@link HttpMetrics} (Fastify hooks). `docs/operations.md` lists them with their meaning.
 */
export class EngineMetrics {
  readonly registry = new Registry();
  /** Distinct BPMN process ids kept by name. */
  readonly processes = new LabelCap(200);
  /** Distinct job types kept by name. */
  readonly jobTypes = new LabelCap(200);
  /** Distinct element types kept by name (BPMN has about 30). */
  readonly elementTypes = new LabelCap(64);

  readonly instancesStarted = this.counter('osprey_process_instances_started_total', 'Process instances started.', ['process']);
  readonly instancesCompleted = this.counter('osprey_process_instances_completed_total', 'Process instances that completed.', ['process']);
  readonly instancesTerminated = this.counter(
    'osprey_process_instances_terminated_total',
    'Process instances that were terminated (cancelled, or ended by a terminate end event in a parent).',
    ['process'],
  );
  readonly elementTransitions = this.counter(
    'osprey_element_transitions_total',
    'Element lifecycle records committed, by BPMN element type and intent (ELEMENT_ACTIVATED, SEQUENCE_FLOW_TAKEN, ...).',
    ['element_type', 'intent'],
  );
  readonly jobTransitions = this.counter(
    'osprey_job_transitions_total',
    'Job records committed, by job type and intent (CREATED, COMPLETED, FAILED, ERROR_THROWN, CANCELED).',
    ['type', 'intent'],
  );
  readonly incidentsCreated = this.counter('osprey_incidents_created_total', 'Incidents raised.', ['process']);
  readonly timerLag = this.histogram(
    'osprey_timer_lag_seconds',
    'Time from a timer being due to it firing (timers of waiting instances; timer start events are not included).',
    [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  );

  readonly jobsActivated = this.counter('osprey_jobs_activated_total', 'Jobs handed to workers by REST activation.', ['type']);
  readonly jobLeaseExpiries = this.counter(
    'osprey_job_lease_expiries_total',
    'Job leases that ran out, counted when the job is handed out again (REST activation or Kafka re-dispatch) or becomes an incident for expiring too often.',
    ['type'],
  );
  readonly jobActivationLatency = this.histogram(
    'osprey_job_activation_latency_seconds',
    'Time from a job being created to its first activation by a worker (REST; measured on at most one activation batch at a time per replica).',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
  );

  readonly jobsBacklog = this.gauge('osprey_jobs_backlog', 'Jobs that a worker could activate now, by type (database-wide).', ['type']);
  readonly incidentsOpen = this.gauge('osprey_incidents_open', 'Incidents waiting for an operator (database-wide).');
  readonly timersOverdue = this.gauge(
    'osprey_timers_overdue_seconds',
    'How long the oldest due timer has waited to fire; 0 when none is due (database-wide).',
  );
  readonly outboxRows = this.gauge('osprey_outbox_rows', 'Kafka outbox rows waiting for the relay (database-wide).');
  readonly outboxLag = this.gauge('osprey_outbox_lag_seconds', 'Age of the oldest Kafka outbox row waiting for the relay; 0 when empty.');
  readonly kafkaConsumerLag = this.gauge(
    'osprey_kafka_consumer_lag',
    "Messages on the engine's inbound topics (job results, messages) not yet consumed by its consumer group.",
    ['topic'],
  );

  readonly httpDuration = this.histogram(
    'osprey_http_request_duration_seconds',
    'HTTP requests by method, route pattern and status code. Job activation long-polls wait up to 60 s by design.',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    ['method', 'route', 'status'],
  );
  readonly dbPoolConnections = this.gauge(
    'osprey_db_pool_connections',
    "Connections of this process's PostgreSQL pool: total, idle, active, and waiting (requests queued for a connection).",
    ['state'],
  );
  readonly dbPoolWait = this.histogram(
    'osprey_db_pool_wait_seconds',
    'Time a transaction waited for a connection of this process\'s PostgreSQL pool (0 when one was idle).',
    [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
  );
  readonly dbPoolMax = this.gauge('osprey_db_pool_max_connections', "Size limit of this process's PostgreSQL pool (DATABASE_POOL_SIZE).");
  readonly commandsQueued = this.gauge(
    'osprey_commands_queued',
    "Job answers and starts of this process waiting for a group's transaction (group commit), by kind.",
    ['kind'],
  );

  readonly eventLoopDelay = new EventLoopDelay(this.registry);

  private readonly samplers: (() => Promise<void>)[] = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Runs `sample` before every scrape, to refresh gauges read from elsewhere (database, Kafka). */
  onScrape(sample: () => Promise<void>): void {
    this.samplers.push(sample);
  }

  /** The text exposition of every metric, sampled gauges refreshed first. */
  async scrape(): Promise<string> {
    // Samplers report their own failures; one failing must not cost the whole scrape.
    await Promise.allSettled(this.samplers.map((sample) => sample()));
    return this.registry.metrics();
  }

  private counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []) {
    return new Counter<L>({ name, help, labelNames, registers: [this.registry] });
  }

  private gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = []) {
    return new Gauge<L>({ name, help, labelNames, registers: [this.registry] });
  }

  private histogram<L extends string>(name: string, help: string, buckets: number[], labelNames: readonly L[] = []) {
    return new Histogram<L>({ name, help, buckets, labelNames, registers: [this.registry] });
  }
}

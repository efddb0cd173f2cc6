import type { OspreyClient } from '../client/osprey-client';
import type { Variables } from '../shared/variables';
import type { JobHandler, JobInfo } from './job';

/** How jobs reach a worker. */
export type WorkerTransport = 'rest' | 'kafka';

/** Where the Kafka transport consumes jobs and produces results. */
export interface KafkaWorkerOptions {
  /** Bootstrap brokers, `host:port`. */
  readonly brokers: readonly string[];
  /** Topic prefix: jobs come from `<prefix>.jobs.<type>`, results go to `<prefix>.job-results`. @default 'osprey' */
  readonly topicPrefix?: string;
  /** Consumer group; workers of one type share it so each job reaches one of them. @default '<topicPrefix>.workers.<type>' */
  readonly groupId?: string;
  /** Kafka client id. @default 'osprey-worker' */
  readonly clientId?: string;
  /** A new consumer group starts at the oldest retained job (jobs whose lease ended are skipped). @default true */
  readonly fromBeginning?: boolean;
  /**
   * Consumer session timeout in ms: a worker silent this long leaves the group and its partitions
   * go to the others; heartbeats go every third of it, at most 3 s apart. Also how long a worker waits to be
   * given partitions again after a broker restart. The broker bounds it (`group.min.session.timeout.ms`,
   * 6 s by default). @default 10_000
   */
  readonly sessionTimeout?: number;
}

/** A structured logger; `pino` instances fit. */
export interface WorkerLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Why a job did not complete. */
export type JobFailureReason =
  /** the handler threw or called `job.fail()` */
  | 'failed'
  /** the handler threw a BPMN error */
  | 'bpmn-error'
  /** the worker stopped before the handler finished and gave the job back */
  | 'handed-back'
  /** the engine refused the answer: the lease had expired or was superseded (409/404) */
  | 'lease-lost';

/** Hooks for metrics (Prometheus counters, histograms). A hook that throws is ignored. */
export interface WorkerMetrics {
  /** A job reached the worker. */
  onJobActivated?(job: JobInfo): void;
  /** A job was completed, `durationMs` after it reached the worker. */
  onJobCompleted?(durationMs: number, job: JobInfo): void;
  /** A job was answered otherwise, or its answer was refused. */
  onJobFailed?(job: JobInfo, reason: JobFailureReason, message: string): void;
  /** The engine or broker could not be used: failed polls, failed answers, failed lease extensions. */
  onError?(error: unknown): void;
}

/**
 * Options of {@link createWorker}.
 * @typeParam V the jobs' variables
 * @typeParam O the variables the handler completes with
 */
export interface WorkerOptions<V extends object = Variables, O extends object = Variables> {
  /** The job type (`zeebe:taskDefinition type`). */
  readonly type: string;
  /** Works on one job. */
  readonly handler: JobHandler<V, O>;
  /** `'rest'` long-polls the engine; `'kafka'` consumes `<prefix>.jobs.<type>`. @default 'rest' */
  readonly transport?: WorkerTransport;
  /** Most jobs handled at once. @default 10 */
  readonly concurrency?: number;
  /**
   * Lease length in ms: how long the engine waits for an answer before handing the job to
   * another worker. Extended while the handler runs. @default 30_000
   */
  readonly timeout?: number;
  /** Extend the lease (by `timeout`) each time two thirds of it have passed while the handler runs. @default true */
  readonly extendLease?: boolean;
  /** Only these variables reach the handler. @default all variables visible at the task */
  readonly fetchVariables?: readonly string[];
  /** REST: how long one activation request waits for a job, in ms. @default 10_000 */
  readonly pollRequestTimeout?: number;
  /** REST: only jobs of these tenants (multi-tenancy on). @default every tenant of the worker's credentials */
  readonly tenantIds?: readonly string[];
  /**
   * The API client. REST polls and answers through it; Kafka uses it to extend leases, and
   * only when `client` or `baseUrl` is given. @default new OspreyClient({ baseUrl })
   */
  readonly client?: OspreyClient;
  /** The engine's URL when no `client` is given. @default 'http://localhost:8080' */
  readonly baseUrl?: string;
  /** Required for the Kafka transport. */
  readonly kafka?: KafkaWorkerOptions;
  /** The worker's name, recorded on activated jobs. @default '<hostname>-<pid>' */
  readonly name?: string;
  /** @default JSON lines on stderr, warnings and errors only */
  readonly logger?: WorkerLogger;
  /** @default none */
  readonly metrics?: WorkerMetrics;
}

/** Options of {@link Worker.stop}. */
export interface StopOptions {
  /** How long to wait for running handlers before handing their jobs back, in ms. @default 10_000 */
  readonly drainMs?: number;
}

/** A running job worker. */
export interface Worker {
  /** Starts polling (REST) or consuming (Kafka). Resolves once started. @throws when the broker cannot be reached */
  start(): Promise<void>;
  /**
   * Stops taking jobs, waits up to `drainMs` for running handlers, then hands the jobs still
   * running back to the engine (same retries, no back-off, "worker shutting down").
   */
  stop(options?: StopOptions): Promise<void>;
  /** True between `start()` and the end of `stop()`. */
  readonly running: boolean;
}

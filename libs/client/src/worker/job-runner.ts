import { ActiveJob, type JobContext, type JobOutcome, type JobRecord } from './active-job';
import { sleep } from './backoff';
import { BpmnError, JOB_SETTLED, type JobHandler } from './job';
import { LeaseKeeper } from './lease-keeper';
import { callHook } from './metrics-hooks';
import { inJobSpan, recordJobOutcome } from './job-trace';
import type { Span } from '@opentelemetry/api';

/** What a {@link JobRunner} needs besides the job context. */
export interface JobRunnerOptions<V extends object, O extends object> extends JobContext {
  readonly handler: JobHandler<V, O>;
  readonly extendLease: boolean;
}

/**
 * Runs handlers, the same for every transport: one {@link ActiveJob} per job, its lease kept
 * alive while the handler runs, the handler's result or error turned into exactly one answer.
 * Knows how many jobs are in flight so the transport can take only as many as it has room for.
 */
export class JobRunner<V extends object, O extends object> {
  private readonly active = new Set<ActiveJob<V, O>>();
  private readonly waiters = new Set<() => void>();

  constructor(private readonly options: JobRunnerOptions<V, O>) {}

  /** Jobs whose handler has not finished (or whose answer is still being sent). */
  get inFlight(): number {
    return this.active.size;
  }

  /**
   * Runs the handler on `record` and answers the job, in a span continuing the job's trace.
   * Never rejects: every failure is reported.
   */
  run(record: JobRecord): Promise<void> {
    return inJobSpan(record, (span) => this.runInSpan(record, span));
  }

  private async runInSpan(record: JobRecord, span: Span): Promise<void> {
    const { handler, channel, logger, metrics } = this.options;
    const job = new ActiveJob<V, O>(record, this.options);
    this.active.add(job);
    callHook(metrics, (m) => m.onJobActivated?.(job));
    logger.debug(job.fields(), 'job activated');
    const extend = channel.extend;
    const keeper =
      this.options.extendLease && extend
        ? new LeaseKeeper({
            timeoutMs: record.leaseMs,
            extend: () => extend(record, record.leaseMs),
            isLost: (error) => channel.isLeaseLost(error),
            onExtended: (deadline) => {
              job.deadline = deadline;
              logger.debug({ ...job.fields(), deadline }, 'job lease extended');
            },
            onLost: (error) => job.lose(error),
            onError: (error) => {
              logger.warn({ ...job.fields(), err: error }, 'could not extend the job lease; trying again');
              callHook(metrics, (m) => m.onError?.(error));
            },
          })
        : undefined;
    keeper?.start(record.leaseEndsAt);
    try {
      let outcome: JobOutcome | undefined;
      try {
        const result = await handler(job);
        outcome = resultOutcome(result);
        if (!outcome)
          outcome = job.failure({
            message: `Expected the handler to resolve with an object of variables or nothing, but it resolved with ${describe(result)}`,
          });
      } catch (error) {
        if (job.state === 'running') outcome = errorOutcome(job, error);
        else if (job.state !== 'handed-back' && job.state !== 'lost')
          logger.debug({ ...job.fields(), err: error }, 'handler threw after answering the job');
      }
      keeper?.stop();
      recordJobOutcome(span, outcome);
      if (job.state === 'running' && outcome) await job.answer(outcome).catch(() => undefined);
      await job.answered?.catch(() => undefined);
    } finally {
      keeper?.stop();
      this.active.delete(job);
      for (const wake of [...this.waiters]) wake();
    }
  }

  /** Resolves when a job finishes (or at once when none is in flight), or when `signal` aborts. */
  waitForSlot(signal?: AbortSignal): Promise<void> {
    if (this.active.size === 0 || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** Waits up to `ms` for every running handler to finish; true when all did. */
  async drain(ms: number): Promise<boolean> {
    const end = Date.now() + ms;
    while (this.active.size > 0) {
      const left = end - Date.now();
      if (left <= 0) return false;
      const timeout = new AbortController();
      await Promise.race([this.waitForSlot(timeout.signal), sleep(left, timeout.signal)]);
      timeout.abort();
    }
    return true;
  }

  /** Hands a job back that arrived while stopping, without running the handler. Never rejects. */
  async handBackUnstarted(record: JobRecord): Promise<void> {
    await new ActiveJob<V, O>(record, this.options).handBack();
  }

  /** Hands every job whose handler still runs back to the engine. */
  async handBackAll(): Promise<void> {
    await Promise.all([...this.active].map((job) => job.handBack()));
  }
}

/** The outcome a handler's result asks for; undefined when the result is not usable. */
function resultOutcome(result: unknown): JobOutcome | undefined {
  if (result === undefined || result === null || result === JOB_SETTLED)
    return { kind: 'complete', variables: {} };
  if (typeof result === 'object' && !Array.isArray(result))
    return { kind: 'complete', variables: result as Record<string, unknown> };
  return undefined;
}

function errorOutcome(job: ActiveJob<object, object>, error: unknown): JobOutcome {
  if (
    error instanceof BpmnError ||
    (isRecord(error) && error.name === 'BpmnError' && typeof error.code === 'string')
  ) {
    const e = error as BpmnError;
    return { kind: 'error', code: e.code, message: e.message, variables: e.variables ?? {} };
  }
  const message = error instanceof Error ? error.message || error.name : String(error);
  return job.failure({ message });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function describe(v: unknown): string {
  return Array.isArray(v) ? 'an array' : `${typeof v} ${String(v)}`;
}

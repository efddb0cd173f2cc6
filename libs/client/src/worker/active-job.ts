import type { Variables } from '../shared/variables';
import { sleep } from './backoff';
import { JOB_SETTLED, type Job, type JobFailure, type JobInfo, type JobSettled } from './job';
import { callHook } from './metrics-hooks';
import type { JobFailureReason, WorkerLogger, WorkerMetrics } from './worker-options';

/** A job as a transport delivers it, before a handler sees it. */
export interface JobRecord extends JobInfo {
  readonly variables: Variables;
  readonly headers: Record<string, string>;
  readonly retries: number;
  /** Lease end as the engine stated it (engine clock). */
  readonly deadline: number;
  /** Lease end on the local clock, the base for lease extension. */
  readonly leaseEndsAt: number;
  /** Lease length each extension asks for, in ms. */
  readonly leaseMs: number;
  /** When the job reached the worker (local clock). */
  readonly receivedAt: number;
  /** W3C `traceparent`/`tracestate` of the command that created the job, when the engine traces. */
  readonly traceContext?: Readonly<Record<string, string>>;
}

/** How a job is answered. */
export type JobOutcome =
  | { readonly kind: 'complete'; readonly variables: Variables }
  | {
      readonly kind: 'fail';
      readonly retries: number;
      readonly backoff: number;
      readonly message: string;
    }
  | {
      readonly kind: 'error';
      readonly code: string;
      readonly message: string;
      readonly variables: Variables;
    };

/** What a transport provides to answer jobs and keep their leases. */
export interface JobChannel {
  /** Sends the answer, with the job's attempt as fencing token. */
  settle(job: JobRecord, outcome: JobOutcome): Promise<void>;
  /** Extends the lease to now + `timeoutMs`; absent when the transport cannot. */
  readonly extend?: (job: JobRecord, timeoutMs: number) => Promise<void>;
  /** True for errors worth one more try (engine briefly unreachable, 5xx). */
  isTransient(error: unknown): boolean;
  /** True when the engine refused because the lease is gone (409 / 404). */
  isLeaseLost(error: unknown): boolean;
}

/** What every job of one worker shares. */
export interface JobContext {
  readonly channel: JobChannel;
  readonly logger: WorkerLogger;
  readonly metrics: WorkerMetrics;
}

type JobState = 'running' | 'settling' | 'settled' | 'lost' | 'handed-back';

/** Tries per answer when the engine is briefly unreachable; waits 200 ms, then 400 ms. */
const SETTLE_TRIES = 3;

/** One job in a worker's hands: the handler's {@link Job}, answered at most once. */
export class ActiveJob<V extends object, O extends object> implements Job<V, O> {
  readonly key: string;
  readonly type: string;
  readonly processInstanceKey: string;
  readonly processDefinitionId: string;
  readonly elementId: string;
  readonly elementInstanceKey: string;
  readonly attempt: number;
  readonly variables: Readonly<V>;
  readonly headers: Readonly<Record<string, string>>;
  readonly retries: number;
  deadline: number;
  private currentState: JobState = 'running';
  private readonly abort = new AbortController();
  /** The answer in flight or sent, once there is one. */
  answered?: Promise<void>;

  constructor(
    readonly record: JobRecord,
    private readonly context: JobContext,
  ) {
    this.key = record.key;
    this.type = record.type;
    this.processInstanceKey = record.processInstanceKey;
    this.processDefinitionId = record.processDefinitionId;
    this.elementId = record.elementId;
    this.elementInstanceKey = record.elementInstanceKey;
    this.attempt = record.attempt;
    this.variables = record.variables as V;
    this.headers = record.headers;
    this.retries = record.retries;
    this.deadline = record.deadline;
  }

  get state(): JobState {
    return this.currentState;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  complete(variables?: O): Promise<JobSettled> {
    return this.answerFromHandler({ kind: 'complete', variables: (variables ?? {}) as Variables });
  }

  fail(failure: JobFailure): Promise<JobSettled> {
    return this.answerFromHandler(this.failure(failure));
  }

  throwError(code: string, message = code, variables: Variables = {}): Promise<JobSettled> {
    return this.answerFromHandler({ kind: 'error', code, message, variables });
  }

  /** The outcome of a failure with the defaults applied (retries - 1, no back-off). */
  failure(failure: JobFailure): JobOutcome {
    return {
      kind: 'fail',
      retries: failure.retries ?? Math.max(0, this.retries - 1),
      backoff: failure.backoff ?? 0,
      message: failure.message,
    };
  }

  private async answerFromHandler(outcome: JobOutcome): Promise<JobSettled> {
    if (this.currentState !== 'running') {
      throw new Error(
        `Expected job '${this.key}' to be answered once, but it is already ${this.currentState}`,
      );
    }
    await this.answer(outcome);
    return JOB_SETTLED;
  }

  /**
   * Sends the answer (retrying an unreachable engine twice) and reports it to logs and metrics.
   * @throws the transport's error when the answer was refused or could not be sent
   */
  answer(outcome: JobOutcome): Promise<void> {
    this.currentState = 'settling';
    this.answered = this.send(outcome);
    return this.answered;
  }

  private async send(outcome: JobOutcome): Promise<void> {
    const { channel, logger } = this.context;
    for (let tryNo = 1; ; tryNo++) {
      try {
        await channel.settle(this.record, outcome);
        break;
      } catch (error) {
        if (tryNo < SETTLE_TRIES && channel.isTransient(error)) {
          this.report((m) => m.onError?.(error));
          await sleep(200 * 2 ** (tryNo - 1));
          continue;
        }
        this.currentState = 'settled';
        if (channel.isLeaseLost(error)) this.lose(error);
        else {
          this.report((m) => m.onError?.(error));
          logger.error(
            { ...this.fields(), outcome: outcome.kind, err: error },
            `could not ${outcome.kind} job`,
          );
        }
        throw error;
      }
    }
    this.currentState = 'settled';
    const fields = this.fields();
    if (outcome.kind === 'complete') {
      const durationMs = Date.now() - this.record.receivedAt;
      logger.debug({ ...fields, durationMs }, 'job completed');
      this.report((m) => m.onJobCompleted?.(durationMs, this));
    } else {
      const reason: JobFailureReason = outcome.kind === 'error' ? 'bpmn-error' : 'failed';
      logger.debug({ ...fields, reason, errorMessage: outcome.message }, `job ${reason}`);
      this.report((m) => m.onJobFailed?.(this, reason, outcome.message));
    }
  }

  /**
   * The worker is stopping and the handler is still running: the job goes back to the engine
   * with its retries unchanged and no back-off, so another worker takes it at once.
   */
  async handBack(): Promise<void> {
    if (this.currentState !== 'running') return;
    this.currentState = 'handed-back';
    this.abort.abort(new Error('worker shutting down'));
    const outcome: JobOutcome = {
      kind: 'fail',
      retries: this.retries,
      backoff: 0,
      message: 'worker shutting down',
    };
    try {
      await this.context.channel.settle(this.record, outcome);
      this.context.logger.info(this.fields(), 'job handed back');
      this.report((m) => m.onJobFailed?.(this, 'handed-back', outcome.message));
    } catch (error) {
      if (this.context.channel.isLeaseLost(error)) this.lose(error);
      else {
        this.report((m) => m.onError?.(error));
        this.context.logger.warn(
          { ...this.fields(), err: error },
          'could not hand the job back; it returns to the engine when its lease ends',
        );
      }
    }
  }

  /** The engine no longer holds this lease: stop the handler's work and refuse its answers. */
  lose(error: unknown): void {
    if (this.currentState === 'running') this.currentState = 'lost';
    if (this.abort.signal.aborted) return;
    this.abort.abort(error);
    const message = error instanceof Error ? error.message : String(error);
    this.context.logger.warn(
      { ...this.fields(), err: error },
      'job lease lost; the engine hands the job out again',
    );
    this.report((m) => m.onJobFailed?.(this, 'lease-lost', message));
  }

  /** Fields naming the job in log lines. */
  fields(): Record<string, unknown> {
    return {
      jobKey: this.key,
      jobType: this.type,
      processInstanceKey: this.processInstanceKey,
      elementId: this.elementId,
      attempt: this.attempt,
    };
  }

  private report(call: (hooks: WorkerMetrics) => void): void {
    callHook(this.context.metrics, call);
  }
}

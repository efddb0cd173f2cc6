import type { Variables } from '../shared/variables';

/**
 * What `job.complete()`, `job.fail()` and `job.throwError()` resolve to: return it from the
 * handler to say the job is already answered.
 */
export const JOB_SETTLED: unique symbol = Symbol('osprey.job-settled');
export type JobSettled = typeof JOB_SETTLED;

/** A failure reported with {@link Job.fail}. */
export interface JobFailure {
  /** What went wrong, shown on the incident when no retries are left. */
  readonly message: string;
  /** Retries left after this failure; 0 raises an incident. @default job.retries - 1 */
  readonly retries?: number;
  /** Wait before the job is handed out again, in ms. @default 0 */
  readonly backoff?: number;
}

/** The identifying fields of a job, as metrics hooks and logs see it. */
export interface JobInfo {
  readonly key: string;
  readonly type: string;
  readonly processInstanceKey: string;
  readonly processDefinitionId: string;
  readonly elementId: string;
  readonly elementInstanceKey: string;
  readonly attempt: number;
}

/**
 * A job handed to a handler. The same on every transport.
 *
 * Answer it once: return variables (or nothing) from the handler to complete it, or call
 * {@link complete}, {@link fail} or {@link throwError}. A handler that throws fails the job with
 * `retries - 1` and the error's message; one that throws a {@link BpmnError} throws that BPMN
 * error instead.
 *
 * @typeParam V the job's variables
 * @typeParam O the variables it completes with
 */
export interface Job<V extends object = Variables, O extends object = Variables> extends JobInfo {
  readonly variables: Readonly<V>;
  /** The task's `zeebe:taskHeaders`. */
  readonly headers: Readonly<Record<string, string>>;
  /** Retries left, counting this attempt. */
  readonly retries: number;
  /** When the lease ends, in ms since the epoch; moves on each time the worker extends it. */
  readonly deadline: number;
  /**
   * Aborted when the job is taken from the handler: its lease was lost, or the worker stopped
   * and handed it back. Pass it to `fetch` and other cancellable work.
   */
  readonly signal: AbortSignal;
  /** Completes the job; `variables` merge into the process. */
  complete(variables?: O): Promise<JobSettled>;
  /** Fails the job: it is retried while retries are left, then becomes an incident. */
  fail(failure: JobFailure): Promise<JobSettled>;
  /** Throws a BPMN error, caught by an error boundary event with this `code` (or an incident). */
  throwError(code: string, message?: string, variables?: Variables): Promise<JobSettled>;
}

/**
 * Works on one job. Resolve with the variables to complete with (or nothing), or answer through
 * the `job` methods and resolve with what they return.
 */
export type JobHandler<V extends object = Variables, O extends object = Variables> = (
  job: Job<V, O>,
) => Promise<O | void | JobSettled> | O | void | JobSettled;

/**
 * Thrown by a handler to throw a BPMN error from the job's element:
 * `throw new BpmnError('OUT_OF_STOCK', 'No pens left')`.
 */
export class BpmnError extends Error {
  constructor(
    readonly code: string,
    message = code,
    readonly variables: Variables = {},
  ) {
    super(message);
    this.name = 'BpmnError';
  }
}

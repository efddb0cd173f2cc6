/** An RFC 9457 problem details body, as the engine answers every failed request. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  /** Every individual problem, when there are several (validation). */
  readonly errors?: readonly string[];
}

/** Base of every error the client raises; `code` says which kind. */
export abstract class OspreyClientError extends Error {
  abstract readonly code: string;
}

/**
 * The engine answered with an error status. Carries the problem: `status` (409 = the job is not
 * activated or its lease was lost or superseded; 404 = unknown key; 400 = invalid request),
 * `title` (`INVALID_STATE`, `NOT_FOUND`, …) and `detail`, a sentence a person can act on.
 */
export class OspreyApiError extends OspreyClientError {
  readonly code = 'API_ERROR';
  readonly status: number;
  readonly title: string;
  readonly detail: string;

  constructor(
    readonly method: string,
    readonly path: string,
    readonly problem: Problem,
  ) {
    super(`${method} ${path} failed with ${problem.status} ${problem.title}: ${problem.detail}`);
    this.name = 'OspreyApiError';
    this.status = problem.status;
    this.title = problem.title;
    this.detail = problem.detail;
  }

  /** True for 409 and 404 on a job: the lease is gone, so retrying the same request cannot succeed. */
  get leaseLost(): boolean {
    return this.status === 409 || this.status === 404;
  }

  /** True for statuses worth retrying later: 408, 429 and 5xx. */
  get transient(): boolean {
    return this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

/**
 * The request did not get an answer: the engine is unreachable (`UNAVAILABLE`), did not answer
 * within the timeout (`TIMEOUT`), or the caller aborted it (`ABORTED`). `cause` holds the
 * underlying error.
 */
export class OspreyConnectionError extends OspreyClientError {
  constructor(
    readonly code: 'UNAVAILABLE' | 'TIMEOUT' | 'ABORTED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OspreyConnectionError';
  }
}

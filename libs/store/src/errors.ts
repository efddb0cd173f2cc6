/** Why a request cannot be carried out, in the words of Camunda's problem titles. */
export type EngineErrorTitle = 'NOT_FOUND' | 'INVALID_STATE' | 'INVALID_ARGUMENT' | 'FORBIDDEN' | 'PAYLOAD_TOO_LARGE' | 'UNAUTHENTICATED' | 'UNAVAILABLE';

/**
 * Errors the store raises for requests that cannot be carried out: expected failures, each
 * with a title that says which kind it is. The store knows nothing of HTTP; the API chooses
 * the status for each title (`apps/engine`, the problem filter). Anything else is a bug.
 */
export abstract class EngineError extends Error {
  abstract readonly title: EngineErrorTitle;
  constructor(
    message: string,
    readonly details: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The addressed entity does not exist (or is not visible). */
export class NotFoundError extends EngineError {
  readonly title = 'NOT_FOUND' as const;
}

/** The entity exists but is not in a state that allows the request. */
export class ConflictError extends EngineError {
  readonly title = 'INVALID_STATE' as const;
}

/** The request is malformed or the resource is invalid; `details` lists every problem. */
export class ValidationError extends EngineError {
  readonly title = 'INVALID_ARGUMENT' as const;
}

/** The caller may not act in what the request names (a tenant it is not assigned to). */
export class ForbiddenError extends EngineError {
  readonly title = 'FORBIDDEN' as const;
}

/**
 * The request carries more data than the engine keeps (a variable, or an instance's variables
 * together, over their limit). The client must send less; repeating it cannot succeed.
 */
export class PayloadTooLargeError extends EngineError {
  readonly title = 'PAYLOAD_TOO_LARGE' as const;
}

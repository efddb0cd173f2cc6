/**
 * Errors the store raises for requests that cannot be carried out. The API maps each class to
 * an RFC 9457 problem: {@link NotFoundError} → 404, {@link ConflictError} → 409,
 * {@link ValidationError} → 400, {@link ForbiddenError} → 403, {@link PayloadTooLargeError} → 413. Anything
 * else is a bug and becomes a 500.
 */
export abstract class EngineError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
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
  readonly status = 404;
  readonly title = 'NOT_FOUND';
}

/** The entity exists but is not in a state that allows the request. */
export class ConflictError extends EngineError {
  readonly status = 409;
  readonly title = 'INVALID_STATE';
}

/** The request is malformed or the resource is invalid; `details` lists every problem. */
export class ValidationError extends EngineError {
  readonly status = 400;
  readonly title = 'INVALID_ARGUMENT';
}

/** The caller may not act in what the request names (a tenant it is not assigned to). */
export class ForbiddenError extends EngineError {
  readonly status = 403;
  readonly title = 'FORBIDDEN';
}

/**
 * The request carries more data than the engine keeps (a variable, or an instance's variables
 * together, over their limit). `413`: the client must send less; repeating it cannot succeed.
 */
export class PayloadTooLargeError extends EngineError {
  readonly status = 413;
  readonly title = 'PAYLOAD_TOO_LARGE';
}

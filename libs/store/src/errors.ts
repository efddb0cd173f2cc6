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

/**
 * The connection to the database was lost in the middle of a command, so whether it committed
 * is unknown; the same request (with its operation reference, or a job's attempt) is safe to repeat.
 */
export class DatabaseUnavailableError extends EngineError {
  readonly title = 'UNAVAILABLE' as const;
}

/** PostgreSQL error classes and codes that mean "not now", not "never": the server is unreachable. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '53300', // too_many_connections
  '40P01', // deadlock_detected: PostgreSQL chose this transaction to roll back; a retry succeeds
]);

/**
 * Whether `error` says the database could not be reached (refused or lost connection, server
 * shutting down or starting, no pool connection within its timeout) rather than that the
 * statement was wrong. The same request can succeed once the database is back, so the API
 * answers `503` with `Retry-After` instead of `500`.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (e instanceof DatabaseUnavailableError) return true;
    const code = typeof e.code === 'string' ? e.code : '';
    if (UNAVAILABLE_CODES.has(code) || code.startsWith('08')) return true;
    const message = typeof e.message === 'string' ? e.message : '';
    // pg's own wording for a pool that could not connect and a connection lost mid-query.
    if (/timeout exceeded when trying to connect|Connection terminated|connection error|Client was closed/i.test(message)) return true;
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return false;
}

/**
 * Whether PostgreSQL refused a value itself — a data exception (class 22: invalid text, a number
 * out of range) or a program limit (class 54: a value too large for an index entry). Sending the
 * same data again cannot succeed, so a consumer must skip it rather than retry it forever.
 */
export function isRefusedByDatabase(error: unknown): boolean {
  for (let e = error as { code?: unknown; driverError?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string' && /^(22|54)[0-9A-Z]{3}$/.test(e.code)) return true;
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return false;
}

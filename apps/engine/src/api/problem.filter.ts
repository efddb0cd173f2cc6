import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EngineError, isDatabaseUnavailable, type EngineErrorTitle } from '@osprey/store';
import type { Logger } from 'pino';

/** An RFC 9457 problem details body. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  /** Osprey: every individual problem, when there are several (validation). */
  errors?: readonly string[];
}

/** How long a client should wait before retrying while the database is unreachable. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The HTTP status of each kind of expected failure. `413` for sizes: the request is well-formed,
 * the client must send less, and repeating it unchanged can never succeed (ADR 0007).
 */
export const STATUS_OF: Readonly<Record<EngineErrorTitle, number>> = {
  INVALID_ARGUMENT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_STATE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNAVAILABLE: 503,
};

/**
 * Every error leaves the API as `application/problem+json` (RFC 9457). Expected errors carry
 * a message a person can act on; anything unexpected is logged with its stack and answered
 * with a 500 that reveals nothing internal.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const problem = this.toProblem(error, req.url);
    if (problem.status === 503) {
      this.logger.warn({ err: error, url: req.url }, 'request refused: the database is unreachable');
      void reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    } else if (problem.status >= 500) this.logger.error({ err: error, url: req.url }, 'request failed');
    void reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
  }

  private toProblem(error: unknown, instance: string): Problem {
    if (error instanceof EngineError) {
      const detail = error.details.length > 0 ? `${error.message}: ${error.details.join('; ')}` : error.message;
      return { type: 'about:blank', title: error.title, status: STATUS_OF[error.title], detail, instance, ...(error.details.length ? { errors: error.details } : {}) };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      const detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? error.message);
      return { type: 'about:blank', title: titleFor(status), status, detail, instance };
    }
    const e = error as { statusCode?: number; message?: string; code?: string; name?: string };
    // Fastify's own errors (bad JSON, body too large, unsupported media type) carry a statusCode.
    if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      return { type: 'about:blank', title: titleFor(e.statusCode), status: e.statusCode, detail: e.message ?? 'Bad request', instance };
    }
    if (isDatabaseUnavailable(error)) {
      // Not the request's fault: the same request can succeed once the database is back (a start
      // with an operationReference, a job completion with its attempt, are safe to repeat).
      return { type: 'about:blank', title: 'UNAVAILABLE', status: 503, detail: 'The database is unreachable or busy (a deadlock it resolved); retry after the Retry-After header', instance };
    }
    if (e?.name === 'BpmnSecurityError' || e?.name === 'BpmnValidationError') {
      return { type: 'about:blank', title: 'INVALID_ARGUMENT', status: 400, detail: e.message ?? 'Invalid BPMN', instance };
    }
    return { type: 'about:blank', title: 'INTERNAL_ERROR', status: 500, detail: 'The engine failed to process the request; see the engine log', instance };
  }
}

function titleFor(status: number): string {
  switch (status) {
    case 400:
      return 'INVALID_ARGUMENT';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'INVALID_STATE';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'RESOURCE_EXHAUSTED';
    case 503:
      return 'UNAVAILABLE';
    default:
      return status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST';
  }
}

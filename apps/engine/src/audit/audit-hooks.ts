import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { auditScope, isDatabaseUnavailable, type AuditLog, type AuditOutcome } from '@osprey/store';
import type { Logger } from 'pino';
import { LOGGER } from '../engine.tokens';
import { AUDIT_LOG } from './audit.tokens';
import { describeRequest, isAuditedWrite } from './audit-request';
import { RequestAuditScope } from './request-audit-scope';

const SCOPE = Symbol('auditScope');
type ScopedRequest = FastifyRequest & { [SCOPE]?: RequestAuditScope };

/**
 * Opens an audit scope around every state-changing `/v2` request (Fastify hooks, so no
 * controller knows about auditing), so the command's own transaction writes the entry. When no
 * transaction did — the command failed and rolled back, the guard refused it (401/403, on any
 * `/v2` route), or nothing needed writing — the entry is written on its own just before the
 * response is sent, with the outcome its status implies.
 */
@Injectable()
export class AuditHooks implements OnModuleInit {
  /** Requests whose body arrived (they reached `preValidation`). */
  private readonly received = new WeakSet<object>();

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.audit.install();
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', (req: ScopedRequest, _reply, done) => {
      if (!isAuditedWrite(req.method, req.routeOptions.url)) return done();
      req[SCOPE] = new RequestAuditScope(req);
      auditScope.run(req[SCOPE], done);
    });
    // Body parsing runs on stream events and loses the context; enter it again for the handler.
    fastify.addHook('preValidation', (req: ScopedRequest, _reply, done) => {
      this.received.add(req);
      const scope = req[SCOPE];
      if (!scope) return done();
      auditScope.run(scope, done);
    });
    fastify.addHook('onSend', async (req: ScopedRequest, reply, payload) => {
      await this.afterwards(req, reply);
      return payload;
    });
    // After the response, resources that outlive the request keep its scope: not the request too.
    fastify.addHook('onResponse', (req: ScopedRequest, _reply, done) => {
      req[SCOPE]?.release();
      done();
    });
  }

  private async afterwards(req: ScopedRequest, reply: FastifyReply): Promise<void> {
    const route = req.routeOptions.url;
    const status = reply.statusCode;
    const denied = (status === 401 || status === 403) && route?.startsWith('/v2/') === true;
    const scope = req[SCOPE];
    if (!scope && !denied) return;
    // A shed request (load shedding) reached nothing and changed nothing; writing its entry
    // would load the very database the shedding protects. osprey_http_requests_shed_total counts it.
    if (status === 429) return;
    // Likewise a request whose client went away before its body arrived (a stalled upload cut
    // off at OSPREY_REQUEST_RECEIVE_TIMEOUT_MS): 300 of them at once must not become 300 writes.
    if (!this.received.has(req) && req.raw.socket?.destroyed) return;
    // A committed entry stands for a request that succeeded; a later failure gets its own.
    if (scope?.written && status < 400) return;
    const outcome: AuditOutcome = denied ? 'DENIED' : status >= 500 ? 'FAILED' : status >= 400 ? 'REJECTED' : 'SUCCEEDED';
    try {
      await this.audit.record({ ...(scope?.describe() ?? describeRequest(req)), outcome, status });
    } catch (error) {
      // While the database is unreachable the request itself was refused with 503; its entry cannot be written either.
      const level = isDatabaseUnavailable(error) ? 'warn' : 'error';
      this.logger[level]({ err: error, method: req.method, route, status }, 'could not write the audit entry of a request');
    }
  }
}

import { Readable } from 'node:stream';
import { Controller, Inject, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { verifyAuditChain, type AuditFilter, type AuditLog, type OspreyEngine } from '@osprey/store';
import { VERIFY_AUDIT, SEARCH_AUDIT, EXPORT_AUDIT, type AuditSearchRequest } from '@osprey/contracts';
import { ContractBody, Route } from '../api/contract-route';
import { ENGINE } from '../engine.tokens';
import { AUDIT_LOG } from './audit.tokens';

/** The audit log for auditors (right `audit`, held by admins): verify, search, export. */
@Controller()
export class AuditController {
  constructor(
    @Inject(ENGINE) private readonly engine: OspreyEngine,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  /** Recomputes the hash chain: `{ valid, checked, unsealed, tip?, firstInvalid? }`. */
  @Route(VERIFY_AUDIT)
  verify() {
    return verifyAuditChain(this.engine.db);
  }

  /** `{ filter: { from, to, actorId, operation, targetKey, outcome }, page: { limit, after } }`, oldest first. */
  @Route(SEARCH_AUDIT)
  async search(@ContractBody() body: AuditSearchRequest) {
    const { filter = {}, page = {} } = body;
    const result = await this.audit.search(filter, page);
    return { items: result.items, page: { totalItems: result.totalItems, endCursor: result.endCursor } };
  }

  /** Every entry with `from <= occurredAt < to`, one JSON object per line, streamed. */
  @Route(EXPORT_AUDIT)
  async export(@Query('from') from: string | undefined, @Query('to') to: string | undefined, @Res() reply: FastifyReply) {
    const filter: AuditFilter = { from: from || undefined, to: to || undefined };
    // Validates the bounds before the first byte is sent: a 400 after a 200 header is impossible.
    await this.audit.search(filter, { limit: 1 });
    const lines = Readable.from(
      (async function* (entries) {
        for await (const entry of entries) yield `${JSON.stringify(entry)}\n`;
      })(this.audit.export(filter)),
    );
    return reply.header('content-type', 'application/x-ndjson; charset=utf-8').header('cache-control', 'no-store').send(lines);
  }
}

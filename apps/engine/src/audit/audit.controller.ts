import { Readable } from 'node:stream';
import { Body as RawBody, Controller, Get, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { verifyAuditChain, type AuditFilter, type AuditLog, type OspreyEngine } from '@osprey/store';
import { AuditSearchRequest } from '@osprey/contracts';
import { readBody } from '../api/read-body';
import { ENGINE } from '../engine.tokens';
import { AUDIT_LOG } from './audit.tokens';

/** The audit log for auditors (right `audit`, held by admins): verify, search, export. */
@Controller('v2/audit')
export class AuditController {
  constructor(
    @Inject(ENGINE) private readonly engine: OspreyEngine,
    @Inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  /** Recomputes the hash chain: `{ valid, checked, unsealed, tip?, firstInvalid? }`. */
  @Get('verify')
  verify() {
    return verifyAuditChain(this.engine.db);
  }

  /** `{ filter: { from, to, actorId, operation, targetKey, outcome }, page: { limit, after } }`, oldest first. */
  @Post('search')
  @HttpCode(200)
  async search(@RawBody() raw: unknown) {
    const { filter = {}, page = {} } = readBody(AuditSearchRequest, raw);
    const result = await this.audit.search(filter, page);
    return { items: result.items, page: { totalItems: result.totalItems, endCursor: result.endCursor } };
  }

  /** Every entry with `from <= occurredAt < to`, one JSON object per line, streamed. */
  @Get('export')
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

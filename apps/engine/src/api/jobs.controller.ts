import { Body as RawBody, Controller, HttpCode, Inject, Param, Patch, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { OspreyEngine, SearchRequest } from '@osprey/store';
import { ENGINE } from '../engine.tokens';
import { jobResult } from './ad-hoc-activities.body';
import { Body, MAX_DURATION_MS } from './body';
import { tenantScopeOf } from '../auth/tenants';

/** Default long-poll when a worker sends `requestTimeout: 0`, as Camunda's gateway does. */
const DEFAULT_LONG_POLL_MS = 10_000;
const MAX_LONG_POLL_MS = 60_000;

/** Jobs for external workers. */
@Controller('v2/jobs')
export class JobsController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  /**
   * Long-polling activation: answers as soon as a job is activated, or empty after
   * `requestTimeout` (0 = 10 s default; negative = no waiting). Only jobs of `tenantIds` (each
   * one of the caller's), or of every tenant of the caller when none is named.
   */
  @Post('activation')
  @HttpCode(200)
  async activate(@RawBody() raw: unknown, @Res({ passthrough: true }) reply: FastifyReply, @Req() req: unknown) {
    const b = new Body(raw);
    const type = b.string('type', { required: true });
    const worker = b.string('worker');
    const timeout = b.int('timeout', { required: true, min: 1, max: MAX_DURATION_MS });
    const max = b.int('maxJobsToActivate', { required: true, min: 1, max: 1000 });
    const fetchVariable = b.stringArray('fetchVariable');
    const requestTimeout = b.int('requestTimeout', { min: -MAX_DURATION_MS, max: MAX_DURATION_MS });
    const tenantIds = b.stringArray('tenantIds');
    b.done();
    const wait = requestTimeout === undefined || requestTimeout === 0 ? DEFAULT_LONG_POLL_MS : requestTimeout < 0 ? 0 : Math.min(requestTimeout, MAX_LONG_POLL_MS);
    // Stop waiting when the worker hangs up, so no job is leased to a client that has gone. The
    // request's own 'close' fires as soon as its body is read; the response's fires on hang-up.
    const abort = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) abort.abort();
    });
    const jobs = await this.engine.jobs.activate(
      { type, worker, timeout: timeout!, maxJobsToActivate: max!, fetchVariable, requestTimeout: wait, tenantIds },
      abort.signal,
      tenantScopeOf(req),
    );
    return { jobs };
  }

  @Post('search')
  @HttpCode(200)
  search(@RawBody() body: SearchRequest, @Req() req: unknown) {
    return this.engine.search.jobs(body ?? {}, tenantScopeOf(req));
  }

  @Post(':key/completion')
  @HttpCode(204)
  async complete(@Param('key') key: string, @RawBody() raw: unknown, @Req() req: unknown) {
    const b = new Body(raw);
    const variables = b.variables('variables') ?? {};
    const attempt = b.int('attempt', { min: 1 });
    const result = jobResult(b);
    b.done();
    await this.engine.jobs.complete(key, variables, { attempt }, tenantScopeOf(req), result);
  }

  @Post(':key/failure')
  @HttpCode(204)
  async fail(@Param('key') key: string, @RawBody() raw: unknown, @Req() req: unknown) {
    const b = new Body(raw);
    const retries = b.int('retries', { min: 0 }) ?? 0;
    const errorMessage = b.string('errorMessage');
    const retryBackOff = b.int('retryBackOff', { min: 0, max: MAX_DURATION_MS });
    const variables = b.variables('variables');
    const attempt = b.int('attempt', { min: 1 });
    b.done();
    await this.engine.jobs.fail(key, { retries, errorMessage, retryBackOff, variables }, { attempt }, tenantScopeOf(req));
  }

  @Post(':key/error')
  @HttpCode(204)
  async error(@Param('key') key: string, @RawBody() raw: unknown, @Req() req: unknown) {
    const b = new Body(raw);
    const errorCode = b.string('errorCode', { required: true });
    const errorMessage = b.string('errorMessage');
    const variables = b.variables('variables');
    const attempt = b.int('attempt', { min: 1 });
    b.done();
    await this.engine.jobs.throwError(key, { errorCode, errorMessage, variables }, { attempt }, tenantScopeOf(req));
  }

  /** `PATCH /v2/jobs/{key}` — `{ changeset: { retries?, timeout? } }`. */
  @Patch(':key')
  @HttpCode(204)
  async update(@Param('key') key: string, @RawBody() raw: unknown, @Req() req: unknown) {
    const b = new Body(raw);
    const c = new Body(b.raw('changeset'), 'changeset');
    const retries = c.int('retries', { min: 0 });
    const timeout = c.int('timeout', { min: 1, max: MAX_DURATION_MS });
    const attempt = b.int('attempt', { min: 1 });
    if (retries === undefined && timeout === undefined) c.problem('changeset: Expected retries or timeout, but found neither');
    b.done();
    c.done();
    await this.engine.jobs.update(key, { retries, timeout }, { attempt }, tenantScopeOf(req));
  }
}

import { Body as RawBody, Controller, HttpCode, Inject, Param, Patch, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ValidationError, type OspreyEngine } from '@osprey/store';
import type { JobResult } from '@osprey/runtime';
import { ENGINE } from '../engine.tokens';
import { ActivateJobsRequest, CompleteJobRequest, FailJobRequest, SearchRequest, ThrowJobErrorRequest, UpdateJobRequest } from '@osprey/contracts';
import { readBody } from './read-body';
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
    const { type, worker, timeout, maxJobsToActivate, fetchVariable, requestTimeout, tenantIds } = readBody(ActivateJobsRequest, raw);
    const wait = requestTimeout === undefined || requestTimeout === 0 ? DEFAULT_LONG_POLL_MS : requestTimeout < 0 ? 0 : Math.min(requestTimeout, MAX_LONG_POLL_MS);
    // Stop waiting when the worker hangs up, so no job is leased to a client that has gone. The
    // request's own 'close' fires as soon as its body is read; the response's fires on hang-up.
    const abort = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) abort.abort();
    });
    const jobs = await this.engine.jobs.activate(
      { type, worker, timeout, maxJobsToActivate, fetchVariable, requestTimeout: wait, tenantIds },
      abort.signal,
      tenantScopeOf(req),
    );
    return { jobs };
  }

  @Post('search')
  @HttpCode(200)
  search(@RawBody() raw: unknown, @Req() req: unknown) {
    return this.engine.search.jobs(readBody(SearchRequest, raw), tenantScopeOf(req));
  }

  @Post(':key/completion')
  @HttpCode(204)
  async complete(@Param('key') key: string, @RawBody() raw: unknown, @Req() req: unknown) {
    const { variables = {}, attempt, result } = readBody(CompleteJobRequest, raw);
    await this.engine.jobs.complete(key, variables, { attempt }, tenantScopeOf(req), toJobResult(result));
  }

  @Post(':key/failure')
  @HttpCode(204)
  async fail(@Param('key') key: string, @RawBody() raw: unknown, @Req() req: unknown) {
    const { retries = 0, errorMessage, retryBackOff, variables, attempt } = readBody(FailJobRequest, raw);
    await this.engine.jobs.fail(key, { retries, errorMessage, retryBackOff, variables }, { attempt }, tenantScopeOf(req));
  }

  @Post(':key/error')
  @HttpCode(204)
  async error(@Param('key') key: string, @RawBody() raw: unknown, @Req() req: unknown) {
    const { errorCode, errorMessage, variables, attempt } = readBody(ThrowJobErrorRequest, raw);
    await this.engine.jobs.throwError(key, { errorCode, errorMessage, variables }, { attempt }, tenantScopeOf(req));
  }

  /** `PATCH /v2/jobs/{key}` — `{ changeset: { retries?, timeout? } }`. */
  @Patch(':key')
  @HttpCode(204)
  async update(@Param('key') key: string, @RawBody() raw: unknown, @Req() req: unknown) {
    const {
      changeset: { retries, timeout },
      attempt,
    } = readBody(UpdateJobRequest, raw);
    if (retries === undefined && timeout === undefined) throw new ValidationError('Invalid request body', ['changeset: Expected retries or timeout, but found neither']);
    await this.engine.jobs.update(key, { retries, timeout }, { attempt }, tenantScopeOf(req));
  }
}

/** The contract's job result as the runtime takes it (a result without `type` is a user task listener's). */
function toJobResult(result: CompleteJobRequest['result']): JobResult | undefined {
  if (!result) return undefined;
  return result.type === 'adHocSubProcess' ? result : { ...result, type: 'userTask' };
}

import { Controller, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ValidationError, type OspreyEngine } from '@osprey/store';
import type { JobResult } from '@osprey/runtime';
import { ENGINE } from '../engine.tokens';
import { ACTIVATE_JOBS, SEARCH_JOBS, COMPLETE_JOB, FAIL_JOB, THROW_JOB_ERROR, UPDATE_JOB, type ActivateJobsRequest, type CompleteJobRequest, type FailJobRequest, type SearchRequest, type ThrowJobErrorRequest, type UpdateJobRequest } from '@osprey/contracts';
import { ContractBody, Route } from './contract-route';
import { tenantScopeOf } from '../auth/tenants';

/** Default long-poll when a worker sends `requestTimeout: 0`, as Camunda's gateway does. */
const DEFAULT_LONG_POLL_MS = 10_000;
const MAX_LONG_POLL_MS = 60_000;

/** Jobs for external workers. */
@Controller()
export class JobsController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  /**
   * Long-polling activation: answers as soon as a job is activated, or empty after
   * `requestTimeout` (0 = 10 s default; negative = no waiting). Only jobs of `tenantIds` (each
   * one of the caller's), or of every tenant of the caller when none is named.
   */
  @Route(ACTIVATE_JOBS)
  async activate(@ContractBody() body: ActivateJobsRequest, @Res({ passthrough: true }) reply: FastifyReply, @Req() req: unknown) {
    const { type, worker, timeout, maxJobsToActivate, fetchVariable, requestTimeout, tenantIds } = body;
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

  @Route(SEARCH_JOBS)
  search(@ContractBody() body: SearchRequest, @Req() req: unknown) {
    return this.engine.search.jobs(body, tenantScopeOf(req));
  }

  @Route(COMPLETE_JOB)
  async complete(@Param('key') key: string, @ContractBody() body: CompleteJobRequest, @Req() req: unknown) {
    const { variables = {}, attempt, result } = body;
    await this.engine.jobs.complete(key, variables, { attempt }, tenantScopeOf(req), toJobResult(result));
  }

  @Route(FAIL_JOB)
  async fail(@Param('key') key: string, @ContractBody() body: FailJobRequest, @Req() req: unknown) {
    const { retries = 0, errorMessage, retryBackOff, variables, attempt } = body;
    await this.engine.jobs.fail(key, { retries, errorMessage, retryBackOff, variables }, { attempt }, tenantScopeOf(req));
  }

  @Route(THROW_JOB_ERROR)
  async error(@Param('key') key: string, @ContractBody() body: ThrowJobErrorRequest, @Req() req: unknown) {
    const { errorCode, errorMessage, variables, attempt } = body;
    await this.engine.jobs.throwError(key, { errorCode, errorMessage, variables }, { attempt }, tenantScopeOf(req));
  }

  /** `PATCH /v2/jobs/{key}` — `{ changeset: { retries?, timeout? } }`. */
  @Route(UPDATE_JOB)
  async update(@Param('key') key: string, @ContractBody() body: UpdateJobRequest, @Req() req: unknown) {
    const {
      changeset: { retries, timeout },
      attempt,
    } = body;
    if (retries === undefined && timeout === undefined) throw new ValidationError('Invalid request body', ['changeset: Expected retries or timeout, but found neither']);
    await this.engine.jobs.update(key, { retries, timeout }, { attempt }, tenantScopeOf(req));
  }
}

/** The contract's job result as the runtime takes it (a result without `type` is a user task listener's). */
function toJobResult(result: CompleteJobRequest['result']): JobResult | undefined {
  if (!result) return undefined;
  return result.type === 'adHocSubProcess' ? result : { ...result, type: 'userTask' };
}

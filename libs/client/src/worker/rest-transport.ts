import type { ActivatedJob } from '../client/api-types';
import { OspreyApiError, OspreyConnectionError } from '../client/errors';
import type { OspreyClient } from '../client/osprey-client';
import type { JobChannel, JobRecord } from './active-job';
import { Backoff, sleep } from './backoff';
import { JobRunner, type JobRunnerOptions } from './job-runner';
import { callHook } from './metrics-hooks';
import { jobTraceContext } from './job-trace';
import type { WorkerLogger, WorkerMetrics } from './worker-options';

/** What the REST transport needs. */
export interface RestTransportOptions {
  readonly client: OspreyClient;
  readonly type: string;
  readonly name: string;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly pollRequestTimeout: number;
  readonly fetchVariables?: readonly string[];
  readonly tenantIds?: readonly string[];
  readonly logger: WorkerLogger;
  readonly metrics: WorkerMetrics;
}

/**
 * An empty answer faster than this means the engine did not long-poll (or `pollRequestTimeout`
 * is negative); waiting out the rest keeps a worker from spinning at thousands of requests a second.
 */
const MIN_EMPTY_POLL_MS = 100;

/** Answers jobs over REST, with the lease's attempt as fencing token on every call. */
export function restChannel(client: OspreyClient): JobChannel {
  return {
    async settle(job, outcome) {
      const attempt = job.attempt;
      switch (outcome.kind) {
        case 'complete':
          return client.completeJob(job.key, { variables: outcome.variables, attempt });
        case 'fail':
          return client.failJob(job.key, {
            retries: outcome.retries,
            errorMessage: outcome.message,
            retryBackOff: outcome.backoff,
            attempt,
          });
        case 'error':
          return client.throwJobError(job.key, {
            errorCode: outcome.code,
            errorMessage: outcome.message,
            variables: outcome.variables,
            attempt,
          });
      }
    },
    extend: (job, timeoutMs) => client.updateJob(job.key, { timeout: timeoutMs }, { attempt: job.attempt }),
    isTransient: (error) =>
      (error instanceof OspreyConnectionError && error.code !== 'ABORTED') ||
      (error instanceof OspreyApiError && error.transient),
    isLeaseLost: (error) => error instanceof OspreyApiError && error.leaseLost,
  };
}

/** A job from `POST /v2/jobs/activation`, its lease counted from when it arrived. */
export function fromActivatedJob(job: ActivatedJob, timeoutMs: number, receivedAt = Date.now()): JobRecord {
  return {
    key: job.jobKey,
    type: job.type,
    processInstanceKey: job.processInstanceKey,
    processDefinitionId: job.processDefinitionId,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    attempt: job.attempt,
    variables: job.variables ?? {},
    headers: job.customHeaders ?? {},
    retries: job.retries,
    deadline: job.deadline,
    // The engine's clock may differ from ours; the lease began no later than the answer arrived.
    leaseEndsAt: receivedAt + timeoutMs,
    leaseMs: timeoutMs,
    receivedAt,
    // The engine hands the creating command's trace over as custom headers (ADR 0006).
    traceContext: jobTraceContext((field) => job.customHeaders?.[field]),
  };
}

/**
 * The long-poll loop: asks for as many jobs as there is room for (`concurrency - inFlight`),
 * waits for a free slot when full, and backs off exponentially (up to 5 s) while the engine
 * cannot be reached, resetting after the first success.
 */
export class RestTransport {
  readonly runner: JobRunner<object, object>;
  /** Aborted by stop(): no new long-poll starts. */
  private readonly stopping = new AbortController();
  /** Aborts the open long-poll itself, only when it outlasts the drain window. */
  private readonly pollAbort = new AbortController();
  private loop?: Promise<void>;
  /** Jobs that arrived after stop() began, on their way back to the engine. */
  private readonly handingBack = new Set<Promise<void>>();

  constructor(
    private readonly options: RestTransportOptions,
    runnerOptions: Omit<JobRunnerOptions<object, object>, 'channel'>,
  ) {
    this.runner = new JobRunner({ ...runnerOptions, channel: restChannel(options.client) });
  }

  async start(): Promise<void> {
    this.loop = this.poll();
  }

  /**
   * Stops polling and waits up to `drainMs` both for running handlers and for the open
   * long-poll; jobs that long-poll still returns go straight back. The long-poll is let finish
   * rather than aborted because the engine may activate jobs for a request whose client has
   * hung up, leaving them leased to a worker that is gone until the lease ends. After
   * `drainMs`, the long-poll is aborted and unfinished jobs are handed back.
   */
  async stop(drainMs: number): Promise<void> {
    this.stopping.abort();
    const loopEnded = this.loop ?? Promise.resolve();
    const abortLateLoop = new AbortController();
    const [drained] = await Promise.all([
      this.runner.drain(drainMs),
      Promise.race([loopEnded, sleep(drainMs, abortLateLoop.signal)]).then(() => {
        abortLateLoop.abort();
        this.pollAbort.abort();
        return loopEnded;
      }),
    ]);
    if (!drained || this.runner.inFlight > 0) await this.runner.handBackAll();
    await Promise.all([...this.handingBack]);
  }

  private async poll(): Promise<void> {
    const {
      client,
      type,
      name,
      concurrency,
      timeoutMs,
      pollRequestTimeout,
      fetchVariables,
      tenantIds,
      logger,
      metrics,
    } = this.options;
    const stopping = this.stopping.signal;
    const backoff = new Backoff();
    while (!stopping.aborted) {
      const room = concurrency - this.runner.inFlight;
      if (room <= 0) {
        await this.runner.waitForSlot(stopping);
        continue;
      }
      const askedAt = Date.now();
      let jobs: ActivatedJob[];
      try {
        jobs = await client.activateJobs(
          {
            type,
            worker: name,
            timeout: timeoutMs,
            maxJobsToActivate: room,
            fetchVariable: fetchVariables,
            requestTimeout: pollRequestTimeout,
            tenantIds,
          },
          { signal: this.pollAbort.signal },
        );
      } catch (error) {
        if (stopping.aborted) break;
        const waitMs = backoff.next();
        const refused = error instanceof OspreyApiError && (error.status === 401 || error.status === 403);
        logger.warn(
          { jobType: type, err: error, retryInMs: waitMs },
          refused
            ? `could not activate jobs: the engine refused the worker's credential (${(error as OspreyApiError).status}); give the client an apiKey or oauth client credentials with the worker role (docs/workers.md#credentials); backing off`
            : 'could not activate jobs; backing off',
        );
        callHook(metrics, (m) => m.onError?.(error));
        await sleep(waitMs, stopping);
        continue;
      }
      backoff.reset();
      const receivedAt = Date.now();
      for (const job of jobs) {
        const record = fromActivatedJob(job, timeoutMs, receivedAt);
        // Not awaited: neither rejects, and stop() drains or hands back what is in flight.
        if (stopping.aborted) {
          const back = this.runner.handBackUnstarted(record).finally(() => this.handingBack.delete(back));
          this.handingBack.add(back);
        } else void this.runner.run(record);
      }
      if (jobs.length === 0 && receivedAt - askedAt < MIN_EMPTY_POLL_MS)
        await sleep(MIN_EMPTY_POLL_MS - (receivedAt - askedAt), stopping);
    }
  }
}

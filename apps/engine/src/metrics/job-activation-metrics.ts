import { Inject, Injectable } from '@nestjs/common';
import { MetricsRepository, type ActivatedJob, type ActivationRequest, type OspreyEngine } from '@osprey/store';
import type { Logger } from 'pino';
import { ENGINE, LOGGER } from '../engine.tokens';
import { Lifecycle } from '../lifecycle';
import { EngineMetrics } from './engine-metrics';

/**
 * Counts REST job activations and measures how long jobs waited for their first one.
 *
 * An activation is a lease on a job, not a change to its instance, so it writes no record and
 * the record stream cannot see it. This wraps `engine.jobs.activate` instead, which every
 * activation path (the REST endpoint, long-polls) goes through, and keeps the engine core free
 * of metrics.
 *
 * The latency needs the job's creation time, which an activated job does not carry: it is read
 * from the job's `JOB CREATED` history record (the job row itself may be gone by then, deleted
 * by a fast worker's completion). That lookup runs after the activation has answered, and at
 * most one runs at a time per replica, so under load the histogram is a sample of activations
 * while `osprey_jobs_activated_total` stays exact.
 *
 * Lease expiries are counted from `engine.events.onLeaseExpired`, raised by the statements that
 * take an expired job back (activation, Kafka re-dispatch, the lease-expiry incident).
 */
@Injectable()
export class JobActivationMetrics {
  private lookingUp = false;
  private readonly queries: MetricsRepository;

  constructor(
    @Inject(ENGINE) engine: OspreyEngine,
    @Inject(EngineMetrics) private readonly metrics: EngineMetrics,
    @Inject(Lifecycle) private readonly lifecycle: Lifecycle,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.queries = new MetricsRepository(engine.db);
    engine.events.onLeaseExpired((type) => this.metrics.jobLeaseExpiries.inc({ type: this.metrics.jobTypes.of(type) }));
    const activate = engine.jobs.activate.bind(engine.jobs);
    // Every argument passes through: dropping one (the caller's tenant scope) would widen the activation.
    engine.jobs.activate = async (request: ActivationRequest, ...rest: RestOfActivate): Promise<ActivatedJob[]> => {
      const jobs = await activate(request, ...rest);
      if (jobs.length > 0) this.observe(request, jobs);
      return jobs;
    };
  }

  private observe(request: ActivationRequest, jobs: readonly ActivatedJob[]): void {
    this.metrics.jobsActivated.inc({ type: this.metrics.jobTypes.of(request.type) }, jobs.length);
    const first = jobs.filter((j) => j.attempt === 1);
    if (first.length === 0 || this.lookingUp || this.lifecycle.stopping) return;
    this.lookingUp = true;
    void this.lifecycle
      .track(this.observeLatency(request.timeout, first))
      .catch((error: unknown) => this.logger.debug({ err: error }, 'could not measure job activation latency'))
      .finally(() => {
        this.lookingUp = false;
      });
  }

  private async observeLatency(timeoutMs: number, jobs: readonly ActivatedJob[]): Promise<void> {
    const created = await this.queries.jobCreationTimes(jobs.map((j) => j.jobKey));
    for (const job of jobs) {
      const at = created.get(job.jobKey);
      // The lease deadline is the activation's database time plus the lease, so both ends of
      // the interval are on the database clock.
      if (at !== undefined) this.metrics.jobActivationLatency.observe(Math.max(0, job.deadline - timeoutMs - at) / 1000);
    }
  }
}

type RestOfActivate = Parameters<OspreyEngine['jobs']['activate']> extends [ActivationRequest, ...infer R] ? R : never;

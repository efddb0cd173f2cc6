import { Inject, Injectable } from '@nestjs/common';
import type { OspreyEngine } from '@osprey/store';
import { ENGINE } from '../engine.tokens';
import { EngineMetrics } from './engine-metrics';

/**
 * Counts REST job activations and measures how long jobs waited for their first one.
 *
 * An activation is a lease on a job, not a change to its instance, so it writes no record and
 * the record stream cannot see it. The activation statement itself returns, with each job, how
 * long ago the job was created (both ends on the database clock), and the engine raises that as
 * `onJobsActivated` once the statement committed: every first activation is measured, and no
 * query runs for it.
 *
 * Lease expiries are counted from `engine.events.onLeaseExpired`, raised by the statements that
 * take an expired job back (activation, Kafka re-dispatch, the lease-expiry incident).
 */
@Injectable()
export class JobActivationMetrics {
  constructor(@Inject(ENGINE) engine: OspreyEngine, @Inject(EngineMetrics) metrics: EngineMetrics) {
    engine.events.onLeaseExpired((type) => metrics.jobLeaseExpiries.inc({ type: metrics.jobTypes.of(type) }));
    engine.events.onJobsActivated(({ type, count, firstWaitsMs }) => {
      metrics.jobsActivated.inc({ type: metrics.jobTypes.of(type) }, count);
      for (const waited of firstWaitsMs) metrics.jobActivationLatency.observe(waited / 1000);
    });
  }
}

import type { JobInfo, WorkerMetrics } from '@osprey/client';
import type { Logger } from 'pino';

/**
 * One JSON log line per job, written from the worker's metrics hooks: completed jobs at info,
 * failures, BPMN errors, hand-backs and lost leases at warn, engine and broker errors at error.
 */
export function jobLog(logger: Logger): WorkerMetrics {
  const fields = (job: JobInfo) => ({
    jobType: job.type,
    jobKey: job.key,
    processInstanceKey: job.processInstanceKey,
    elementId: job.elementId,
    attempt: job.attempt,
  });
  return {
    onJobCompleted: (durationMs, job) =>
      logger.info({ ...fields(job), outcome: 'completed', durationMs }, 'job completed'),
    onJobFailed: (job, reason, message) =>
      logger.warn({ ...fields(job), outcome: reason, errorMessage: message }, `job ${reason}`),
    onError: (error) => logger.error({ err: error }, 'engine or broker error'),
  };
}

import type { JobHandler } from '@osprey/client';

/**
 * `release-stock` undoes "Check inventory" (its compensation handler): it starts with the
 * variables the check completed with — `items` and the `reservationId` it returned, which the
 * task's output mapping keeps from the rest of the process.
 */
export interface ReleaseStockVariables {
  readonly reservationId?: string;
}

export interface ReleaseStockResult {
  readonly releasedReservationId: string;
  readonly stockReleasedAt: string;
}

/**
 * Releases the reservation. Releasing is idempotent in the warehouse, so a retried job is
 * harmless; a release without a reservation id cannot name what to free and becomes an incident.
 */
export const releaseStock: JobHandler<ReleaseStockVariables, ReleaseStockResult> = async (job) => {
  const { reservationId } = job.variables;
  if (typeof reservationId !== 'string' || reservationId === '') {
    return job.fail({
      retries: 0,
      message: `Expected reservationId to name the stock to release, but found ${JSON.stringify(reservationId) ?? 'nothing'}`,
    });
  }
  return { releasedReservationId: reservationId, stockReleasedAt: new Date().toISOString() };
};

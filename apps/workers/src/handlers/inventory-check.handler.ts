import { createHash } from 'node:crypto';
import type { JobHandler } from '@osprey/client';

/** An order line: a name, or an object naming the item. */
export type OrderItem =
  string | { readonly name?: string; readonly sku?: string; readonly quantity?: number };

/** `inventory-check` sees the order's `items` (the task's input mapping). */
export interface InventoryCheckVariables {
  readonly items?: readonly OrderItem[];
}

/**
 * `inStock` is mapped to the process (output mapping); `unavailable` and `reservationId` stay on
 * the task, where "Release stock" (its compensation handler) finds the reservation.
 */
export interface InventoryCheckResult {
  readonly inStock: boolean;
  readonly unavailable: readonly string[];
  readonly reservationId: string;
}

/** The one item the warehouse never has. */
const NEVER_IN_STOCK = 'unobtainium';

/**
 * Checks the warehouse and reserves what it has: everything is in stock except items named
 * "unobtainium". The reservation id derives from the job, so a retried job reserves once. An
 * order without an item list cannot be checked and becomes an incident for an operator.
 */
export const inventoryCheck: JobHandler<InventoryCheckVariables, InventoryCheckResult> = async (job) => {
  const { items } = job.variables;
  if (!Array.isArray(items)) {
    return job.fail({
      retries: 0,
      message: `Expected items to be a list of order lines, but found ${JSON.stringify(items) ?? 'nothing'}`,
    });
  }
  const names = items.map((item) => (typeof item === 'string' ? item : (item.name ?? item.sku ?? '')));
  const unavailable = names.filter((name) => name.trim().toLowerCase() === NEVER_IN_STOCK);
  const reservationId = `res_${createHash('sha256').update(job.key).digest('hex').slice(0, 16)}`;
  return { inStock: unavailable.length === 0, unavailable, reservationId };
};

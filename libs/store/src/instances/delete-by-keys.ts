import type { StatementBatch } from './statement-batch';

/**
 * Queues a `DELETE` of the rows of `table` whose `key` is among `keys`; nothing when there are none.
 *
 * One key is matched with an equality, not with `= ANY`. PostgreSQL estimates `= ANY` of a
 * parameter array at ten elements, so a command statement holding one costs more as a generic
 * plan than as a plan for the actual values, and the plan cache then plans that statement anew
 * on every execution: about 0.2 ms of the database's CPU on each job completion, a sixth of all
 * it spent per job. With an equality both plans cost the same and the cached generic plan is
 * kept (docs/adr/0032-command-statements-keep-their-generic-plans.md).
 */
export async function deleteByKeys(
  batch: StatementBatch,
  tags: readonly string[],
  table: 'job' | 'timer' | 'message_subscription' | 'signal_subscription',
  keys: readonly string[],
): Promise<void> {
  if (keys.length === 1) await batch.add(tags, `DELETE FROM ${table} WHERE key = $1::bigint`, [keys[0]]);
  else if (keys.length > 1) await batch.add(tags, `DELETE FROM ${table} WHERE key = ANY($1::bigint[])`, [keys]);
}

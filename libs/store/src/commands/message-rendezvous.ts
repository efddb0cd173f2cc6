import type { Sql } from '../database';

/**
 * Serialises the two sides of a buffered message's rendezvous: a publication that buffers a
 * message, and a command that opens a subscription for the same name and correlation key.
 * Without it, each transaction reads before the other commits (READ COMMITTED), the
 * publication finds no subscription, the subscription finds no message, and the message is
 * never correlated. With it, whichever takes the lock second reads after the first committed.
 *
 * A transaction-scoped advisory lock on a 64-bit hash of tenant, name and key: held until
 * commit, never blocking other names or keys. A rare deadlock with another command of the same
 * instance is resolved by PostgreSQL and answered as retryable (503).
 */
export async function lockMessageRendezvous(sql: Sql, tenantId: string, name: string, correlationKey: string): Promise<void> {
  await sql.rows(`SELECT pg_advisory_xact_lock(hashtextextended($1, 7))`, [`${tenantId}\u001f${name}\u001f${correlationKey}`]);
}

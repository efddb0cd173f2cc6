import type { QueryRunner } from 'typeorm';
import type { Database } from '../database';

/**
 * A session-level PostgreSQL advisory lock held on a connection of its own: whoever holds it
 * leads (the outbox relay, for one). When the holder's process dies, PostgreSQL ends the
 * session and frees the lock, so another replica takes over without a lease to expire.
 */
export class AdvisoryLock {
  private runner?: QueryRunner;

  constructor(
    private readonly db: Database,
    /** Hashed with `hashtext` into the lock's 32-bit id. */
    private readonly name: string,
  ) {}

  /** Tries to take the lock without waiting; true when this session holds it. */
  async tryAcquire(): Promise<boolean> {
    this.runner ??= this.db.dataSource.createQueryRunner();
    const [row] = (await this.runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS ok`, [this.name])) as { ok: boolean }[];
    return Boolean(row?.ok);
  }

  /**
   * Gives the lock up. The session goes back to the pool, so the lock is unlocked first: a
   * pooled session that kept it would hold it for good, and the next {@link tryAcquire}, on
   * another session, would never lead again (a relay that hit one Kafka error stopped relaying).
   * A session whose unlock fails is discarded instead of pooled; PostgreSQL frees its locks
   * when it ends.
   */
  async release(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    if (!runner) return;
    try {
      await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [this.name]);
    } catch (error) {
      const discard = (runner as { releasePostgresConnection?: (err: unknown) => Promise<void> }).releasePostgresConnection;
      if (discard) return discard.call(runner, error).catch(() => undefined);
    }
    await runner.release().catch(() => undefined);
  }
}

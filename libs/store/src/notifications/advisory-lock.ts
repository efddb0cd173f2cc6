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

  /** Gives the lock up by closing its session (which also frees it if the session broke). */
  async release(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    await runner?.release().catch(() => undefined);
  }
}

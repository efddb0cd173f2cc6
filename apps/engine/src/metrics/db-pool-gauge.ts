import { Inject, Injectable } from '@nestjs/common';
import type { OspreyEngine } from '@osprey/store';
import { ENGINE } from '../engine.tokens';
import { EngineMetrics } from './engine-metrics';

/** What `pg.Pool` reports about itself. */
interface PoolCounts {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
  readonly options?: { readonly max?: number };
}

/**
 * This process's PostgreSQL connection pool, read at scrape time. A growing `waiting` count
 * means commands queue for a connection: raise `DATABASE_POOL_SIZE` or add replicas (within
 * the server's `max_connections`). Each transaction's wait for a connection goes to
 * `osprey_db_pool_wait_seconds`. The embedded database has no pool and reports nothing.
 */
@Injectable()
export class DbPoolGauge {
  private readonly pool?: PoolCounts;

  constructor(
    @Inject(ENGINE) private readonly engine: OspreyEngine,
    @Inject(EngineMetrics) private readonly metrics: EngineMetrics,
  ) {
    // TypeORM's postgres driver keeps the pg Pool of a server database in `master`.
    const master = (engine.db.dataSource.driver as { master?: unknown }).master;
    if (isPool(master)) {
      this.pool = master;
      metrics.onScrape(async () => this.read());
      engine.db.onConnectionWait = (seconds) => metrics.dbPoolWait.observe(seconds);
    }
  }

  private read(): void {
    const pool = this.pool!;
    const g = this.metrics.dbPoolConnections;
    g.set({ state: 'total' }, pool.totalCount);
    g.set({ state: 'idle' }, pool.idleCount);
    g.set({ state: 'active' }, pool.totalCount - pool.idleCount);
    g.set({ state: 'waiting' }, pool.waitingCount);
    this.metrics.commandsQueued.set({ kind: 'job_answer' }, this.engine.jobs.answersWaiting.commands);
    this.metrics.commandsQueued.set({ kind: 'start' }, this.engine.instances.startsWaiting.commands);
    if (typeof pool.options?.max === 'number') this.metrics.dbPoolMax.set(pool.options.max);
  }
}

function isPool(value: unknown): value is PoolCounts {
  const v = value as Partial<PoolCounts> | null | undefined;
  return typeof v?.totalCount === 'number' && typeof v.idleCount === 'number' && typeof v.waitingCount === 'number';
}

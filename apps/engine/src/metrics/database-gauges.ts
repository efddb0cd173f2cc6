import { Inject, Injectable } from '@nestjs/common';
import type { OspreyEngine, Sql } from '@osprey/store';
import type { Logger } from 'pino';
import type { EngineConfig } from '../config/engine-config';
import { CONFIG, ENGINE, LOGGER } from '../engine.tokens';
import { EngineMetrics } from './engine-metrics';

/** Longest a sampling query may run before it is cancelled. */
const STATEMENT_TIMEOUT_MS = 2_000;

/**
 * Database-wide gauges — job backlog, open incidents, overdue timers, the Kafka outbox — read
 * with four cheap queries at scrape time (so the period is Prometheus's scrape interval, and an
 * engine nobody scrapes queries nothing). Only replicas with the `executor` role report them:
 * every replica would report the same numbers, so dashboards take `max()` over replicas.
 *
 * When sampling fails the gauges are cleared rather than left at their last value, so a stale
 * number never looks healthy; the series go absent until the database answers again.
 */
@Injectable()
export class DatabaseGauges {
  /**
   * A scrape within this many ms of the last sample reuses it, which protects the database from
   * eager or duplicated scrapers (an HA Prometheus pair scrapes every target twice).
   * @default 5000
   */
  minIntervalMs = 5_000;
  private lastSample = 0;
  private sampling?: Promise<void>;
  /** Job types reported before: kept at 0 when their backlog empties, so the series stays continuous. */
  private readonly knownTypes = new Set<string>();

  constructor(
    @Inject(ENGINE) private readonly engine: OspreyEngine,
    @Inject(CONFIG) config: EngineConfig,
    @Inject(EngineMetrics) private readonly metrics: EngineMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    if (config.roles.has('executor')) metrics.onScrape(() => this.refresh());
  }

  /** Samples the database unless a sample is fresh; concurrent scrapes share one sample. */
  refresh(): Promise<void> {
    if (Date.now() - this.lastSample < this.minIntervalMs) return Promise.resolve();
    this.sampling ??= this.sample().finally(() => {
      this.sampling = undefined;
    });
    return this.sampling;
  }

  private async sample(): Promise<void> {
    const m = this.metrics;
    try {
      await this.engine.db.transaction(async (sql) => {
        await sql.exec(`SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
        await this.sampleJobs(sql);
        m.incidentsOpen.set(await this.number(sql, `SELECT count(*)::int AS n FROM incident WHERE state = 'ACTIVE'`));
        // The timer_due index answers min() with its first entry.
        m.timersOverdue.set(
          await this.number(sql, `SELECT coalesce(extract(epoch FROM now() - min(due_date)), 0)::float8 AS n FROM timer WHERE due_date <= now()`),
        );
        // The outbox holds only rows the relay has not published yet, so this scan stays short
        // unless Kafka is unreachable — which is when the number matters.
        const [outbox] = await sql.rows<{ rows: number; lag: number }>(
          `SELECT count(*)::int AS rows, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS lag FROM outbox`,
        );
        m.outboxRows.set(Number(outbox?.rows ?? 0));
        m.outboxLag.set(Number(outbox?.lag ?? 0));
      });
      this.lastSample = Date.now();
    } catch (error) {
      for (const gauge of [m.jobsBacklog, m.incidentsOpen, m.timersOverdue, m.outboxRows, m.outboxLag]) gauge.reset();
      this.logger.warn({ err: error }, 'could not sample database metrics');
    }
  }

  private async sampleJobs(sql: Sql): Promise<void> {
    // The activation query's own predicate (activatable, or leased with an expired lease), so
    // this is a range scan of the partial index job_activatable (type, available_at). Its cost
    // grows with the backlog, about 1 ms per 10,000 waiting jobs.
    const rows = await sql.rows<{ type: string; jobs: number }>(
      `SELECT type, count(*)::int AS jobs FROM job
        WHERE state IN ('ACTIVATABLE', 'ACTIVATED') AND available_at <= now()
        GROUP BY type`,
    );
    const backlog = new Map<string, number>();
    for (const r of rows) {
      const type = this.metrics.jobTypes.of(r.type);
      backlog.set(type, (backlog.get(type) ?? 0) + Number(r.jobs));
    }
    for (const type of backlog.keys()) this.knownTypes.add(type);
    this.metrics.jobsBacklog.reset();
    for (const type of this.knownTypes) this.metrics.jobsBacklog.set({ type }, backlog.get(type) ?? 0);
  }

  private async number(sql: Sql, query: string): Promise<number> {
    const [row] = await sql.rows<{ n: number }>(query);
    return Number(row?.n ?? 0);
  }
}

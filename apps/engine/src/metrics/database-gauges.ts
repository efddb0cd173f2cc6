import { Inject, Injectable } from '@nestjs/common';
import { MetricsRepository, type DatabaseSample, type OspreyEngine } from '@osprey/store';
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
  private readonly queries: MetricsRepository;

  constructor(
    @Inject(ENGINE) engine: OspreyEngine,
    @Inject(CONFIG) config: EngineConfig,
    @Inject(EngineMetrics) private readonly metrics: EngineMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.queries = new MetricsRepository(engine.db);
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
      const sample = await this.queries.sample(STATEMENT_TIMEOUT_MS);
      this.reportBacklog(sample.jobBacklog);
      m.incidentsOpen.set(sample.incidentsOpen);
      m.timersOverdue.set(sample.timersOverdueSeconds);
      m.outboxRows.set(sample.outboxRows);
      m.outboxLag.set(sample.outboxLagSeconds);
      this.lastSample = Date.now();
    } catch (error) {
      for (const gauge of [m.jobsBacklog, m.incidentsOpen, m.timersOverdue, m.outboxRows, m.outboxLag]) gauge.reset();
      this.logger.warn({ err: error }, 'could not sample database metrics');
    }
  }

  private reportBacklog(rows: DatabaseSample['jobBacklog']): void {
    const backlog = new Map<string, number>();
    for (const r of rows) {
      const type = this.metrics.jobTypes.of(r.type);
      backlog.set(type, (backlog.get(type) ?? 0) + r.jobs);
    }
    for (const type of backlog.keys()) this.knownTypes.add(type);
    this.metrics.jobsBacklog.reset();
    for (const type of this.knownTypes) this.metrics.jobsBacklog.set({ type }, backlog.get(type) ?? 0);
  }
}

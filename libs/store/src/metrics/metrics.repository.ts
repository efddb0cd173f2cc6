import type { Database } from '../database';

/** Database-wide figures for the engine's gauges, read in one short transaction. */
export interface DatabaseSample {
  /** Jobs a worker could take now (activatable, or leased with an expired lease), by type. */
  readonly jobBacklog: ReadonlyArray<{ readonly type: string; readonly jobs: number }>;
  readonly incidentsOpen: number;
  /** Seconds since the oldest due timer was due; 0 when none is overdue. */
  readonly timersOverdueSeconds: number;
  readonly outboxRows: number;
  /** Age in seconds of the oldest outbox row the relay has not published yet. */
  readonly outboxLagSeconds: number;
}

/**
 * The queries behind the engine's metrics. Each is cheap by construction (an index range or a
 * small table) and runs under a statement timeout, so a scrape never holds a connection long.
 */
export class MetricsRepository {
  constructor(private readonly db: Database) {}

  /** Samples the gauges; every query is cancelled after `statementTimeoutMs`. */
  async sample(statementTimeoutMs: number): Promise<DatabaseSample> {
    return this.db.transaction(async (sql) => {
      await sql.exec(`SET LOCAL statement_timeout = ${Math.trunc(statementTimeoutMs)}`);
      // The activation query's own predicate, so this is a range scan of the partial index
      // job_activatable (type, available_at). Its cost grows with the backlog, about 1 ms per
      // 10,000 waiting jobs.
      const jobBacklog = await sql.rows<{ type: string; jobs: number }>(
        `SELECT type, count(*)::int AS jobs FROM job
          WHERE state IN ('ACTIVATABLE', 'ACTIVATED') AND available_at <= now()
          GROUP BY type`,
      );
      const [incidents] = await sql.rows<{ n: number }>(`SELECT count(*)::int AS n FROM incident WHERE state = 'ACTIVE'`);
      // The timer_due index answers min() with its first entry.
      const [timers] = await sql.rows<{ n: number }>(
        `SELECT coalesce(extract(epoch FROM now() - min(due_date)), 0)::float8 AS n FROM timer WHERE due_date <= now()`,
      );
      // The outbox holds only rows the relay has not published yet, so this scan stays short
      // unless Kafka is unreachable — which is when the number matters.
      const [outbox] = await sql.rows<{ rows: number; lag: number }>(
        `SELECT count(*)::int AS rows, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS lag FROM outbox`,
      );
      return {
        jobBacklog: jobBacklog.map((r) => ({ type: r.type, jobs: Number(r.jobs) })),
        incidentsOpen: Number(incidents?.n ?? 0),
        timersOverdueSeconds: Number(timers?.n ?? 0),
        outboxRows: Number(outbox?.rows ?? 0),
        outboxLagSeconds: Number(outbox?.lag ?? 0),
      };
    });
  }
}

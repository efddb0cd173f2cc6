import type { Database } from '../database';

/** Months of history partitions created ahead of time. */
const MONTHS_AHEAD = 3;

/** The tables partitioned by month: the record stream (ADR 0029: `history_batch`, and `history_record` before it) and the decision instances. */
const PARTITIONED = ['history_batch', 'history_record', 'decision_instance'] as const;

/**
 * History is range-partitioned by month so that retention drops whole partitions instead of
 * deleting rows (no bloat, no long-running DELETE). This creates the partitions ahead of time.
 */
export class HistoryMaintenance {
  constructor(private readonly db: Database) {}

  /** Creates monthly partitions for this month and the next {@link MONTHS_AHEAD}. Idempotent. */
  async ensurePartitions(now = new Date()): Promise<void> {
    for (const table of PARTITIONED) await this.ensureTablePartitions(table, now);
  }

  private async ensureTablePartitions(table: (typeof PARTITIONED)[number], now: Date): Promise<void> {
    for (let i = 0; i <= MONTHS_AHEAD; i++) {
      const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1));
      const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i + 1, 1));
      const name = `${table}_${from.getUTCFullYear()}_${String(from.getUTCMonth() + 1).padStart(2, '0')}`;
      const [exists] = await this.db.rows(`SELECT 1 FROM pg_class WHERE relname = $1`, [name]);
      if (exists) continue;
      await this.db
        .transaction(async (sql) => {
          // A concurrent replica may create it first; the advisory lock makes that a no-op.
          await sql.exec(`SELECT pg_advisory_xact_lock(hashtext('history_partitions'))`);
          const [again] = await sql.rows(`SELECT 1 FROM pg_class WHERE relname = $1`, [name]);
          if (again) return;
          await sql.exec(
            `CREATE TABLE ${name} PARTITION OF ${table} FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`,
          );
        })
        .catch((error: Error) => {
          // Rows for this month already sit in the default partition (the engine ran without
          // maintenance across a month boundary); they stay there and remain queryable.
          if (!/default partition/i.test(error.message)) throw error;
        });
    }
  }

  /**
   * Forgets the ids of consumed Kafka records older than `days` (they can no longer be
   * redelivered once past the topics' retention). Returns how many were removed.
   */
  async pruneConsumedMessages(days = 7): Promise<number> {
    const rows = await this.db.rows<{ n: string }>(
      `WITH gone AS (DELETE FROM consumed_message WHERE consumed_at < now() - ($1::int * interval '1 day') RETURNING 1)
       SELECT count(*)::text AS n FROM gone`,
      [days],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Drops history partitions (records and decision instances) that end before `before`.
   * Returns the dropped partition names.
   */
  async dropBefore(before: Date): Promise<string[]> {
    const rows = await this.db.rows<{ name: string; bound: string }>(
      `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname = ANY($1::text[]) AND c.relname <> ALL($2::text[])`,
      [[...PARTITIONED], PARTITIONED.map((t) => `${t}_default`)],
    );
    const dropped: string[] = [];
    for (const r of rows) {
      const m = /TO \('([^']+)'\)/.exec(r.bound);
      if (m && new Date(m[1]!) <= before) {
        await this.db.rows(`DROP TABLE ${r.name}`);
        dropped.push(r.name);
      }
    }
    return dropped;
  }
}

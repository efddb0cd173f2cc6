import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * History as one row per command and instance (`history_batch`) instead of one row per record
 * (ADR 0029). A start wrote twelve history rows and thirteen index entries, the largest share of
 * its WAL and, measured, a fifth to a quarter of the CPU per start of the engine and of
 * PostgreSQL; now it writes one row and two index entries. The records of the row are a JSON
 * array of `{ p: position, k: record key, t: value type, i: intent, e: element id, v: value }`,
 * stored as `json`: kept as sent, not parsed into `jsonb`, which nothing on the write path needs.
 *
 * Expand-only: `history_record` stays as it is, with its rows, and a previous release still
 * writing it during a rolling update loses nothing. Readers read the view `history_entry`, the
 * records of both tables in the old shape. Look-ups by job key use `job_keys` (the keys of the
 * command's JOB records) and its GIN index (`JOB_HISTORY`).
 */
export class HistoryBatches1764000000020 implements MigrationInterface {
  name = 'HistoryBatches1764000000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE history_batch (
        first_position        bigint NOT NULL,
        process_instance_key  bigint,
        records               json NOT NULL,
        job_keys              bigint[],
        "timestamp"           timestamptz NOT NULL,
        xid                   xid8 DEFAULT pg_current_xact_id()
      ) PARTITION BY RANGE ("timestamp")`);
    await q.query(`CREATE TABLE history_batch_default PARTITION OF history_batch DEFAULT`);
    await q.query(`CREATE INDEX history_batch_instance ON history_batch (process_instance_key, first_position)`);
    await q.query(`CREATE INDEX history_batch_job ON history_batch USING gin (job_keys) WITH (fastupdate = off) WHERE job_keys IS NOT NULL`);
    await q.query(`
      CREATE VIEW history_entry AS
        SELECT position, record_key, process_instance_key, value_type, intent, element_id, value, "timestamp", xid
          FROM history_record
        UNION ALL
        SELECT (e.r->>'p')::bigint, (e.r->>'k')::bigint, b.process_instance_key, e.r->>'t', e.r->>'i', e.r->>'e', (e.r->'v')::jsonb,
               b."timestamp", b.xid
          FROM history_batch b CROSS JOIN LATERAL json_array_elements(b.records) AS e(r)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Back to one row per record, so the history written since is kept.
    await q.query(`
      INSERT INTO history_record (position, record_key, process_instance_key, value_type, intent, element_id, value, "timestamp", xid)
      SELECT (e.r->>'p')::bigint, (e.r->>'k')::bigint, b.process_instance_key, e.r->>'t', e.r->>'i', e.r->>'e', (e.r->'v')::jsonb,
             b."timestamp", b.xid
        FROM history_batch b CROSS JOIN LATERAL json_array_elements(b.records) AS e(r)`);
    await q.query(`DROP VIEW history_entry`);
    await q.query(`DROP TABLE history_batch`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who caused each history record: the transaction id of the command that wrote it, which the
 * audit entry of the request carries too (`audit_entry.xid`, written in the same transaction),
 * so the monitor's history names the user behind every entry without a copy of the actor on
 * each row. Expand-only and cheap: the column is added without a default (no table rewrite, old
 * rows stay null: actor unknown), then new rows get the inserting transaction by default; the
 * index serves the join from history to audit.
 */
export class HistoryActor1764000000017 implements MigrationInterface {
  name = 'HistoryActor1764000000017';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE history_record ADD COLUMN xid xid8`);
    await q.query(`ALTER TABLE history_record ALTER COLUMN xid SET DEFAULT pg_current_xact_id()`);
    await q.query(`CREATE INDEX audit_entry_xid ON audit_entry (xid)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_entry_xid`);
    await q.query(`ALTER TABLE history_record DROP COLUMN xid`);
  }
}

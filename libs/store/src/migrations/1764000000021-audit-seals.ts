import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Seals in a table of their own (docs/adr/0033-audit-seals-appended.md): the sealer appends one
 * small row per entry instead of updating the entry, whose new version went through all of
 * `audit_entry`'s indexes. Seals made before are copied over. The tip's `through_xid` (where the
 * sealer goes on) is put at or before every entry not sealed yet, so none is passed over; a
 * transaction still running has a later one than any sealed entry.
 *
 * Expand-only: `audit_entry.seq`, `prev_hash`, `hash` and `sealed_at` stay, no longer written.
 * The partial index of unsealed entries goes: every new entry would be in it.
 */
export class AuditSeals1764000000021 implements MigrationInterface {
  name = 'AuditSeals1764000000021';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_seal (
        entry_id     bigint PRIMARY KEY,
        seq          bigint NOT NULL UNIQUE,
        prev_hash    text NOT NULL,
        hash         text NOT NULL,
        through_xid  xid8 NOT NULL,
        sealed_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      INSERT INTO audit_seal (entry_id, seq, prev_hash, hash, through_xid, sealed_at)
      SELECT id, seq, prev_hash, hash, xid, COALESCE(sealed_at, now()) FROM audit_entry WHERE seq IS NOT NULL`);
    await q.query(`
      UPDATE audit_seal SET through_xid = LEAST(through_xid, (SELECT min(xid) FROM audit_entry WHERE seq IS NULL))
       WHERE seq = (SELECT max(seq) FROM audit_seal)`);
    await q.query(`DROP INDEX audit_entry_unsealed`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX audit_entry_unsealed ON audit_entry (id) WHERE seq IS NULL`);
    await q.query(`DROP TABLE audit_seal`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log (docs/adr/0003-audit-log.md): one row per state-changing API request, written
 * in the request's own transaction. Rows are inserted unsealed (`seq`, `prev_hash`, `hash`
 * null); the sealer later gives each a dense `seq` and chains it:
 * `hash = sha256(prev_hash || canonical_json(entry))`. `xid` is the inserting transaction, so
 * the sealer can tell which rows no running transaction can still precede.
 */
export class AuditLog1764000000005 implements MigrationInterface {
  name = 'AuditLog1764000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_entry (
        id           bigserial PRIMARY KEY,
        xid          xid8 NOT NULL DEFAULT pg_current_xact_id(),
        occurred_at  timestamptz NOT NULL DEFAULT now(),
        kind         text NOT NULL DEFAULT 'REQUEST',
        actor_kind   text,
        actor_id     text,
        operation    text NOT NULL,
        targets      jsonb NOT NULL DEFAULT '{}',
        summary      jsonb,
        outcome      text NOT NULL,
        status       int,
        ip           text,
        user_agent   text,
        request_id   text,
        seq          bigint UNIQUE,
        prev_hash    text,
        hash         text,
        sealed_at    timestamptz
      )`);
    // The sealer's work list: a short range scan however long the log grows.
    await q.query(`CREATE INDEX audit_entry_unsealed ON audit_entry (id) WHERE seq IS NULL`);
    await q.query(`CREATE INDEX audit_entry_occurred_at ON audit_entry (occurred_at)`);
    await q.query(`CREATE INDEX audit_entry_actor ON audit_entry (actor_id, occurred_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS audit_entry`);
  }
}

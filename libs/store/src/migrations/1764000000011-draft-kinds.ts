import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drafts of every kind (expand-only, ADR 0021): `draft` keys a draft by tenant, kind (`bpmn`,
 * `dmn`) and id, so a decision file and a process may share an id without overwriting each
 * other's draft. `process_draft` is kept for the previous release: its rows are copied here as
 * `bpmn` drafts, and a trigger copies what the previous release still writes there during a
 * rolling update or a blue/green switch. A later release drops both once no old code runs.
 */
export class DraftKinds1764000000011 implements MigrationInterface {
  name = 'DraftKinds1764000000011';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE draft (
        tenant_id   text NOT NULL DEFAULT '<default>',
        kind        text NOT NULL DEFAULT 'bpmn',
        draft_id    text NOT NULL,
        name        text,
        xml         text NOT NULL,
        forms       jsonb NOT NULL DEFAULT '[]',
        updated_at  timestamptz NOT NULL DEFAULT now(),
        updated_by  text,
        PRIMARY KEY (tenant_id, kind, draft_id)
      )`);
    await q.query(`
      INSERT INTO draft (tenant_id, kind, draft_id, name, xml, forms, updated_at, updated_by)
      SELECT tenant_id, 'bpmn', bpmn_process_id, name, xml, forms, updated_at, updated_by FROM process_draft
      ON CONFLICT DO NOTHING`);
    // The previous release writes process_draft only; mirror its writes while it still runs.
    await q.query(`
      CREATE OR REPLACE FUNCTION process_draft_to_draft() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          DELETE FROM draft WHERE tenant_id = OLD.tenant_id AND kind = 'bpmn' AND draft_id = OLD.bpmn_process_id;
          RETURN OLD;
        END IF;
        INSERT INTO draft (tenant_id, kind, draft_id, name, xml, forms, updated_at, updated_by)
        VALUES (NEW.tenant_id, 'bpmn', NEW.bpmn_process_id, NEW.name, NEW.xml, NEW.forms, NEW.updated_at, NEW.updated_by)
        ON CONFLICT (tenant_id, kind, draft_id) DO UPDATE
          SET name = EXCLUDED.name, xml = EXCLUDED.xml, forms = EXCLUDED.forms, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER process_draft_to_draft AFTER INSERT OR UPDATE OR DELETE ON process_draft
      FOR EACH ROW EXECUTE FUNCTION process_draft_to_draft()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS process_draft_to_draft ON process_draft`);
    await q.query(`DROP FUNCTION IF EXISTS process_draft_to_draft()`);
    await q.query(`DROP TABLE IF EXISTS draft`);
  }
}

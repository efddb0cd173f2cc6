import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Process drafts: a diagram (and the forms it links) saved from the modeler before it is
 * deployed. One draft per process id and tenant; deploying the process deletes it. Drafts are
 * not runtime state and never touch an instance, so they carry no `process_instance_key`.
 */
export class Drafts1764000000002 implements MigrationInterface {
  name = 'Drafts1764000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE process_draft (
        tenant_id        text NOT NULL DEFAULT '<default>',
        bpmn_process_id  text NOT NULL,
        name             text,
        xml              text NOT NULL,
        forms            jsonb NOT NULL DEFAULT '[]',
        updated_at       timestamptz NOT NULL DEFAULT now(),
        updated_by       text,
        PRIMARY KEY (tenant_id, bpmn_process_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS process_draft`);
  }
}

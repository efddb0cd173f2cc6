import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Camunda 8.8's `kind` and `listenerEventType` of each job, kept on its row so that job search
 * answers and filters them as Camunda's does (the instance's live state holds them too, but a
 * search reads rows). Expand-only: constant defaults add the columns without a table rewrite,
 * and a job written before this migration is an element's job, as it was then.
 */
export class JobKind1764000000019 implements MigrationInterface {
  name = 'JobKind1764000000019';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE job ADD COLUMN kind text NOT NULL DEFAULT 'BPMN_ELEMENT'`);
    await q.query(`ALTER TABLE job ADD COLUMN listener_event_type text NOT NULL DEFAULT 'UNSPECIFIED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE job DROP COLUMN listener_event_type`);
    await q.query(`ALTER TABLE job DROP COLUMN kind`);
  }
}

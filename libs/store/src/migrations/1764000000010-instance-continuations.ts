import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bounded commands (docs/adr/0009-bounded-commands.md): an instance whose command stopped at its
 * step bound carries the time it became due to go on; the executor claims such instances with
 * `FOR UPDATE SKIP LOCKED`, oldest first. The partial index holds only those rows (a handful at
 * any time), and since the column stays NULL for instances at rest, their updates stay HOT.
 * Expand-only: an engine that does not know the column leaves it NULL.
 */
export class InstanceContinuations1764000000010 implements MigrationInterface {
  name = 'InstanceContinuations1764000000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE process_instance ADD COLUMN continue_at timestamptz`);
    await q.query(`CREATE INDEX process_instance_continue_at ON process_instance (continue_at) WHERE continue_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX process_instance_continue_at`);
    await q.query(`ALTER TABLE process_instance DROP COLUMN continue_at`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The lease of a Kafka-dispatched job starts when the relay hands its message to Kafka, not
 * when the command that dispatched it commits (docs/adr/0020-kafka-job-leases-start-on-publish.md).
 * An outbox row that dispatches a job now names the job, the attempt it carries and the lease
 * length, so the relay can start that lease as it publishes, and the re-dispatcher can tell a
 * dispatch still waiting in the outbox (Kafka unreachable) from a lease that ran out.
 *
 * Expand-only: three nullable columns without defaults (no table rewrite) and a partial index
 * over the rows that have them. The previous release writes no job key, and its relay deletes
 * rows as before; its dispatches keep the lease they were written with.
 */
export class DispatchLeases1764000000009 implements MigrationInterface {
  name = 'DispatchLeases1764000000009';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN job_key bigint, ADD COLUMN job_attempt int, ADD COLUMN lease_ms bigint`);
    await q.query(`CREATE INDEX outbox_job ON outbox (job_key, job_attempt) WHERE job_key IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outbox_job`);
    await q.query(`ALTER TABLE outbox DROP COLUMN job_key, DROP COLUMN job_attempt, DROP COLUMN lease_ms`);
  }
}

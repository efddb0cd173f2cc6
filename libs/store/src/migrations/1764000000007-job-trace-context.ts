import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trace context of the command that created a job (W3C `traceparent`/`tracestate` as a
 * JSON object), handed to the worker that activates it so its work joins that trace
 * (docs/adr/0006-trace-context-through-the-outbox.md). Null when tracing is off. Expand-only:
 * an engine that does not know the column leaves it null.
 */
export class JobTraceContext1764000000007 implements MigrationInterface {
  name = 'JobTraceContext1764000000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE job ADD COLUMN trace_context jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE job DROP COLUMN trace_context`);
  }
}

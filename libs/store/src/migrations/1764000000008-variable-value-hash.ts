import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Variable search by value without a size ceiling on variables. The first schema indexed
 * `variable (name, (value::text))`; a B-tree entry must fit in a third of a page (2,704 bytes
 * after compression), so any variable whose text compressed past that made its whole command
 * fail — a 10 KB order with a 4 KB random signature was enough, far below the 1 MiB limit.
 * The index now holds the 32-character MD5 of the text: equality and `$in` search probe it with
 * `md5(value::text) = md5($1)` and re-check the text itself, so a hash collision finds nothing
 * wrong. Other filters on the value (`$like`, ranges) scan, as they did before for most values.
 *
 * Expand-only: the dropped index was not unique, so the previous release's SQL still runs (its
 * value equality search just scans). On a PostgreSQL server the index is built `CONCURRENTLY`,
 * outside a transaction, so commands keep writing variables while it builds; the embedded
 * database (single-user) builds it in place.
 */
export class VariableValueHash1764000000008 implements MigrationInterface {
  name = 'VariableValueHash1764000000008';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    const concurrently = embedded(q) ? '' : 'CONCURRENTLY ';
    // A concurrent build that was interrupted leaves an invalid index behind: build it again.
    const [invalid] = await q.query(
      `SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'variable_name_value_md5' AND NOT i.indisvalid`,
    );
    if (invalid) await q.query(`DROP INDEX ${concurrently}variable_name_value_md5`);
    await q.query(`CREATE INDEX ${concurrently}IF NOT EXISTS variable_name_value_md5 ON variable (name, md5(value::text))`);
    await q.query(`DROP INDEX ${concurrently}IF EXISTS variable_name_value`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Rebuilding the old index fails while any row is too large for it; the hash index then stays.
    await q.query(`CREATE INDEX IF NOT EXISTS variable_name_value ON variable (name, (value::text))`);
    await q.query(`DROP INDEX IF EXISTS variable_name_value_md5`);
  }
}

/** The embedded database (PGlite) is single-user: it cannot build an index concurrently. */
function embedded(q: QueryRunner): boolean {
  return (q.connection.options as { driver?: unknown }).driver !== undefined;
}

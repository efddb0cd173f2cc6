import { Client } from 'pg';

/** One column as an older engine relies on it: its type and whether it may be left out. */
export interface CatalogColumn {
  /** PostgreSQL type name (`udt_name`, e.g. `int8`, `jsonb`, `_text`). */
  readonly type: string;
  readonly nullable: boolean;
  /** True when the column has a default, so an INSERT that leaves it out still succeeds. */
  readonly hasDefault: boolean;
}

/**
 * The parts of a schema that SQL written against it depends on: tables with their columns, and
 * the unique indexes that `ON CONFLICT` clauses and correctness lean on. Partitions are left out
 * (the engine only names the parent), and so are non-unique indexes (dropping one slows an old
 * engine down but never breaks it).
 */
export interface SchemaCatalog {
  readonly tables: Record<string, Record<string, CatalogColumn>>;
  /** Unique index name → its definition with the index name removed. */
  readonly uniqueIndexes: Record<string, string>;
}

/** Reads the catalog of the `public` schema of the database at `url`. */
export async function readSchemaCatalog(url: string): Promise<SchemaCatalog> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query<{ table_name: string; column_name: string; udt_name: string; is_nullable: string; column_default: string | null }>(
      `SELECT c.table_name, c.column_name, c.udt_name, c.is_nullable, c.column_default
         FROM information_schema.columns c
         JOIN pg_class t ON t.relname = c.table_name
         JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = c.table_schema
        WHERE c.table_schema = 'public' AND NOT t.relispartition AND t.relkind IN ('r', 'p')
        ORDER BY c.table_name, c.column_name`,
    );
    const tables: Record<string, Record<string, CatalogColumn>> = {};
    for (const row of columns.rows) {
      (tables[row.table_name] ??= {})[row.column_name] = {
        type: row.udt_name,
        nullable: row.is_nullable === 'YES',
        hasDefault: row.column_default !== null,
      };
    }
    const indexes = await client.query<{ indexname: string; indexdef: string }>(
      `SELECT i.indexname, i.indexdef
         FROM pg_indexes i
         JOIN pg_class t ON t.relname = i.tablename
         JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = i.schemaname
        WHERE i.schemaname = 'public' AND NOT t.relispartition AND i.indexdef LIKE 'CREATE UNIQUE INDEX%'
        ORDER BY i.indexname`,
    );
    const uniqueIndexes: Record<string, string> = {};
    for (const row of indexes.rows) uniqueIndexes[row.indexname] = row.indexdef.replace(` ${row.indexname} `, ' ');
    return { tables, uniqueIndexes };
  } finally {
    await client.end();
  }
}

/**
 * Every way `current` would break an engine written against `released`, in words: a table,
 * column or unique index that is gone, a column whose type changed or that became NOT NULL, and a
 * new NOT NULL column without a default (the old engine's INSERTs leave it out). Empty when the
 * change only expands the schema.
 */
export function schemaBreaks(released: SchemaCatalog, current: SchemaCatalog): string[] {
  const problems: string[] = [];
  for (const [table, columns] of Object.entries(released.tables)) {
    const now = current.tables[table];
    if (!now) {
      problems.push(`table ${table} was dropped or renamed`);
      continue;
    }
    for (const [name, column] of Object.entries(columns)) {
      const col = now[name];
      if (!col) problems.push(`column ${table}.${name} was dropped or renamed`);
      else if (col.type !== column.type) problems.push(`column ${table}.${name} changed type from ${column.type} to ${col.type}`);
      else if (column.nullable && !col.nullable) problems.push(`column ${table}.${name} became NOT NULL`);
    }
    for (const [name, col] of Object.entries(now)) {
      if (!columns[name] && !col.nullable && !col.hasDefault) problems.push(`new column ${table}.${name} is NOT NULL without a default`);
    }
  }
  for (const [name, definition] of Object.entries(released.uniqueIndexes)) {
    if (current.uniqueIndexes[name] === undefined) problems.push(`unique index ${name} was dropped or renamed`);
    else if (current.uniqueIndexes[name] !== definition) problems.push(`unique index ${name} changed from "${definition}" to "${current.uniqueIndexes[name]}"`);
  }
  return problems;
}

// The benchmark's own PostgreSQL database: found or started, created fresh, measured, dropped.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { sleep } from './stats.mjs';

/**
 * Tables that hold an instance's live state and leave with it (the migration's "runtime"
 * family). `process_instance` is counted whole although its row stays as search data when the
 * instance ends: while the instance waits, that row carries the interpreter state.
 */
export const RUNTIME_TABLES = [
  'process_instance',
  'job',
  'timer',
  'message_subscription',
  'signal_subscription',
  'message',
  'message_correlation',
  'operation_reference',
  'outbox',
];

/** Per-instance search and history tables: they also grow with every waiting instance. */
export const SEARCH_TABLES = ['element_instance', 'variable', 'user_task', 'incident', 'history_batch', 'history_record'];

/**
 * DATABASE_URL from the environment, or from `scripts/services up postgres` (which starts the
 * local server when needed). Only PostgreSQL is asked for: the benchmark runs the engine without
 * Kafka, and a broker starting up would take CPU from the measurement.
 */
export function serverUrl(root) {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const out = execFileSync(join(root, 'scripts/services'), ['up', 'postgres'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = out.split('\n').find((l) => l.startsWith('DATABASE_URL='));
  if (!line) throw new Error('Expected scripts/services up to print DATABASE_URL=…, but it did not');
  return line.slice('DATABASE_URL='.length).trim();
}

/** `url` pointing at database `name` instead. */
export function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh, empty database `<prefix>_<timestamp>_<pid>`; returns its name. */
export async function createBenchDatabase(url, prefix = 'osprey_bench') {
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const name = `${prefix}_${stamp}_${process.pid}`;
  await withClient(url, (c) => c.query(`CREATE DATABASE ${name}`));
  return name;
}

/**
 * Drops the benchmark database. A plain DROP first: it also stops an autovacuum worker busy in
 * that database, which `WITH (FORCE)` may not (it needs the right to signal the superuser's
 * processes). FORCE is the last resort, for a client that is still attached.
 */
export async function dropBenchDatabase(url, name) {
  await withClient(url, async (c) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name}${attempt > 5 ? ' WITH (FORCE)' : ''}`);
        return;
      } catch (error) {
        if (attempt > 5) throw error;
        await sleep(1_000);
      }
    }
  });
}

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined); // a failed query still rejects; this only stops a crash
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A connection to the benchmark database for measuring and resetting it. */
export class BenchDatabase {
  constructor(url, name) {
    this.name = name;
    this.client = new pg.Client({ connectionString: url });
    // A dropped connection (server restart) surfaces as a failed query, not as a crash.
    this.client.on('error', () => undefined);
  }

  async open() {
    await this.client.connect();
    await this.client.query(`SET lock_timeout = '30s'`);
    return this;
  }

  /** `{ table: bytes }`: pg_total_relation_size (heap + indexes + TOAST), partitions summed. */
  async sizes(tables = [...RUNTIME_TABLES, ...SEARCH_TABLES]) {
    const { rows } = await this.client.query(
      `SELECT t AS name,
              COALESCE((SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree(t::regclass) WHERE isleaf),
                       pg_total_relation_size(t::regclass))::bigint AS bytes
         FROM unnest($1::text[]) AS t`,
      [tables],
    );
    return Object.fromEntries(rows.map((r) => [r.name, Number(r.bytes)]));
  }

  /**
   * Empties every instance table (definitions stay) so each phase starts from the same empty
   * runtime. Only called while no request is in flight.
   */
  async resetInstances() {
    await this.client.query(`TRUNCATE ${[...RUNTIME_TABLES, ...SEARCH_TABLES].join(', ')}`);
  }

  /** VACUUM + ANALYZE of the instance tables, as autovacuum would do shortly after a bulk load. */
  async vacuumAnalyze() {
    for (const t of [...RUNTIME_TABLES, ...SEARCH_TABLES]) await this.client.query(`VACUUM (ANALYZE) ${t}`);
  }

  /**
   * Bulk-loads `count` copies of the waiting instance `templateKey` (an instance the engine
   * created, started while nothing else ran so its keys are contiguous), in batches of
   * `batch`. Every row of every table that carries `process_instance_key` is copied column for
   * column, with each of the instance's keys — in columns and inside JSON documents alike —
   * moved to a fresh key range taken from `key_block_seq`, so no engine can hand those keys out.
   * @returns `{ count, seconds }`
   */
  async cloneInstances(templateKey, count, { batch = 10_000, progress } = {}) {
    const t0 = performance.now();
    const { rows: tableRows } = await this.client.query(
      `SELECT c.table_name AS name FROM information_schema.columns c
         JOIN pg_class r ON r.relname = c.table_name AND NOT r.relispartition
        WHERE c.table_schema = current_schema() AND c.column_name = 'process_instance_key'
          AND c.table_name <> 'process_instance'`,
    );
    const tables = ['process_instance', ...tableRows.map((r) => r.name)];
    const where = (t) => (t === 'process_instance' ? 'key = $1' : 'process_instance_key = $1');
    // The instance's keys: every number in its rows from its own key on; definition keys are older.
    const keys = new Set();
    for (const t of tables) {
      const { rows } = await this.client.query(
        `SELECT row_to_json(x)::text AS j FROM ${t} x WHERE ${where(t)}`,
        [templateKey],
      );
      for (const { j } of rows) for (const m of j.match(/\d{10,19}/g) ?? []) keys.add(m);
    }
    const first = BigInt(templateKey);
    const own = [...keys].map(BigInt).filter((k) => k >= first && k < first + 100_000n);
    const span = own.reduce((a, k) => (k - first > a ? k - first : a), 0n) + 1n;
    if (span > 10_000n)
      throw new Error(`Expected the template instance's keys to be contiguous, but they span ${span}`);
    const blocks = (span * BigInt(count)) / 1000n + 2n;
    const base = BigInt(await this.scalar(`SELECT nextval('key_block_seq')::text`)) * 1000n + 1000n;
    await this.client.query(`SELECT setval('key_block_seq', nextval('key_block_seq') + $1::bigint)`, [
      blocks.toString(),
    ]);
    // Rewrites each key inside a row's JSON text: key → base + (key − first) + i × span.
    const rewrite = own
      .sort((a, b) => (a < b ? 1 : -1))
      .reduce(
        (expr, k) => `replace(${expr}, '${k}', (${base - first + k}::bigint + (i - 1) * ${span})::text)`,
        'row_to_json(x)::text',
      );
    for (let done = 0; done < count; done += batch) {
      const n = Math.min(batch, count - done);
      await this.client.query('BEGIN');
      for (const t of tables) {
        await this.client.query(
          // LATERAL: `(f(x)).*` would call f once per column.
          `INSERT INTO ${t} SELECT r.* FROM ${t} x, generate_series(1, $2::int) AS i,
             LATERAL json_populate_record(NULL::${t}, (${rewrite.replaceAll('(i - 1)', `(i - 1 + ${done})`)})::json) AS r
            WHERE x.${where(t)}`,
          [templateKey, n],
        );
      }
      await this.client.query('COMMIT');
      progress?.(done + n, count, (performance.now() - t0) / 1000);
    }
    return { count, seconds: (performance.now() - t0) / 1000 };
  }

  /**
   * Appends `count` history records of instances that ended long ago, in batches of about
   * `batch` records (one transaction each): copies, round-robin, of the `history_batch` rows the
   * engine wrote for the first instance in the table (one per command, about 12 records of
   * 300 bytes of JSON per start), with negative instance and job keys, which no engine hands
   * out, so nothing the engine does later finds them except by scanning. Timestamps lie within
   * the last week (the current month's partition), positions come from the engine's sequence.
   * @returns `{ count, seconds }`
   */
  async appendHistory(count, { batch = 500_000, progress } = {}) {
    const t0 = performance.now();
    const template = `SELECT array_agg(b ORDER BY b.first_position) AS rows FROM history_batch b
                       WHERE b.process_instance_key = (SELECT min(process_instance_key) FROM history_batch WHERE process_instance_key > 0)`;
    const perRow = Number(await this.scalar(`SELECT avg(json_array_length((r).records)) FROM (${template}) t, unnest(t.rows) AS r`));
    const rows = Math.ceil(count / perRow), rowsPerBatch = Math.max(1, Math.round(batch / perRow));
    for (let done = 0; done < rows; done += rowsPerBatch) {
      const n = Math.min(rowsPerBatch, rows - done);
      await this.client.query(
        `WITH t AS (${template})
         INSERT INTO history_batch (first_position, process_instance_key, records, job_keys, "timestamp")
         SELECT nextval('history_position_seq'), -(g / 4 + 1), (x.r).records,
                CASE WHEN (x.r).job_keys IS NULL THEN NULL ELSE ARRAY[-g] END, now() - (g % 600000) * interval '1 second'
           FROM t, generate_series($1::bigint, $2::bigint) AS g,
                LATERAL (SELECT t.rows[1 + (g % cardinality(t.rows))::int] AS r) AS x`,
        [done + 1, done + n],
      );
      progress?.(Math.min(count, Math.round((done + n) * perRow)), count, (performance.now() - t0) / 1000);
    }
    return { count, seconds: (performance.now() - t0) / 1000 };
  }

  /** One number from a query. */
  async scalar(sql, params = []) {
    const { rows } = await this.client.query(sql, params);
    return rows[0] ? Object.values(rows[0])[0] : null;
  }

  async close() {
    await this.client.end();
  }
}

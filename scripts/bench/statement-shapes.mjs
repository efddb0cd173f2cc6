// What the statement shape of a start costs, with the engine taken out of the picture: the rows
// one start writes (copied from an instance the engine made) are written again and again
// straight through `pg`, in the engine's shape and in leaner ones. Part of `--profile`.
import pg from 'pg';
import { cpuSnapshot, cpuSplit } from './cpu.mjs';

/** The tables one start of the one-task process writes, in the engine's order. */
const TABLES = ['process_instance', 'element_instance', 'variable', 'job', 'history_batch'];

const insert = (table, param) =>
  `INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $${param}::json)`;

/**
 * Runs each shape in a closed loop of `concurrency` clients for `seconds` and returns
 * `[{ shape, roundTrips, rate, postgresMs, clientMs }]` (CPU per start).
 */
export async function compareStatementShapes({ url, database, templateKey, seconds = 5, concurrency = 16 }) {
  const pool = new pg.Pool({ connectionString: url, max: concurrency });
  pool.on('error', () => undefined);
  try {
    const rows = {};
    for (const t of TABLES) {
      const where = t === 'process_instance' ? 'key' : 'process_instance_key';
      const { rows: r } = await pool.query(
        `SELECT COALESCE(json_agg(x), '[]')::text AS j FROM ${t} x WHERE ${where} = $1`,
        [templateKey],
      );
      rows[t] = r[0].j;
    }
    const { rows: def } = await pool.query(`SELECT bpmn_process_id FROM process_instance WHERE key = $1`, [
      templateKey,
    ]);
    const processId = def[0].bpmn_process_id;

    // Fresh keys for every copy, as cloneInstances does: the template's keys moved by n × span.
    const first = BigInt(templateKey);
    const own = new Set();
    for (const j of Object.values(rows)) for (const m of j.match(/\d{10,19}/g) ?? []) own.add(m);
    const keys = [...own].map(BigInt).filter((k) => k >= first && k < first + 10_000n);
    const span = keys.reduce((a, k) => (k - first > a ? k - first : a), 0n) + 1n;
    const capacity = 2_000_000n; // copies this run may make at most
    const { rows: seq } = await pool.query(`SELECT nextval('key_block_seq')::text AS b`);
    const base = (BigInt(seq[0].b) + 1n) * 1000n;
    await pool.query(`SELECT setval('key_block_seq', nextval('key_block_seq') + $1::bigint)`, [
      ((span * capacity) / 1000n + 2n).toString(),
    ]);
    let copy = 0n;
    const fresh = () => {
      const offset = base - first + copy++ * span;
      const out = {};
      for (const [t, j] of Object.entries(rows))
        out[t] = j.replace(/\d{10,19}/g, (m) =>
          own.has(m) && BigInt(m) >= first ? (BigInt(m) + offset).toString() : m,
        );
      return out;
    };
    const cte = (names, history) =>
      `WITH ${names
        .slice(0, -1)
        .map((t, i) => `w${i} AS (${insert(t, i + 1)})`)
        .join(', ')} ${insert(history ?? names[names.length - 1], names.length)}`;
    const oneStatement = cte(TABLES);
    const shapes = [
      {
        shape: 'as the engine: definition lookup, BEGIN, now(), 5 INSERTs, COMMIT',
        roundTrips: 9,
        run: async (c) => {
          const r = fresh();
          await c.query(
            `SELECT key FROM process_definition WHERE tenant_id = $1 AND bpmn_process_id = $2 ORDER BY version DESC LIMIT 1`,
            ['<default>', processId],
          );
          await c.query('BEGIN');
          await c.query(`SELECT (extract(epoch FROM now()) * 1000)::float8 AS now`);
          for (const t of TABLES) await c.query(insert(t, 1), [r[t]]);
          await c.query('COMMIT');
        },
      },
      {
        shape: 'the same, as named prepared statements',
        roundTrips: 9,
        run: async (c) => {
          const r = fresh();
          await c.query({
            name: 'def',
            text: `SELECT key FROM process_definition WHERE tenant_id = $1 AND bpmn_process_id = $2 ORDER BY version DESC LIMIT 1`,
            values: ['<default>', processId],
          });
          await c.query('BEGIN');
          await c.query({ name: 'now', text: `SELECT (extract(epoch FROM now()) * 1000)::float8 AS now` });
          for (const t of TABLES) await c.query({ name: `i_${t}`, text: insert(t, 1), values: [r[t]] });
          await c.query('COMMIT');
        },
      },
      {
        shape: 'one statement (the 5 INSERTs as one WITH), autocommit',
        roundTrips: 1,
        run: (c) => {
          const r = fresh();
          return c.query(
            oneStatement,
            TABLES.map((t) => r[t]),
          );
        },
      },
      {
        shape: 'one statement, named prepared',
        roundTrips: 1,
        run: (c) => {
          const r = fresh();
          return c.query({ name: 'one', text: oneStatement, values: TABLES.map((t) => r[t]) });
        },
      },
    ];

    const results = [];
    for (const s of shapes) {
      // Each client keeps its own connection, so named statements are prepared once per connection.
      const clients = await Promise.all(Array.from({ length: concurrency }, () => pool.connect()));
      try {
        await loop(clients, 1, s.run); // prepare and warm
        const before = cpuSnapshot(process.pid, database);
        const r = await loop(clients, seconds, s.run);
        const split = cpuSplit(before, cpuSnapshot(process.pid, database));
        results.push({
          shape: s.shape,
          roundTrips: s.roundTrips,
          rate: r.rate,
          errors: r.errors,
          postgresMs: split ? (split.postgres * 1000) / r.rate : NaN,
          clientMs: split ? (split.engine * 1000) / r.rate : NaN,
          other: split?.other ?? NaN,
        });
      } finally {
        clients.forEach((c) => c.release());
      }
    }
    return results;
  } finally {
    await pool.end();
  }
}

/** Closed loop with one connection per client (a transaction must stay on its connection). */
async function loop(clients, seconds, run) {
  const end = performance.now() + seconds * 1000;
  let ok = 0;
  let errors = 0;
  await Promise.all(
    clients.map(async (c) => {
      while (performance.now() < end) {
        try {
          await run(c);
          if (performance.now() <= end) ok++;
        } catch {
          errors++;
          await c.query('ROLLBACK').catch(() => undefined);
        }
      }
    }),
  );
  return { rate: ok / seconds, errors };
}

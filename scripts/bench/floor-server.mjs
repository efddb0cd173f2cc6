// The floor of the machine for `npm run bench -- --peer …`: the least an engine can do for a start,
// one durable write. An HTTP server (node:http) that answers each POST after one INSERT of its
// body in autocommit (one round trip, one commit, one WAL flush) on the same PostgreSQL.
// Driven by the same load generator as the engines, it shows how far above this machine's own
// floor each engine's latency is. Usage: node floor-server.mjs <database url>; prints
// `listening <port>` once it accepts requests.
import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.argv[2], max: 20, idleTimeoutMillis: 600_000 });
await pool.query(`CREATE TABLE IF NOT EXISTS bench_floor (id bigserial PRIMARY KEY, body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    pool
      .query({ name: 'floor', text: 'INSERT INTO bench_floor (body) VALUES ($1::jsonb) RETURNING id::text AS id', values: [Buffer.concat(chunks).toString('utf8') || '{}'] })
      .then(
        (r) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ processInstanceKey: r.rows[0].id }));
        },
        (error) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error.message));
        },
      );
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));

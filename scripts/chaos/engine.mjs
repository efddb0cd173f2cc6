// Engines under chaos: child processes on one database, killed with SIGKILL and started again on
// the same port, authenticated by API keys made afresh for every run.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { sleep } from '../bench/stats.mjs';

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const newKey = () => `osk_${randomBytes(24).toString('hex')}`;
const sha256 = (s) => createHash('sha256').update(s).digest('hex');

/**
 * The API keys of one run: an admin, a worker-role key (roles `worker` only, as a deployed
 * worker has), and one admin key per tenant for the cross-tenant cases.
 */
export class ApiKeys {
  constructor() {
    this.admin = newKey();
    this.worker = newKey();
    this.acme = newKey();
    this.globex = newKey();
    this.plain = newKey();
  }

  /** The `OSPREY_API_KEYS` value. */
  config() {
    return JSON.stringify([
      { id: 'chaos-admin', sha256: sha256(this.admin), roles: ['admin'], tenants: ['<default>', 'acme', 'globex'] },
      { id: 'chaos-worker', sha256: sha256(this.worker), roles: ['worker'], tenants: ['<default>', 'acme', 'globex'] },
      { id: 'chaos-acme', sha256: sha256(this.acme), roles: ['admin'], tenants: ['acme'] },
      { id: 'chaos-globex', sha256: sha256(this.globex), roles: ['admin'], tenants: ['globex'] },
      { id: 'chaos-default', sha256: sha256(this.plain), roles: ['admin'] },
    ]);
  }
}

/** Connection to the chaos PostgreSQL server, for creating and inspecting test databases. */
export async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `url` pointing at database `name`. */
export function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A fresh database per test, cloned from a template migrated once per run by the engine's own
 * `migrate` command.
 */
export class Databases {
  constructor(root, serverUrl) {
    this.root = root;
    this.serverUrl = serverUrl;
    this.template = `chaos_template_${process.pid}`;
    this.made = [];
  }

  async prepareTemplate() {
    await withClient(this.serverUrl, (c) => c.query(`CREATE DATABASE ${this.template}`));
    this.made.push(this.template);
    await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(this.root, 'apps/engine/dist/src/migrate.js')], {
        env: { ...process.env, DATABASE_URL: withDatabase(this.serverUrl, this.template), LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`Expected migrate to exit 0, but it exited ${code}`))));
    });
  }

  /** A new database cloned from the template; returns its URL. */
  async create(label) {
    const name = `chaos_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${Date.now() % 1e8}`;
    await withClient(this.serverUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${this.template}`));
    this.made.push(name);
    return withDatabase(this.serverUrl, name);
  }

  /** Drops every database of the run (best effort: the server may be gone). */
  async dropAll() {
    if (process.env.CHAOS_KEEP_DB) return;
    await withClient(this.serverUrl, async (c) => {
      for (const name of this.made.reverse()) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    }).catch(() => undefined);
    this.made = [];
  }
}

/** One engine process, restartable on the same port after a `kill -9`. */
export class ChaosEngine {
  /**
   * @param {{ root: string, databaseUrl: string, keys: ApiKeys, env?: Record<string, string|undefined>, name?: string }} options
   */
  constructor({ root, databaseUrl, keys, env = {}, name = 'engine' }) {
    this.root = root;
    this.databaseUrl = databaseUrl;
    this.keys = keys;
    this.extraEnv = env;
    this.name = name;
    this.child = null;
    this.port = 0;
    this.url = '';
    this.log = [];
    /** The engine's error lines (pino level 50 and above), kept whole so a failed test can show why. */
    this.errors = [];
    this.starts = 0;
  }

  /** Starts the engine (again) and waits until `/health/live` answers. */
  async start() {
    if (!this.port) {
      this.port = await freePort();
      this.url = `http://127.0.0.1:${this.port}`;
    }
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(this.port),
      DATABASE_URL: this.databaseUrl,
      DATABASE_POOL_SIZE: '8',
      OSPREY_API_KEYS: this.keys.config(),
      OSPREY_TIMER_POLL_MS: '100',
      ...this.extraEnv,
    };
    delete env.OSPREY_AUTH_ANONYMOUS;
    if (!('KAFKA_BROKERS' in this.extraEnv)) delete env.KAFKA_BROKERS;
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    const child = spawn(process.execPath, [join(this.root, 'apps/engine/dist/src/main.js')], {
      cwd: this.root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts++;
    const keep = (chunk) => {
      const lines = chunk.toString('utf8').split('\n').filter(Boolean);
      this.log.push(...lines);
      if (this.log.length > 300) this.log.splice(0, this.log.length - 300);
      for (const line of lines) if (/"level":(5|6)\d/.test(line) && this.errors.length < 20) this.errors.push(line);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.exitInfo = null;
    child.once('exit', (code, signal) => (child.exitInfo = { code, signal }));
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (child.exitInfo) throw new Error(`${this.name} exited while starting (${JSON.stringify(child.exitInfo)}):\n${this.tail()}`);
      try {
        const res = await fetch(`${this.url}/health/live`, { signal: AbortSignal.timeout(2_000) });
        await res.arrayBuffer();
        if (res.status === 200) return this;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`Expected ${this.name} to answer /health/live within 90 s, but it did not:\n${this.tail()}`);
  }

  /** Waits until `/health/ready` answers 200 (database reachable, Kafka when configured). */
  async ready(timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2_000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
      } catch {
        // not answering yet
      }
      await sleep(200);
    }
    throw new Error(`Expected ${this.name} to be ready within ${timeoutMs} ms, but it was not:\n${this.tail()}`);
  }

  get pid() {
    return this.child?.pid;
  }

  get running() {
    return Boolean(this.child && !this.child.exitInfo);
  }

  /** Resident memory of the engine process in bytes (Linux), or NaN. */
  rss() {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : NaN;
    } catch {
      return NaN;
    }
  }

  /** `kill -9`; resolves once the process is gone. */
  async kill9() {
    if (!this.running) return;
    const gone = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGKILL');
    await gone;
  }

  /** SIGTERM, SIGKILL after 10 s. */
  async stop() {
    if (!this.running) return;
    const gone = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    const t = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(t);
  }

  tail(lines = 20) {
    return this.log.slice(-lines).join('\n') || '(no output)';
  }
}

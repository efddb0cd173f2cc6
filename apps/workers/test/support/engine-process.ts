import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@osprey/testing';
import { Database, SCHEMA_FINGERPRINT } from '@osprey/store';

/** The repository root, from `apps/workers/dist/test/support`. */
export const REPO_ROOT = resolve(__dirname, '../../../../..');

/**
 * Names the migrated template after the migrations' source, so it is rebuilt when they change
 * and shared with the engine's own tests.
 */
const SCHEMA_VERSION = SCHEMA_FINGERPRINT;

/** A real engine in a child process, on its own fresh database. */
export interface EngineProcess {
  readonly url: string;
  /** Stops the engine and drops its database. */
  stop(): Promise<void>;
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

/**
 * Starts `node apps/engine/dist/src/main.js` on a fresh database, REST only unless `env` names
 * `KAFKA_BROKERS`; resolves when it is ready.
 */
export async function startEngineProcess(
  prefix: string,
  extraEnv: Record<string, string> = {},
): Promise<EngineProcess> {
  const main = join(REPO_ROOT, 'apps/engine/dist/src/main.js');
  if (!existsSync(main))
    throw new Error(`Expected the engine build at ${main}, but it is missing; run npm run build`);
  const db: TestDatabase = await createTestDatabase(
    prefix,
    async (url) => {
      const database = await Database.connect({ kind: 'server', url, poolSize: 2 });
      await database.migrate();
      await database.close();
    },
    SCHEMA_VERSION,
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    LOG_LEVEL: 'warn',
    OSPREY_AUTH_ANONYMOUS: 'true',
  };
  delete env.KAFKA_BROKERS;
  Object.assign(env, extraEnv);
  const child = spawn(process.execPath, [main], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null)
          throw new Error(`Expected the engine to start, but it exited with ${child.exitCode}`);
        return (await fetch(`${url}/health/ready`).catch(() => undefined))?.ok;
      },
      'the engine to be ready',
      30_000,
    );
  } catch (error) {
    await kill(child);
    await db.drop();
    throw error;
  }
  return {
    url,
    async stop() {
      await kill(child);
      await db.drop();
    },
  };
}

/** SIGTERM, then SIGKILL when the process has not exited after `graceMs`; resolves with its exit code. */
export async function kill(child: ChildProcess, graceMs = 15_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

/** Polls `fn` until it returns a truthy value. @throws after `timeoutMs` naming `what` */
export async function eventually<T>(
  fn: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

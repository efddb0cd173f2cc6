import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Where the built engine's entry point lives, from `e2e/dist/src`. */
const ENGINE_MAIN = join(__dirname, '../../../apps/engine/dist/src/main.js');

/** An engine running as its own operating-system process, as it runs in production. */
export interface EngineProcess {
  /** Base URL of its HTTP API, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** What the process wrote to stdout and stderr so far (the last 64 KB), for failure reports. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs` if it has not exited. Resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Options of {@link startEngineProcess}. */
export interface EngineProcessOptions {
  /** `DATABASE_URL` of the engine (a fresh test database). */
  readonly databaseUrl: string;
  /** Extra environment on top of the defaults; `undefined` removes a variable. */
  readonly env?: Record<string, string | undefined>;
  /**
   * How long to wait for `/health/ready`, in ms.
   * @default 30000
   */
  readonly readyTimeoutMs?: number;
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node apps/engine/dist/src/main.js` on a free port and waits until it is ready.
 * Kafka stays off unless `env.KAFKA_BROKERS` is given: the process only inherits the
 * environment's PATH-like basics, never the caller's `KAFKA_BROKERS`.
 * @throws when the engine exits or is not ready in time (the message holds its output)
 */
export async function startEngineProcess(options: EngineProcessOptions): Promise<EngineProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, KAFKA_BROKERS: undefined };
  Object.assign(
    env,
    { DATABASE_URL: options.databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', OSPREY_AUTH_ANONYMOUS: 'true' },
    options.env,
  );
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];

  const child = spawn(process.execPath, [ENGINE_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-64 * 1024);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = `http://127.0.0.1:${port}`;
  const engine: EngineProcess = {
    url,
    output: () => log,
    stop: (graceMs) => stopChild(child, exited, graceMs),
  };
  try {
    await waitUntilReady(url, exited, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    await engine.stop(1_000);
    throw new Error(`${(error as Error).message}\n--- engine output ---\n${log}`, { cause: error });
  }
  return engine;
}

async function waitUntilReady(url: string, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined)
      throw new Error(`Expected the engine to start, but it exited with code ${exitCode}`);
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Expected the engine to be ready within ${timeoutMs} ms, but it was not`);
}

async function stopChild(
  child: ChildProcess,
  exited: Promise<number | null>,
  graceMs = 10_000,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

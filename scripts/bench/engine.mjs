// The engine under test, as a child process configured like production.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { sleep } from './stats.mjs';

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

/** A running engine child process. */
export class EngineProcess {
  /**
   * Starts `apps/engine/dist/src/main.js` on `databaseUrl` and waits until `/health/ready`
   * answers 200 (migrations have run by then).
   * @param {{ root: string, databaseUrl: string, poolSize?: number, nodeArgs?: string[], extraEnv?: Record<string,string>, kafka?: boolean }} options
   *   `kafka`: keep KAFKA_BROKERS (from `extraEnv` or the environment) instead of running REST only
   * @throws when the engine is not built, exits, or is not ready within 90 s (its log is included)
   */
  static async start({ root, databaseUrl, poolSize, nodeArgs = [], extraEnv = {}, kafka = false }) {
    const main = join(root, 'apps/engine/dist/src/main.js');
    if (!existsSync(main))
      throw new Error(`Expected the built engine at apps/engine/dist/src/main.js; run 'npm run build' first`);
    const port = await freePort();
    const env = { ...process.env, ...extraEnv };
    // REST workers only: the benchmark measures the engine and PostgreSQL, not a broker.
    if (!kafka) delete env.KAFKA_BROKERS;
    delete env.ENGINE_ROLES;
    // Callers authenticate as in production: with an API key, made afresh for every run.
    const apiKey = `osk_${randomBytes(24).toString('hex')}`;
    env.OSPREY_API_KEYS = JSON.stringify([
      { id: 'bench', sha256: createHash('sha256').update(apiKey).digest('hex'), roles: ['admin'] },
    ]);
    delete env.OSPREY_AUTH_ANONYMOUS;
    Object.assign(env, {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
    });
    if (poolSize) env.DATABASE_POOL_SIZE = String(poolSize);
    // The load generator is one client address with up to 128 + 8 + 2 connections (requests,
    // long-polls, metrics): the per-address cap (128 by default) would close some of them.
    env.OSPREY_MAX_CONNECTIONS_PER_IP ??= '0';
    // The young generation of the api pods (k8s/base/api-deployment.yaml); the heap limit there
    // follows the container's memory, which this machine does not have. BENCH_SEMI_SPACE_MB
    // compares another size ('default': Node's own).
    const semiSpace = env.BENCH_SEMI_SPACE_MB ?? '16';
    const young = semiSpace === 'default' ? undefined : `--max-semi-space-size=${semiSpace}`;
    env.NODE_OPTIONS = [process.env.NODE_OPTIONS, young].filter(Boolean).join(' ');
    // As the image starts it (Dockerfile: one GC thread, an old generation of 256 MB before its
    // first major GC); BENCH_GC=parallel for V8's GC threads, BENCH_OLD_SPACE_MB=default for
    // V8's own old-generation sizing.
    const oldSpace = env.BENCH_OLD_SPACE_MB ?? '256';
    const gc = [
      ...(env.BENCH_GC === 'parallel' ? [] : ['--single-threaded-gc']),
      ...(oldSpace === 'default' ? [] : [`--initial-old-space-size=${oldSpace}`]),
    ];
    const child = spawn(process.execPath, [...gc, ...nodeArgs, main], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const engine = new EngineProcess(child, `http://127.0.0.1:${port}`, {
      authorization: `Bearer ${apiKey}`,
    });
    await engine.waitReady(90_000);
    return engine;
  }

  constructor(child, url, headers) {
    this.child = child;
    this.url = url;
    /** Headers that authenticate a request to this engine. */
    this.headers = headers;
    this.pid = child.pid;
    this.exited = null;
    /** The last lines the engine logged (warnings and errors only, at LOG_LEVEL=warn). */
    this.log = [];
    const keep = (chunk) => {
      this.log.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      if (this.log.length > 200) this.log.splice(0, this.log.length - 200);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('exit', (code, signal) => (this.exited = { code, signal }));
  }

  async waitReady(timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited)
        throw new Error(`The engine exited (${JSON.stringify(this.exited)}) while starting:\n${this.tail()}`);
      try {
        const res = await fetch(`${this.url}/health/ready`);
        await res.arrayBuffer();
        if (res.status === 200) return;
      } catch {
        // Not listening yet.
      }
      await sleep(200);
    }
    await this.stop();
    throw new Error(
      `Expected the engine to be ready within ${timeoutMs / 1000} s, but it was not:\n${this.tail()}`,
    );
  }

  /** The engine's recent log lines. */
  tail(lines = 30) {
    return this.log.slice(-lines).join('\n') || '(no output)';
  }

  /** Graceful stop (SIGTERM), forceful after 15 s. */
  async stop() {
    if (this.exited) return;
    const gone = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await gone;
    clearTimeout(timer);
  }
}

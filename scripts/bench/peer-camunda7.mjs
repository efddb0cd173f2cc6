// Camunda 7 CE as the comparison's peer: built from Maven Central (scripts/bench/camunda7, a small
// Spring Boot project), started as a child process on its own database of the same PostgreSQL.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EngineProcess, freePort } from './engine.mjs';
import { sleep } from './stats.mjs';

/** Newest modification time under `dir`, in ms. */
function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'target') continue;
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Builds the peer's jar with Maven (`mvn package`) unless it is newer than its sources.
 * @returns the jar's path
 * @throws when Maven is missing or the build fails (its output is included)
 */
export function buildCamunda7(root, log) {
  const project = join(root, 'scripts/bench/camunda7');
  const jar = join(project, 'target/camunda7-peer.jar');
  if (existsSync(jar) && statSync(jar).mtimeMs >= newest(project)) return jar;
  log('building the Camunda 7 peer with Maven (the first build downloads its dependencies)');
  try {
    execFileSync('mvn', ['-q', '-B', 'package', '-DskipTests'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(
      `Expected 'mvn package' in scripts/bench/camunda7 to build the Camunda 7 peer, but it failed:\n` +
        `${error.stdout ?? ''}${error.stderr ?? error.message}`,
    );
  }
  return jar;
}

/** A running Camunda 7 peer (stop, tail and the log as for the engine). */
export class Camunda7Process extends EngineProcess {
  /**
   * Starts the jar on `databaseUrl` (a postgres:// URL; Camunda creates its schema) and waits
   * until `GET /engine-rest/engine` answers.
   * @param {{ jar: string, databaseUrl: string, heap?: string }} options
   */
  static async start({ jar, databaseUrl, heap = '1g' }) {
    const port = await freePort();
    const u = new URL(databaseUrl);
    const env = {
      ...process.env,
      SERVER_PORT: String(port),
      SERVER_ADDRESS: '127.0.0.1',
      SPRING_DATASOURCE_URL: `jdbc:postgresql://${u.hostname}:${u.port || 5432}${u.pathname}`,
      SPRING_DATASOURCE_USERNAME: decodeURIComponent(u.username),
      SPRING_DATASOURCE_PASSWORD: decodeURIComponent(u.password),
    };
    const child = spawn('java', [`-Xms${heap}`, `-Xmx${heap}`, '-jar', jar], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const peer = new Camunda7Process(child, `http://127.0.0.1:${port}`, {});
    await peer.waitReady(180_000);
    return peer;
  }

  async waitReady(timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited)
        throw new Error(`Camunda 7 exited (${JSON.stringify(this.exited)}) while starting:\n${this.tail()}`);
      try {
        const res = await fetch(`${this.url}/engine-rest/engine`);
        await res.arrayBuffer();
        if (res.status === 200) return;
      } catch {
        // Not listening yet.
      }
      await sleep(500);
    }
    await this.stop();
    throw new Error(`Expected Camunda 7 to be ready within ${timeoutMs / 1000} s, but it was not:\n${this.tail()}`);
  }
}

/** `mvn` on the PATH? */
export function hasMaven() {
  try {
    execFileSync('mvn', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

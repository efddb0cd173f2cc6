/**
 * A real engine as a child process on its own fresh, migrated PostgreSQL database — for the
 * tests of packages that cannot import the engine (the worker SDK, the example workers), and
 * for tests that must kill the engine process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { TestDatabase } from './postgres-template';
import { migratedTestDatabase } from './migrated-database';

/** The repository root, from `libs/testing/dist/src`. */
export const REPO_ROOT = resolve(__dirname, '../../../..');

/** A real engine in a child process, on its own fresh database. */
export interface EngineProcess {
  readonly url: string;
  readonly db: TestDatabase;
  /** Stops the engine (SIGTERM, SIGKILL after 10 s) and drops its database. */
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
 * Starts `node apps/engine/dist/src/main.js` on a free port with a fresh database cloned from the
 * migrated template, and resolves when `/health/ready` answers 200.
 */
export async function startEngineProcess(
  prefix: string,
  env: Record<string, string | undefined> = {},
  options: { /** the engine's working directory (where `.osprey/` goes) @default the repository root */ cwd?: string } = {},
): Promise<EngineProcess> {
  const main = join(REPO_ROOT, 'apps/engine/dist/src/main.js');
  if (!existsSync(main))
    throw new Error(`Expected the engine build at ${main}, but it is missing; run npm run build`);
  const db = await migratedTestDatabase(prefix);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    LOG_LEVEL: 'warn',
    OSPREY_TIMER_POLL_MS: '50',
    OSPREY_AUTH_ANONYMOUS: 'true',
    // No development key in the working directory, where other specs' workers would find it.
    OSPREY_DEV_API_KEY_FILE: 'off',
    ...env,
  };
  // REST only unless a test asks for Kafka.
  if (!('KAFKA_BROKERS' in env)) delete childEnv.KAFKA_BROKERS;
  const child = spawn(process.execPath, [main], {
    cwd: options.cwd ?? REPO_ROOT,
    env: childEnv,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    await waitReady(url, child);
  } catch (error) {
    await kill(child);
    await db.drop();
    throw error;
  }
  return {
    url,
    db,
    async stop() {
      await kill(child);
      await db.drop();
    },
  };
}

async function waitReady(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null)
      throw new Error(`Expected the engine to start, but it exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Expected the engine at ${url} to be ready within ${timeoutMs} ms, but it was not`);
}

/** Stops a child process: SIGTERM, then SIGKILL when it has not exited after `graceMs`. */
export async function kill(child: ChildProcess, graceMs = 10_000): Promise<number | null> {
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
  timeoutMs = 15_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A one-task process: start → service task of `type` (with `retries`) → end. */
export function oneTaskProcess(processId: string, type: string, retries = 3): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_${processId}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="Task">
      <bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="${retries}" /></bpmn:extensionElements>
      <bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:endEvent id="End"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;
}

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The built engine entry point. */
export const ENGINE_MAIN = join(__dirname, '../../src/main.js');

/** An engine running as a separate OS process (so a test can SIGKILL it). */
export interface EngineProcess {
  readonly child: ChildProcess;
  /** Resolves when the process has exited. */
  readonly exited: Promise<number | null>;
  /** Output so far, for failure messages. */
  output(): string;
}

/** Starts `node apps/engine/dist/src/main.js` with `env` on top of a quiet default; resolves once it logged its start. */
export async function spawnEngine(env: Record<string, string | undefined>): Promise<EngineProcess> {
  const child = spawn(process.execPath, [ENGINE_MAIN], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', OSPREY_AUTH_ANONYMOUS: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = Date.now();
  while (!out.includes('Osprey engine started')) {
    if (child.exitCode !== null || Date.now() - started > 30_000) {
      child.kill('SIGKILL');
      throw new Error(`Expected the engine process to start, but it did not:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, exited, output: () => out };
}

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '@osprey/testing';

/** What one run of the `osprey` binary printed and how it exited. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON (for `--json` runs). */
  json<T = any>(): T;
}

/** The `osprey` binary as `npx osprey` runs it (`apps/cli/bin/osprey.js`). */
export const OSPREY_BIN = join(REPO_ROOT, 'apps/cli/bin/osprey.js');

/**
 * Runs the real `osprey` binary in a child process with `env` on top of a clean environment
 * (no OSPREY_* from the developer's shell), from `cwd`.
 */
export function osprey(args: readonly string[], env: Record<string, string> = {}, cwd = REPO_ROOT): Promise<CliRun> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OSPREY_')));
  const child = spawn(process.execPath, [OSPREY_BIN, ...args], { cwd, env: { ...base, OSPREY_DEV_API_KEY_FILE: 'off', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({
        code,
        stdout,
        stderr,
        json: () => {
          try {
            return JSON.parse(stdout);
          } catch {
            throw new Error(`Expected JSON on stdout of osprey ${args.join(' ')}, but found: ${stdout}\nstderr: ${stderr}`);
          }
        },
      }),
    );
  });
}

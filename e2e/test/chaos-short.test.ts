import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The repository root, from `e2e/dist/test`. */
const ROOT = join(__dirname, '../../..');

/** What `scripts/chaos.mjs --json=<file>` writes per test. */
interface ChaosResult {
  name: string;
  title: string;
  passed: boolean;
  error?: string;
  checks: { name: string; ok: boolean; detail: string }[];
  invariants?: Record<string, { ok: boolean; checked: number; detail?: string }>;
}

/** Runs `node scripts/chaos.mjs <args>`; resolves with its exit code and the end of its output. */
function runChaos(args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts/chaos.mjs'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-16_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    // SIGTERM lets the suite stop the PostgreSQL and Kafka it started.
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/**
 * The chaos suite's short form (docs/reliability.md): engines, PostgreSQL and Kafka of its own
 * are killed under bounded load, hostile inputs are sent, and after each test the invariants
 * I1–I6 are read from the database. Each test is reported as a subtest.
 */
test('chaos suite, short form: faults and hostile inputs leave every invariant intact', { timeout: 300_000 }, async (t) => {
  // Given the built engine and a folder for the results
  const dir = mkdtempSync(join(tmpdir(), 'osprey-chaos-'));
  const json = join(dir, 'results.json');
  try {
    // When the short form runs
    const { code, output } = await runChaos(['--short', `--json=${json}`], 280_000);
    let results: ChaosResult[] = [];
    try {
      results = JSON.parse(readFileSync(json, 'utf8')) as ChaosResult[];
    } catch {
      assert.fail(`Expected the chaos suite to write its results, but it did not (exit ${code}):\n${output}`);
    }
    // Then every test passed its own checks and every invariant
    for (const r of results) {
      await t.test(r.name, () => {
        const failed = [
          ...(r.error ? [r.error] : []),
          ...r.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`),
          ...Object.entries(r.invariants ?? {})
            .filter(([, i]) => !i.ok)
            .map(([name, i]) => `${name}: ${i.detail}`),
        ];
        assert.deepEqual(failed, [], `${r.title}`);
      });
    }
    assert.equal(code, 0, `Expected the chaos suite to exit 0, but it exited ${code}:\n${output}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { REPO } from '../k8s/kubernetes';
import { deployed, engineForFile, fixture, oneTaskProcess, startInstance } from './support';

/** Pinned: a newer release may generate other cases and find other things. */
const SCHEMATHESIS = 'schemathesis==4.32.5';
const VENV = join(REPO, 'node_modules/.cache/schemathesis-4.32.5');
/** The hook file beside this test's source: the problem+json check and the long-poll guard. */
const HOOKS_DIR = join(REPO, 'apps/engine/test/api');

/** The `st` command, installed once from PyPI into a virtual environment under node_modules/.cache. */
function schemathesis(): string {
  const st = join(VENV, 'bin/st');
  const ready = () => existsSync(st) && spawnSync(st, ['--version'], { stdio: 'ignore' }).status === 0;
  if (!ready()) {
    execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'ignore' });
    execFileSync(join(VENV, 'bin/python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', SCHEMATHESIS], { stdio: 'inherit', timeout: 600_000 });
  }
  return st;
}

/**
 * Runs `st` to its end, in a scratch folder (it leaves a `.schemathesis/` cache where it runs);
 * its exit code and everything it printed.
 */
async function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const cwd = mkdtempSync(join(tmpdir(), 'osprey-schemathesis-'));
  try {
    return await runIn(cwd, command, args, env);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

function runIn(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('the API against its OpenAPI document (schemathesis)', () => {
  const ctx = engineForFile('api_schemathesis');

  before(async () => {
    // Something to find: definitions, a waiting instance with a job, one with a user task, a completed one.
    await deployed(
      ctx.api,
      { name: 'order.bpmn', content: oneTaskProcess('order', 'pack') },
      { name: 'instant.bpmn', content: fixture('instant.bpmn') },
      { name: 'approval.bpmn', content: fixture('approval.bpmn') },
      { name: 'approval.form', content: fixture('approval.form') },
    );
    await startInstance(ctx.api, 'order', { orderId: 'A-1' });
    await startInstance(ctx.api, 'instant', { a: 1, b: 2 });
    await startInstance(ctx.api, 'approval', { orderId: 'A-2' });
  });

  it('answers every generated request without a server error, every error as application/problem+json, and every answer in the shape its contract documents', { timeout: 600_000 }, async () => {
    const st = schemathesis();
    const url = ctx.engine.url;
    // A fixed seed and example budget make the run repeat exactly; no example database, so an
    // earlier run's finds do not change this one. One worker: Hypothesis on Python 3.11 can trip
    // over its own source parsing from two threads ("AST constructor recursion depth mismatch").
    const { code, output } = await run(
      st,
      [
        'run',
        `${url}/v2/api-docs`,
        '--url',
        url,
        '--checks',
        'not_a_server_error,problem_json_errors,response_schema_conformance',
        '--phases',
        'examples,coverage,fuzzing',
        '--max-examples',
        '10',
        '--seed',
        '1',
        '--workers',
        '1',
        '--generation-database',
        'none',
        '--generation-with-security-parameters',
        'false',
        '--request-timeout',
        '15',
        '--no-color',
      ],
      { ...process.env, PYTHONPATH: HOOKS_DIR, SCHEMATHESIS_HOOKS: 'schemathesis_hooks' },
    );

    const failures = output.slice(output.indexOf('FAILURES'), output.indexOf('WARNINGS') > 0 ? output.indexOf('WARNINGS') : undefined);
    assert.equal(code, 0, `Expected schemathesis to find nothing, but it exited with ${code}:\n${failures || output.slice(-6000)}`);
    // A run that tested nothing must not pass: every operation of the document was exercised.
    const [, selected, tested] = /Selected: (\d+)\/\d+\s+Tested: (\d+)/.exec(output) ?? [];
    assert.ok(Number(selected) > 40, `Expected the document's operations to be selected, but the summary says ${selected}`);
    assert.equal(tested, selected);
  });
});

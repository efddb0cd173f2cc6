import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { kafkaContractJsonSchema } from '@osprey/contracts';
import { REPO_ROOT, startEngineProcess, startTestOidcProvider, type EngineProcess, type TestOidcProvider } from '@osprey/testing';

/** The package under test. */
const PACKAGE = join(REPO_ROOT, 'libs/client-python');
/**
 * The virtual environment `npm test` creates once and reuses (documented in README and
 * CONTRIBUTING); `OSPREY_PYTHON_VENV` puts it elsewhere.
 */
const VENV = process.env.OSPREY_PYTHON_VENV || join(REPO_ROOT, 'node_modules/.cache/osprey-python/venv');
const bin = (name: string) => join(VENV, 'bin', name);

/** Creates the venv when missing and (re)installs the package with its test extras (editable, so source changes need no reinstall). */
function pythonEnv(): void {
  // The test extras include the kafka extra (aiokafka, jsonschema): a venv without them is refreshed.
  const ready = () => existsSync(bin('pytest')) && spawnSync(bin('python'), ['-c', 'import osprey, httpx, mypy, aiokafka, jsonschema'], { stdio: 'ignore' }).status === 0;
  if (ready()) return;
  execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  execFileSync(bin('python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-e', `${PACKAGE}[test]`], { stdio: 'inherit', timeout: 600_000 });
}

/** Runs a venv command in the package folder to its end: exit code and everything it printed. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin(command), args, { cwd: PACKAGE, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Job types the engine of this spec dispatches to Kafka (tests/test_kafka_worker.py uses them). */
const KAFKA_JOB_TYPES = 'py-kafka-charge,py-kafka-check,py-kafka-skip,py-kafka-retry';

describe('the Python worker SDK (pytest against a real engine)', { timeout: 900_000 }, () => {
  const key = `osk_${randomBytes(32).toString('base64url')}`;
  const kafkaPrefix = `py-${randomBytes(4).toString('hex')}`;
  const brokers = process.env.KAFKA_BROKERS ?? '';
  let engine: EngineProcess;
  let provider: TestOidcProvider;

  before(async () => {
    pythonEnv();
    provider = await startTestOidcProvider({ clientId: 'py-worker', clientSecret: 'py-secret', claims: { roles: ['worker', 'starter', 'viewer'] } });
    assert.ok(brokers, 'Expected KAFKA_BROKERS to be set (npm test sets it through scripts/services)');
    engine = await startEngineProcess('client_python', {
      KAFKA_BROKERS: brokers,
      OSPREY_KAFKA_PREFIX: kafkaPrefix,
      OSPREY_KAFKA_GROUP_ID: `engine-${kafkaPrefix}`,
      OSPREY_KAFKA_JOB_TYPES: KAFKA_JOB_TYPES,
      OSPREY_AUTH_ANONYMOUS: 'false',
      ...provider.engineEnv,
      OSPREY_API_KEYS: JSON.stringify([{ id: 'py-tests', sha256: createHash('sha256').update(key).digest('hex'), roles: ['modeler', 'operator', 'worker', 'starter', 'viewer'] }]),
    });
  });
  after(async () => {
    await engine?.stop();
    await provider?.close();
  });

  it('ships the Kafka contract exactly as @osprey/contracts defines it', () => {
    const shipped: unknown = JSON.parse(readFileSync(join(PACKAGE, 'src/osprey/kafka-contract.schema.json'), 'utf8'));
    assert.deepEqual(shipped, kafkaContractJsonSchema(), 'the Python copy is stale: run `npm run build && npm run contracts:python`');
  });

  it('type-checks with mypy --strict', async () => {
    const { code, output } = await run('mypy', ['--strict']);
    assert.equal(code, 0, output);
  });

  it('passes its pytest suite', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, OSPREY_URL: engine.url, OSPREY_API_KEY: key, OSPREY_TEST_OIDC_TOKEN_URL: provider.tokenUrl, OSPREY_TEST_OIDC_CLIENT_ID: 'py-worker', OSPREY_TEST_OIDC_CLIENT_SECRET: 'py-secret', OSPREY_TEST_KAFKA_BROKERS: brokers, OSPREY_TEST_KAFKA_PREFIX: kafkaPrefix };
    const { code, output } = await run('pytest', ['-q', '-p', 'no:cacheprovider'], env);
    process.stdout.write(output.split('\n').filter((l) => /passed|failed|error/i.test(l)).slice(-3).map((l) => `# pytest: ${l}\n`).join(''));
    assert.equal(code, 0, output);
    assert.match(output, /\d+ passed/);
    assert.doesNotMatch(output, /skipped/);
  });
});

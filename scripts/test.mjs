#!/usr/bin/env node
// The whole test suite: builds the workspace, makes sure PostgreSQL and Kafka are reachable
// (DATABASE_URL / KAFKA_BROKERS when given, otherwise `scripts/services up`), then runs every
// compiled spec with Node's test runner. Extra arguments are passed to `node --test`
// (e.g. `npm test -- --test-name-pattern=timer`).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env };

execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});

if (!env.DATABASE_URL || !env.KAFKA_BROKERS) {
  const out = execFileSync(join(root, 'scripts/services'), ['up'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  for (const line of out.split('\n')) {
    const m = /^(DATABASE_URL|KAFKA_BROKERS)=(.+)$/.exec(line.trim());
    if (m && !env[m[1]]) env[m[1]] = m[2];
  }
}
if (!env.DATABASE_URL || !env.KAFKA_BROKERS) {
  console.error('Expected DATABASE_URL and KAFKA_BROKERS from scripts/services up, but did not get them.');
  process.exit(1);
}

/** Every `dist/test` folder of the workspaces, in dependency order (libraries first). */
const testRoots = ['libs/contracts', 'libs/bpmn', 'libs/dmn', 'libs/runtime', 'libs/testing', 'libs/store', 'libs/kafka', 'libs/client', 'libs/client-python', 'apps/engine', 'apps/workers', 'apps/cli', 'e2e']
  .map((p) => join(root, p, 'dist/test'))
  .filter((p) => existsSync(p) && statSync(p).isDirectory());

const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.js')) files.push(p);
  }
};
testRoots.forEach(walk);

const args = ['--test', '--test-reporter=spec', ...process.argv.slice(2), ...files];
const result = spawnSync(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
process.exit(result.status ?? 1);

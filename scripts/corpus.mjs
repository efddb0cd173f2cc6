#!/usr/bin/env node
// How many Camunda 8 diagrams in a folder deploy and run unchanged.
//
//   npm run corpus -- <folder…> [--url URL --api-key KEY] [--json FILE] [--wait-ms N]
//
// Every `.bpmn`, `.dmn` and `.form` file under the folders is deployed on its own, as a team
// moving from Camunda would try them; forms and decisions of a folder go first, so a diagram
// that links them finds them. Every process that deploys and has a none start event is then
// started without variables and counted as running when, after a short wait, it has reached
// its end or a wait state without an incident. BPMN files written for Camunda 7 only (the
// `camunda:` namespace and no `zeebe:`) are counted apart: they are not Camunda 8 diagrams.
//
// Without `--url` the script starts its own engine on a fresh database of DATABASE_URL (or of
// `scripts/services up postgres`) and drops it afterwards. No file is changed or copied.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createBenchDatabase, dropBenchDatabase, serverUrl, withDatabase } from './bench/database.mjs';
import { EngineProcess } from './bench/engine.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const KINDS = ['.form', '.dmn', '.bpmn'];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string' },
    'api-key': { type: 'string' },
    json: { type: 'string' },
    'wait-ms': { type: 'string', default: '1500' },
  },
});
if (positionals.length === 0) {
  console.error('usage: npm run corpus -- <folder…> [--url URL --api-key KEY] [--json FILE] [--wait-ms N]');
  process.exit(2);
}

/** Every diagram, decision and form file under `path`, in folder order, forms and decisions first. */
function collect(path, into = []) {
  if (statSync(path).isDirectory()) {
    const entries = readdirSync(path).sort();
    const files = entries.filter((e) => KINDS.includes(extname(e)) && statSync(join(path, e)).isFile());
    files.sort((a, b) => KINDS.indexOf(extname(a)) - KINDS.indexOf(extname(b)) || a.localeCompare(b));
    into.push(...files.map((f) => join(path, f)));
    for (const e of entries) if (statSync(join(path, e)).isDirectory()) collect(join(path, e), into);
  } else if (KINDS.includes(extname(path))) into.push(path);
  return into;
}

/** A BPMN file written for Camunda 7 only. */
function camunda7Only(xml) {
  return xml.includes('http://camunda.org/schema/1.0/bpmn') && !xml.includes('http://camunda.org/schema/zeebe/1.0');
}

async function call(engine, method, path, body) {
  const headers = { ...engine.headers };
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(engine.url + path, { method, headers, body: payload });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

async function deploy(engine, file) {
  const form = new FormData();
  form.append('resources', new Blob([readFileSync(file)]), basename(file));
  return call(engine, 'POST', '/v2/deployments', form);
}

/** The instance's fate after `waitMs`: completed, waiting, incident (with its message) or failed. */
async function run(engine, processDefinitionKey, waitMs) {
  const started = await call(engine, 'POST', '/v2/process-instances', { processDefinitionKey, variables: {} });
  if (started.status >= 400) return { outcome: 'not-started', reason: started.body?.detail ?? started.status };
  const key = started.body.processInstanceKey;
  await new Promise((r) => setTimeout(r, waitMs));
  const incidents = await call(engine, 'POST', '/v2/incidents/search', { filter: { processInstanceKey: key } });
  const open = (incidents.body?.items ?? []).filter((i) => i.state !== 'RESOLVED');
  if (open.length > 0) return { outcome: 'incident', reason: `${open[0].errorType}: ${open[0].errorMessage}` };
  const instance = await call(engine, 'GET', `/v2/process-instances/${key}`);
  return { outcome: instance.body?.state === 'COMPLETED' ? 'completed' : 'waiting', state: instance.body?.state };
}

const folders = positionals.map((p) => resolve(p));
const files = folders.flatMap((f) => collect(f));
let engine;
let database;
let server;
if (values.url) {
  engine = { url: values.url.replace(/\/+$/, ''), headers: values['api-key'] ? { authorization: `Bearer ${values['api-key']}` } : {} };
} else {
  server = serverUrl(ROOT);
  database = await createBenchDatabase(server, 'osprey_corpus');
  engine = await EngineProcess.start({ root: ROOT, databaseUrl: withDatabase(server, database) });
}

const results = [];
try {
  for (const file of files) {
    const name = relative(process.cwd(), file);
    const kind = extname(file).slice(1);
    if (kind === 'bpmn' && camunda7Only(readFileSync(file, 'utf8'))) {
      results.push({ file: name, kind, outcome: 'camunda7' });
      continue;
    }
    const deployed = await deploy(engine, file);
    if (deployed.status >= 400) {
      const problems = deployed.body?.problems?.map((p) => p.message ?? p.detail ?? JSON.stringify(p));
      results.push({ file: name, kind, outcome: 'refused', reason: problems?.join(' | ') || deployed.body?.detail || deployed.status });
      continue;
    }
    const processes = (deployed.body.deployments ?? []).map((d) => d.processDefinition).filter(Boolean);
    const runs = [];
    for (const p of processes) runs.push({ processDefinitionId: p.processDefinitionId, ...(await run(engine, p.processDefinitionKey, Number(values['wait-ms']))) });
    results.push({ file: name, kind, outcome: 'deployed', runs });
  }
} finally {
  if (database) {
    await engine.stop?.();
    await dropBenchDatabase(server, database);
  }
}

const c8 = results.filter((r) => r.outcome !== 'camunda7');
const deployed = c8.filter((r) => r.outcome === 'deployed');
const runs = deployed.flatMap((r) => r.runs);
const startable = runs.filter((r) => r.outcome !== 'not-started');
const running = startable.filter((r) => r.outcome === 'completed' || r.outcome === 'waiting');
const pct = (a, b) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)} %`);
console.log(`files: ${results.length} (${results.length - c8.length} Camunda 7 only, left out)`);
for (const kind of ['bpmn', 'dmn', 'form']) {
  const of = c8.filter((r) => r.kind === kind);
  console.log(`  ${kind}: ${of.filter((r) => r.outcome === 'deployed').length} of ${of.length} deploy`);
}
console.log(`deploy: ${deployed.length} of ${c8.length} (${pct(deployed.length, c8.length)})`);
console.log(
  `run: ${running.length} of ${startable.length} started processes reach a wait state or their end (${pct(running.length, startable.length)}); ` +
    `${runs.length - startable.length} have no none start event or refused to start`,
);
for (const r of c8.filter((r) => r.outcome === 'refused')) console.log(`  refused ${r.file}: ${String(r.reason).slice(0, 300)}`);
for (const r of deployed) for (const x of r.runs) if (x.outcome === 'incident' || x.outcome === 'not-started') console.log(`  ${x.outcome} ${r.file} (${x.processDefinitionId}): ${String(x.reason).slice(0, 300)}`);
if (values.json) writeFileSync(values.json, JSON.stringify(results, null, 2));

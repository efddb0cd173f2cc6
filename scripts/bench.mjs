#!/usr/bin/env node
// `npm run bench [-- --quick | --profile]`: throughput and latency of the engine on PostgreSQL.
// See docs/benchmarks.md for the method and the latest figures.
//
// Runs the built engine (npm run build first) as a child process on a fresh database
// `osprey_bench_<timestamp>` of the server in DATABASE_URL (or of `scripts/services up
// postgres`), drives it over HTTP and prints a table; the database is dropped at the end.
// Exit status 0 when every target is met, 1 when one is missed, 2 when the run failed.
//
//   --quick     a smoke run of about two minutes (shorter phases, 10,000 waiting instances)
//   --profile   instead of the figures: SQL statements per start and per transition (counted
//               in the engine's `pg` client), CPU per command, the rows of one start replayed
//               in leaner statement shapes, and a V8 CPU profile summary of the engine
//   --feel      instead of the figures: the cost of one FEEL evaluation in the interpreter, per
//               expression shape (seconds; no database or engine needed)
//   --decisions instead of the figures: CPU per evaluation of a 50-rule, 5-input decision
//               table, in process (BENCH_SECONDS long, default 3), and the engine's CPU per
//               start of a business-rule task against a script task (fresh database)
//   --jobs      instead of the figures: REST jobs/s (4 and 8 workers draining a backlog),
//               creation-to-delivery latency over REST and over Kafka, Kafka jobs/s (about
//               three minutes; Kafka from KAFKA_BROKERS or `scripts/services up kafka`)
//   --peer camunda7
//               instead of the figures: Osprey and Camunda 7 CE (built with Maven from
//               scripts/bench/camunda7, on its own database of the same server) side by side,
//               warmed until their CPU per start settles, phase by phase interleaved, one table
//               of ratios (about 12 minutes with two rounds)
//   --peer osprey:<dir>
//               the same comparison against another built Osprey (a copy of the repository with
//               `npm run build` done, e.g. the commit before a change) on its own database: a
//               before/after measured interleaved, under the same load of the machine
//
// Environment:
//   BENCH_SECONDS          length of each measurement, s            (15; --quick: 5)
//   BENCH_WAITING          waiting instances for the "loaded" run   (100000; --quick: 10000)
//   BENCH_CONCURRENCY      closed-loop sweep, comma-separated        (8,16,32,64; --quick: 16,32)
//   BENCH_RATE             open-loop start rate, /s                  (500)
//   BENCH_TRANSITION_RATE  open-loop bench-a completion rate, /s     (200)
//   BENCH_LOAD_SECONDS     longest HTTP loading of the waiting ones;  (60; --quick: 15)
//                          the rest are SQL copies of an engine-made instance
//   BENCH_POOL_SIZE        the engine's DATABASE_POOL_SIZE           (the engine's default)
//   BENCH_KEEP_DB=1        keep the database afterwards, for EXPLAIN ANALYZE and friends
//   BENCH_JSON=<file>      also write the raw results as JSON
//   BENCH_JOB_BACKLOG      --jobs: instances per throughput backlog   (5000)
//   BENCH_JOB_RATE         --jobs: starts/s of the delivery runs      (50)
//   BENCH_ROUNDS           --peer: interleaved rounds                 (2)
//   BENCH_PEER_CLIENTS     --peer: clients of the closed loop         (32)
//   BENCH_PEER_RATES       --peer: open-loop start rates              (100,200,400)
//   BENCH_PEER_WARMUP      --peer: most 10 s warm-up chunks per engine (30)
//   BENCH_SEMI_SPACE_MB    the engine's --max-semi-space-size, or 'default' (16, as the api pods)
//   BENCH_PEER_SEMI_SPACE_MB  --peer osprey:<dir>: the same for the other side (BENCH_SEMI_SPACE_MB)
//   BENCH_GC               'parallel': V8's parallel GC threads instead of the image's one   (single)
//   BENCH_PRELOAD_WAITING  --peer: waiting instances copied into Osprey's database first (0)
//   BENCH_PRELOAD_HISTORY  --peer: history rows appended to Osprey's database first (0); with
//                          `--peer osprey:<this dir>` the table compares loaded with empty
//   BENCH_ENGINES          Osprey engine processes on the database, requests spread over them (1)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSnapshot, cpuSplit } from './bench/cpu.mjs';
import { readNewestProfile, renderCpuProfile } from './bench/cpu-profile.mjs';
import {
  BenchDatabase,
  createBenchDatabase,
  dropBenchDatabase,
  RUNTIME_TABLES,
  SEARCH_TABLES,
  serverUrl,
  withDatabase,
} from './bench/database.mjs';
import { EngineProcess } from './bench/engine.mjs';
import { HttpClient, RoundRobinClient } from './bench/http.mjs';
import { closedLoop, openLoop, startMany } from './bench/load.mjs';
import { benchResources, PROCESS_IDS, startBody } from './bench/processes.mjs';
import { renderProfile, renderReport, renderShapes, verdicts } from './bench/report.mjs';
import { scrapeStalls, stallsBetween } from './bench/stalls.mjs';
import { renderComparison, round, warmUp } from './bench/compare.mjs';
import { buildCamunda7, Camunda7Process } from './bench/peer-camunda7.mjs';
import { camunda7Peer, floorPeer, ospreyPeer } from './bench/peers.mjs';
import { compareStatementShapes } from './bench/statement-shapes.mjs';
import { int, ms } from './bench/stats.mjs';
import {
  jobResources,
  kafkaJobs,
  makeBacklog,
  renderJobs,
  restDelivery,
  restThroughput,
  JOB_BENCH_TYPES,
} from './bench/jobs.mjs';
import { measureTransitions, stageFirstJobs } from './bench/transition.mjs';
import { measureFeel, renderFeel } from './bench/feel.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
if (args.has('--help') || args.has('-h')) {
  process.stdout.write(
    readFileSync(fileURLToPath(import.meta.url), 'utf8')
      .split('\n')
      .slice(1)
      .filter((l, i, all) => all.slice(0, i + 1).every((x) => x.startsWith('//')))
      .map((l) => l.replace(/^\/\/ ?/, ''))
      .join('\n') + '\n',
  );
  process.exit(0);
}
if (args.has('--decisions')) {
  const { runDecisionBench } = await import('./bench/decisions.mjs');
  process.exit(await runDecisionBench(root));
}
const quick = args.has('--quick');
const profile = args.has('--profile');
const jobsMode = args.has('--jobs');
if (args.has('--feel')) {
  process.stdout.write(`${renderFeel(await measureFeel(root))}\n`);
  process.exit(0);
}
const argv = process.argv.slice(2);
const peerName = argv.includes('--peer') ? argv[argv.indexOf('--peer') + 1] : undefined;
const baselineRoot = peerName?.startsWith('osprey:') ? resolve(peerName.slice('osprey:'.length)) : undefined;
if (peerName !== undefined && peerName !== 'camunda7' && !baselineRoot) {
  process.stderr.write(`--peer: Expected 'camunda7' or 'osprey:<dir of a built Osprey>', but found '${peerName ?? ''}'\n`);
  process.exit(2);
}

const num = (name, fallback) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`${name}: Expected a positive number, but found '${raw}'`);
  return n;
};
const settings = {
  seconds: num('BENCH_SECONDS', quick ? 5 : 15),
  waiting: Math.round(num('BENCH_WAITING', quick ? 10_000 : 100_000)),
  sweep: (process.env.BENCH_CONCURRENCY || (quick ? '16,32' : '8,16,32,64'))
    .split(',')
    .map(Number)
    .filter((n) => n > 0),
  rate: num('BENCH_RATE', 500),
  transitionRate: num('BENCH_TRANSITION_RATE', 200),
  loadSeconds: num('BENCH_LOAD_SECONDS', quick ? 15 : 60),
  poolSize: process.env.BENCH_POOL_SIZE ? Math.round(num('BENCH_POOL_SIZE', 20)) : undefined,
  warmupSeconds: quick ? 2 : 5,
  jobSeconds: num('BENCH_SECONDS', 10),
  jobBacklog: Math.round(num('BENCH_JOB_BACKLOG', 5_000)),
  jobRate: num('BENCH_JOB_RATE', 50),
  rounds: Math.round(num('BENCH_ROUNDS', 2)),
  peerClients: Math.round(num('BENCH_PEER_CLIENTS', 32)),
  peerRates: (process.env.BENCH_PEER_RATES || '100,200,400').split(',').map(Number).filter((n) => n > 0),
  peerWarmupChunks: Math.round(num('BENCH_PEER_WARMUP', 30)),
  engines: Math.round(num('BENCH_ENGINES', 1)),
  preloadWaiting: process.env.BENCH_PRELOAD_WAITING ? Math.round(num('BENCH_PRELOAD_WAITING', 0)) : 0,
  preloadHistory: process.env.BENCH_PRELOAD_HISTORY ? Math.round(num('BENCH_PRELOAD_HISTORY', 0)) : 0,
};

// Side by side, Osprey queues like Camunda 7 instead of shedding load with 429: shed requests
// would drop out of its latency percentiles and flatter it.
const peerEnv = peerName ? { OSPREY_MAX_DB_WAITING: '0', OSPREY_MAX_IN_FLIGHT_REQUESTS: '0' } : {};

const t0 = performance.now();
const log = (message) =>
  process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(0).padStart(3)}s] ${message}\n`);

/** Everything to undo, newest first. */
const cleanups = [];
async function cleanup() {
  while (cleanups.length > 0) {
    try {
      await cleanups.pop()();
    } catch (error) {
      log(`cleanup: ${error.message}`);
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    log('interrupted; stopping the engine and dropping the database');
    void cleanup().then(() => process.exit(130));
  });
}

async function main() {
  const server = serverUrl(root);
  const dbName = await createBenchDatabase(server);
  const dbUrl = withDatabase(server, dbName);
  if (process.env.BENCH_KEEP_DB === '1') log(`database ${dbName} will be kept`);
  else cleanups.push(() => dropBenchDatabase(server, dbName));
  log(`database ${dbName} created`);

  const profileOut = join(os.tmpdir(), `osprey-bench-profile-${process.pid}.json`);
  const cpuProfileDir = join(os.tmpdir(), `osprey-bench-cpuprofile-${process.pid}`);
  const engine = await EngineProcess.start({
    root,
    databaseUrl: dbUrl,
    poolSize: settings.poolSize,
    nodeArgs: profile
      ? [
          '--require',
          join(root, 'scripts/bench/pg-profile.cjs'),
          '--cpu-prof',
          `--cpu-prof-dir=${cpuProfileDir}`,
        ]
      : [],
    extraEnv: { ...(profile ? { OSPREY_BENCH_PROFILE_OUT: profileOut } : {}), ...peerEnv },
  });
  cleanups.push(() => engine.stop());
  // Never leave an engine behind, whatever way this process ends.
  process.once('exit', () => engine.exited || engine.child.kill('SIGKILL'));
  log(`engine started (pid ${engine.pid}) at ${engine.url}`);
  // BENCH_ENGINES > 1: more engine processes on the same database, requests spread over them.
  const engines = [engine];
  for (let i = 1; i < settings.engines; i++) {
    const more = await EngineProcess.start({ root, databaseUrl: dbUrl, poolSize: settings.poolSize, extraEnv: peerEnv });
    cleanups.push(() => more.stop());
    process.once('exit', () => more.exited || more.child.kill('SIGKILL'));
    log(`engine ${i + 1} started (pid ${more.pid}) at ${more.url}`);
    engines.push(more);
  }
  const enginePids = engines.map((e) => e.pid);
  const throwIfEngineDied = () => {
    const dead = engines.find((e) => e.exited);
    if (dead) throw new Error(`The engine exited (${JSON.stringify(dead.exited)}):\n${dead.tail()}`);
  };

  const db = await new BenchDatabase(dbUrl, dbName).open();
  cleanups.push(() => db.close());
  const connections = Math.max(128, ...settings.sweep);
  const spread = (options) => {
    const clients = engines.map((e) => new HttpClient(e.url, { ...options, headers: e.headers }));
    return clients.length === 1 ? clients[0] : new RoundRobinClient(clients);
  };
  const api = spread({ connections });
  const pollApi = spread({ connections: 8 });
  // Each engine's own /metrics, for the stalls of every process.
  const metricsApis = engines.map((e) => new HttpClient(e.url, { connections: 2, headers: e.headers }));
  cleanups.push(async () => {
    await api.close();
    await pollApi.close();
    await Promise.all(metricsApis.map((m) => m.close()));
  });

  await api.postFiles('/v2/deployments', 'resources', benchResources());
  log('processes deployed');

  if (peerName) {
    await runPeerComparison({ server, enginePids, metricsApis, throwIfEngineDied, api, pollApi, dbName });
    return;
  }

  const start = (id) => (n) => api.postJson('/v2/process-instances', startBody(id, n));
  const startOne = start(PROCESS_IDS.oneTask);
  // Every phase also records the engine's stalls (event-loop delay, GC, pool wait) and the
  // machine's load average, read right before and right after it.
  const measured = async (fn) => {
    const stallsBefore = await Promise.all(metricsApis.map(scrapeStalls));
    const loadBefore = os.loadavg()[0];
    const before = cpuSnapshot(enginePids, dbName);
    const result = await fn();
    result.cpu = cpuSplit(before, cpuSnapshot(enginePids, dbName));
    result.stalls = stallsBetween(stallsBefore, await Promise.all(metricsApis.map(scrapeStalls)));
    result.loadAverage = [loadBefore, os.loadavg()[0]];
    return result;
  };

  // Warm-up: JIT, connection pools, graph cache — on both code paths.
  log(`warming up for ${settings.warmupSeconds} s`);
  await closedLoop({ seconds: settings.warmupSeconds, concurrency: 16, op: startOne });
  const warmJobs = await stageFirstJobs({ api, count: 200, concurrency: 16 });
  await measureTransitions({ api, pollApi, staged: warmJobs, rate: 100, seconds: 2 });
  throwIfEngineDied();

  if (profile) {
    await runProfile({ api, pollApi, db, dbUrl, engine, profileOut, startOne });
    await engine.stop(); // writes the CPU profile
    const cpu = readNewestProfile(cpuProfileDir);
    if (cpu) process.stdout.write(`\n${renderCpuProfile(cpu)}\n`);
    rmSync(cpuProfileDir, { recursive: true, force: true });
    return;
  }

  if (jobsMode) {
    await runJobs({ api, pollApi, db, dbUrl });
    return;
  }

  const results = {
    date: new Date().toISOString().slice(0, 10),
    waiting: settings.waiting,
    machine: await machine(db),
    settings: { ...settings, httpClient: api.kind },
    sweep: [],
  };

  for (const concurrency of settings.sweep) {
    await db.resetInstances();
    log(`closed loop, ${concurrency} clients, ${settings.seconds} s`);
    const r = await measured(() => closedLoop({ seconds: settings.seconds, concurrency, op: startOne }));
    log(`  ${int(r.rate)} starts/s`);
    results.sweep.push(r);
    throwIfEngineDied();
  }
  // A sweep point where requests failed measured failures, not throughput.
  const clean = results.sweep.filter((r) => r.errors <= 0.001 * (r.ok + r.errors));
  results.best = (clean.length > 0 ? clean : results.sweep).reduce((a, b) => (b.rate > a.rate ? b : a));

  await db.resetInstances();
  log(`open loop, ${settings.rate} starts/s, ${settings.seconds} s`);
  results.open = await measured(() =>
    openLoop({ seconds: settings.seconds, rate: settings.rate, op: startOne }),
  );

  await db.resetInstances();
  results.transition = await transitions({ api, pollApi, measured });
  throwIfEngineDied();

  // Footprint and the loaded runs: fill the runtime with waiting instances — over HTTP for up
  // to BENCH_LOAD_SECONDS, the rest as copies of one engine-made instance (see cloneInstances).
  await db.resetInstances();
  const before = await db.sizes();
  log(
    `loading ${int(settings.waiting)} waiting instances with ${results.best.concurrency} clients ` +
      `(over HTTP for at most ${settings.loadSeconds} s)`,
  );
  results.load = await startMany({
    count: settings.waiting,
    concurrency: results.best.concurrency,
    start: startOne,
    stopAfterSeconds: settings.loadSeconds,
    progress: (done, count, s) => log(`  ${int(done)} of ${int(count)} after ${s.toFixed(0)} s`),
  });
  results.load.concurrency = results.best.concurrency;
  log(
    `  ${int(results.load.count)} started in ${results.load.seconds.toFixed(1)} s (${int(results.load.rate)}/s)`,
  );
  const after = await db.sizes();
  const perInstance = (tables) => tables.reduce((s, t) => s + after[t] - before[t], 0) / results.load.count;
  results.size = {
    runtimePerInstance: perInstance(RUNTIME_TABLES),
    allPerInstance: perInstance([...RUNTIME_TABLES, ...SEARCH_TABLES]),
    byTable: Object.fromEntries(
      Object.keys(after).map((t) => [t, (after[t] - before[t]) / results.load.count]),
    ),
  };
  const missing = settings.waiting - results.load.count;
  if (missing > 0) {
    // The template starts alone, so its keys are contiguous.
    const template = await startOne(settings.waiting);
    log(`copying instance ${template.processInstanceKey} ${int(missing - 1)} times in SQL`);
    results.clone = await db.cloneInstances(template.processInstanceKey, missing - 1, {
      progress: (done, count, s) => log(`  ${int(done)} of ${int(count)} after ${s.toFixed(0)} s`),
    });
    log(`  copied in ${results.clone.seconds.toFixed(1)} s`);
  }
  log('VACUUM (ANALYZE) of the instance tables');
  await db.vacuumAnalyze();

  results.loaded = {};
  log(`with ${int(settings.waiting)} waiting: closed loop, ${results.best.concurrency} clients`);
  results.loaded.closed = await measured(() =>
    closedLoop({ seconds: settings.seconds, concurrency: results.best.concurrency, op: startOne }),
  );
  log(`  ${int(results.loaded.closed.rate)} starts/s`);
  log(`with ${int(settings.waiting)} waiting: open loop, ${settings.rate} starts/s`);
  results.loaded.open = await measured(() =>
    openLoop({ seconds: settings.seconds, rate: settings.rate, op: startOne }),
  );
  results.loaded.transition = await transitions({ api, pollApi, measured });
  throwIfEngineDied();

  const warnings = engine.log.filter((l) => /"level":(40|50|60)/.test(l));
  log(
    `done in ${((performance.now() - t0) / 1000).toFixed(0)} s; the engine logged ${warnings.length} warnings/errors`,
  );
  for (const l of warnings.slice(-5)) log(`  engine: ${l.slice(0, 300)}`);

  process.stdout.write(`\n${renderReport(results)}\n`);
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, errorsAsText, 2));
  process.exitCode = verdicts(results).every((v) => v.ok) ? 0 : 1;
}

/** `--jobs`: job throughput and creation-to-delivery latency, REST and Kafka. */
async function runJobs({ api, pollApi, db, dbUrl }) {
  await api.postFiles('/v2/deployments', 'resources', jobResources());
  const r = { fmt: { int, ms }, rest: [] };
  for (const workers of [4, 8]) {
    await db.resetInstances();
    log(`REST backlog: ${int(settings.jobBacklog)} instances of ${JOB_BENCH_TYPES.rest}`);
    await makeBacklog({ api, type: JOB_BENCH_TYPES.rest, count: settings.jobBacklog });
    log(`REST jobs, ${workers} workers, at most ${settings.jobSeconds} s`);
    const t = await restThroughput({ api, workers, seconds: settings.jobSeconds, backlog: settings.jobBacklog });
    log(`  ${int(t.rate)} jobs/s`);
    r.rest.push(t);
  }
  await db.resetInstances();
  log(`REST delivery, ${settings.jobRate} starts/s for ${settings.jobSeconds} s`);
  r.restDelivery = await restDelivery({ api, pollApi, rate: settings.jobRate, seconds: settings.jobSeconds });
  await db.resetInstances();

  let brokers = process.env.KAFKA_BROKERS;
  try {
    if (!brokers) {
      const out = execFileSync(join(root, 'scripts/services'), ['up', 'kafka'], { cwd: root, encoding: 'utf8' });
      brokers = out.split('\n').find((l) => l.startsWith('KAFKA_BROKERS='))?.slice('KAFKA_BROKERS='.length).trim();
    }
    if (!brokers) throw new Error('Expected KAFKA_BROKERS, but found none');
    const prefix = `bench${Date.now()}`;
    const kafkaEngine = await EngineProcess.start({
      root,
      databaseUrl: dbUrl,
      poolSize: settings.poolSize,
      kafka: true,
      extraEnv: {
        KAFKA_BROKERS: brokers,
        OSPREY_KAFKA_PREFIX: prefix,
        OSPREY_KAFKA_JOB_TYPES: `${JOB_BENCH_TYPES.kafka},${JOB_BENCH_TYPES.kafkaLoad}`,
      },
    });
    cleanups.push(() => kafkaEngine.stop());
    process.once('exit', () => kafkaEngine.exited || kafkaEngine.child.kill('SIGKILL'));
    log(`Kafka engine started (pid ${kafkaEngine.pid}), prefix ${prefix}`);
    const kafkaApi = new HttpClient(kafkaEngine.url, { connections: 64, headers: kafkaEngine.headers });
    cleanups.push(() => kafkaApi.close());
    r.kafka = await kafkaJobs({
      kafkaApi,
      brokers: brokers.split(','),
      prefix,
      rate: settings.jobRate,
      seconds: settings.jobSeconds,
      backlog: settings.jobBacklog,
      db,
      log,
    });
  } catch (error) {
    log(`Kafka: ${error.stack ?? error}`);
    r.kafkaError = error.message;
  }
  const text = renderJobs(r);
  process.stdout.write(`\nOsprey jobs benchmark — ${new Date().toISOString().slice(0, 10)}\n${text}\n`);
  process.exitCode = text.includes('✗') ? 1 : 0;
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(r, errorsAsText, 2));
}

/**
 * The comparison's other side: Camunda 7 (`--peer camunda7`) or another built Osprey
 * (`--peer osprey:<dir>`), on its own database of the same server, with the processes deployed.
 * @returns `{ side, process, warmChunks, description }`
 */
async function startPeer(server) {
  if (baselineRoot) {
    const dbName = await createBenchDatabase(server, 'osprey_baseline_bench');
    if (process.env.BENCH_KEEP_DB !== '1') cleanups.push(() => dropBenchDatabase(server, dbName));
    log(`baseline Osprey from ${baselineRoot}: database ${dbName}, starting`);
    const young = process.env.BENCH_PEER_SEMI_SPACE_MB ? { BENCH_SEMI_SPACE_MB: process.env.BENCH_PEER_SEMI_SPACE_MB } : {};
    const engine = await EngineProcess.start({ root: baselineRoot, databaseUrl: withDatabase(server, dbName), poolSize: settings.poolSize, extraEnv: { ...peerEnv, ...young } });
    cleanups.push(() => engine.stop());
    process.once('exit', () => engine.exited || engine.child.kill('SIGKILL'));
    const api = new HttpClient(engine.url, { connections: 128, headers: engine.headers });
    const poll = new HttpClient(engine.url, { connections: 8, headers: engine.headers });
    const metrics = new HttpClient(engine.url, { connections: 2, headers: engine.headers });
    cleanups.push(async () => {
      await api.close();
      await poll.close();
      await metrics.close();
    });
    await api.postFiles('/v2/deployments', 'resources', benchResources());
    log(`baseline Osprey started (pid ${engine.pid}) at ${engine.url}, processes deployed`);
    const name = 'Osprey (baseline)';
    return {
      side: { peer: { ...ospreyPeer(api), name }, pollPeer: { ...ospreyPeer(poll), name }, pid: engine.pid, database: dbName, stallsApis: [metrics] },
      process: engine,
      warmChunks: 4,
      description: `${name}: the build of ${buildOf(baselineRoot)}, configured as the other side`,
    };
  }
  const jar = buildCamunda7(root, log);
  const c7db = await createBenchDatabase(server, 'camunda7_bench');
  if (process.env.BENCH_KEEP_DB !== '1') cleanups.push(() => dropBenchDatabase(server, c7db));
  log(`Camunda 7: database ${c7db}, starting`);
  const c7 = await Camunda7Process.start({ jar, databaseUrl: withDatabase(server, c7db) });
  cleanups.push(() => c7.stop());
  process.once('exit', () => c7.exited || c7.child.kill('SIGKILL'));
  const c7api = new HttpClient(c7.url, { connections: 128 });
  const c7poll = new HttpClient(c7.url, { connections: 8 });
  cleanups.push(async () => {
    await c7api.close();
    await c7poll.close();
  });
  // One deployment per file: Camunda 7 keys multipart parts by field name.
  for (const file of benchResources('camunda7')) await c7api.postFiles('/engine-rest/deployment/create', 'data', [file]);
  log(`Camunda 7 started (pid ${c7.pid}) at ${c7.url}, processes deployed`);
  return {
    side: { peer: camunda7Peer(c7api), pollPeer: camunda7Peer(c7poll), pid: c7.pid, database: c7db },
    process: c7,
    warmChunks: settings.peerWarmupChunks,
    description: 'Camunda 7.24 CE: Spring Boot REST, history full, Hikari 20, external tasks',
  };
}

/** `--peer`: Osprey and the peer side by side (scripts/bench/compare.mjs). */
async function runPeerComparison({ server, enginePids, metricsApis, throwIfEngineDied, api, pollApi, dbName }) {
  const other = await startPeer(server);
  const sides = {
    osprey: { peer: ospreyPeer(api), pollPeer: ospreyPeer(pollApi), pid: enginePids, database: dbName, stallsApis: metricsApis },
    peer: other.side,
  };
  const preloaded = await preload(sides.osprey.peer, withDatabase(server, dbName), dbName);
  const floor = await startFloor(withDatabase(server, dbName));
  const s = {
    floor,
    seconds: settings.seconds,
    concurrency: settings.peerClients,
    rates: settings.peerRates,
    transitionRate: settings.transitionRate,
    backlog: settings.jobBacklog,
    workers: 4,
    engines: settings.engines,
    preloaded,
  };
  const warm = {};
  for (const [key, max] of [['osprey', 4], ['peer', other.warmChunks]]) {
    log(`warming ${sides[key].peer.name} until its CPU per start settles (10 s chunks, at most ${max})`);
    warm[key] = await warmUp(sides[key], { chunkSeconds: 10, maxChunks: max, log });
  }
  const rounds = [];
  for (let i = 0; i < settings.rounds; i++) {
    const order = i % 2 === 0 ? ['osprey', 'peer'] : ['peer', 'osprey'];
    const exitedPeer = () => other.process.exited && new Error(`${other.side.peer.name} exited (${JSON.stringify(other.process.exited)}):\n${other.process.tail()}`);
    try {
      rounds.push(await round(sides, order, s, log));
    } catch (error) {
      // A request that failed outside the measured loops most often means an engine died: say which.
      throwIfEngineDied();
      throw exitedPeer() || error;
    }
    throwIfEngineDied();
    if (other.process.exited) throw new Error(`${other.side.peer.name} exited (${JSON.stringify(other.process.exited)}):\n${other.process.tail()}`);
  }
  const db = new BenchDatabase(withDatabase(server, dbName), dbName);
  await db.open();
  const base = await machine(db);
  await db.close();
  const javaVersion = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr ?? '';
  const text = renderComparison({
    rounds,
    settings: s,
    warm,
    machine: { ...base, java: `Java ${/version "([^"]+)"/.exec(javaVersion)?.[1] ?? '?'}` },
    peer: { name: other.side.peer.name, description: other.description },
  });
  process.stdout.write(`\n${text}\n`);
  if (process.env.BENCH_JSON)
    writeFileSync(process.env.BENCH_JSON, JSON.stringify({ rounds, settings: s, warm }, errorsAsText, 2));
}

/**
 * The floor of this machine (`scripts/bench/floor-server.mjs`, one durable INSERT per request) on
 * `url`, behind the same HTTP client as the engines; stopped with the other cleanups.
 */
async function startFloor(url) {
  const child = spawn(process.execPath, [join(root, 'scripts/bench/floor-server.mjs'), url], { stdio: ['ignore', 'pipe', 'inherit'] });
  cleanups.push(() => new Promise((done) => (child.exitCode !== null ? done() : (child.once('exit', done), child.kill('SIGTERM')))));
  const port = await new Promise((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (m) ok(Number(m[1]));
    });
    child.once('exit', (code) => fail(new Error(`Expected the floor server to listen, but it exited with ${code}`)));
  });
  const api = new HttpClient(`http://127.0.0.1:${port}`, { connections: 128 });
  cleanups.push(() => api.close());
  log(`floor server started (pid ${child.pid}) at port ${port}`);
  return floorPeer(api);
}

/**
 * `BENCH_PRELOAD_WAITING` / `BENCH_PRELOAD_HISTORY`: fills the database of the Osprey under test
 * before a comparison — waiting instances as SQL copies of one it started, history rows of long
 * ended instances — then VACUUM (ANALYZE), as autovacuum would after a bulk load.
 * @returns what was loaded and how long it took, or undefined when nothing was asked for
 */
async function preload(peer, url, dbName) {
  const { preloadWaiting: waiting, preloadHistory: history } = settings;
  if (waiting <= 0 && history <= 0) return undefined;
  const db = await new BenchDatabase(url, dbName).open();
  try {
    // Started alone, so its keys are contiguous (cloneInstances needs that); its history rows
    // are the pattern of the appended history.
    const template = await peer.start(PROCESS_IDS.oneTask, 0);
    const progress = (what) => (done, count, s) => log(`  ${what}: ${int(done)} of ${int(count)} after ${s.toFixed(0)} s`);
    const loaded = { waiting: 1, history: 0, seconds: 0 };
    if (waiting > 1) {
      log(`preloading Osprey with ${int(waiting)} waiting instances (SQL copies of ${template.instanceKey})`);
      const r = await db.cloneInstances(template.instanceKey, waiting - 1, { progress: progress('waiting') });
      loaded.waiting += r.count;
      loaded.seconds += r.seconds;
    }
    if (history > 0) {
      log(`preloading Osprey with ${int(history)} history rows`);
      const r = await db.appendHistory(history, { progress: progress('history') });
      loaded.history = r.count;
      loaded.seconds += r.seconds;
    }
    log('VACUUM (ANALYZE) of the instance tables');
    await db.vacuumAnalyze();
    loaded.sizes = await db.sizes();
    return loaded;
  } finally {
    await db.close();
  }
}

/** Stages bench-a jobs, then measures the bench-a → bench-b transition. */
async function transitions({ api, pollApi, measured }) {
  const count = Math.round(settings.transitionRate * settings.seconds);
  log(`staging ${int(count)} two-task instances at bench-a`);
  const staged = await stageFirstJobs({ api, count, concurrency: 32 });
  log(`transitions at ${settings.transitionRate}/s, ${settings.seconds} s`);
  return measured(() =>
    measureTransitions({ api, pollApi, staged, rate: settings.transitionRate, seconds: settings.seconds }),
  );
}

/** `--profile`: which statements a start and a transition send, and what they cost. */
async function runProfile({ api, pollApi, db, dbUrl, engine, profileOut, startOne }) {
  const phase = async (title, fn) => {
    engine.child.kill('SIGWINCH'); // start afresh
    const before = cpuSnapshot(engine.pid, db.name);
    const commands = await fn();
    const split = cpuSplit(before, cpuSnapshot(engine.pid, db.name));
    engine.child.kill('SIGWINCH');
    await new Promise((r) => setTimeout(r, 200));
    const tallies = JSON.parse(readFileSync(profileOut, 'utf8'));
    rmSync(profileOut, { force: true });
    process.stdout.write(`\n${renderProfile(title, tallies, commands, split)}\n`);
  };
  await db.resetInstances();
  await phase('Start (one-task process), closed loop with 16 clients', async () => {
    const r = await closedLoop({ seconds: 5, concurrency: 16, op: startOne });
    return { commands: r.ok, seconds: 5 };
  });
  await db.resetInstances();
  const staged = await stageFirstJobs({ api, count: 1000, concurrency: 16 });
  await phase('Transition (complete bench-a, activate and complete bench-b) at 100/s', async () => {
    const r = await measureTransitions({ api, pollApi, staged, rate: 100, seconds: 5 });
    return { commands: r.latency.count, seconds: r.latency.count / r.achieved };
  });

  await db.resetInstances();
  const template = await startOne(0); // alone, so its keys are contiguous
  log('replaying the rows of one start in other statement shapes, straight through pg');
  const shapes = await compareStatementShapes({
    url: dbUrl,
    database: db.name,
    templateKey: template.processInstanceKey,
  });
  process.stdout.write(`\n${renderShapes(shapes)}\n`);
}

async function machine(db) {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown CPU',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: String(await db.scalar('SELECT version()')).replace(/ on .*/, ''),
    loadAverage: os.loadavg(),
  };
}

function errorsAsText(key, value) {
  return value instanceof Error ? value.message : value;
}

main()
  .catch((error) => {
    process.stderr.write(`\nbench failed: ${error.stack ?? error}\n`);
    process.exitCode = 2;
  })
  .finally(cleanup);

/** The commit a build folder was checked out at (its path is nobody else's business), or "another folder". */
function buildOf(folder) {
  const head = spawnSync('git', ['-C', folder, 'log', '-1', '--format=commit %h (%s)'], { encoding: 'utf8' });
  return head.status === 0 && head.stdout.trim() ? head.stdout.trim() : 'another folder';
}

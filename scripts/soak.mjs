#!/usr/bin/env node
// `npm run soak`: mixed load on one engine for 30 minutes with a `kill -9` of the engine every
// 5 minutes; memory must stay flat, nothing acknowledged may be lost, and the start p99 of the
// last segment must stay within 2× of the first. Not part of `npm test`. See docs/reliability.md.
//
// It runs on its own PostgreSQL (scripts/services with its own folder and port), which it stops
// at the end. The mix, per instance: a start, a job completed by a REST worker, a message
// published for it (buffered until its subscription opens) and a 1 s timer.
//
// Environment:
//   SOAK_MINUTES          length of the load                 (30)
//   SOAK_KILL_MINUTES     minutes between engine kills         (5)
//   SOAK_STARTERS         concurrent starters (100 ms apart)   (2)
//   SOAK_PG_PORT          port of its PostgreSQL               (55632)
//   SOAK_JSON=<file>      also write the figures as JSON
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Latencies, sleep } from './bench/stats.mjs';
import { ApiKeys, ChaosEngine, Databases, withClient } from './chaos/engine.mjs';
import { call, deploy } from './chaos/http.mjs';
import { checkInvariants } from './chaos/invariants.mjs';
import { Starter, Workers } from './chaos/load.mjs';
import { MIXED, standardResources } from './chaos/processes.mjs';
import { ChaosServices } from './chaos/services.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const num = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);
const minutes = num('SOAK_MINUTES', 30);
const killEvery = num('SOAK_KILL_MINUTES', 5);
const t0 = performance.now();
const log = (m) => process.stderr.write(`[soak ${((performance.now() - t0) / 1000).toFixed(0).padStart(5)}s] ${m}\n`);

process.env.CHAOS_SERVICES_DIR ||= join(root, '.services/soak');
process.env.CHAOS_PG_PORT ||= process.env.SOAK_PG_PORT || '55632';
const services = new ChaosServices(root, { kafka: false, log });
let engine;
let databases;

/** Publishes the message each acknowledged start waits for, retried until acknowledged. */
class Publisher {
  constructor(engines, key) {
    this.engines = engines;
    this.key = key;
    this.queue = [];
    this.acked = [];
    this.running = true;
  }

  start() {
    this.done = Promise.all([0, 1].map(() => this.loop()));
    return this;
  }

  async loop() {
    while (this.running || this.queue.length > 0) {
      const ref = this.queue.shift();
      if (!ref) {
        await sleep(50);
        continue;
      }
      const res = await call(this.engines()[0].url, 'POST', '/v2/messages/publication', {
        key: this.key,
        body: { name: `${MIXED}-go`, correlationKey: ref, messageId: ref, timeToLive: 600_000, variables: { paid: true } },
      });
      if (res.status === 200) this.acked.push(res.requestId);
      else if (res.status === 0 || res.status >= 500 || res.status === 429) {
        this.queue.unshift(ref);
        await sleep(200);
      }
    }
  }
}

async function main() {
  log(`soak for ${minutes} min, engine kill -9 every ${killEvery} min; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  await services.up();
  databases = new Databases(root, services.databaseUrl);
  await databases.prepareTemplate();
  const databaseUrl = await databases.create('soak');
  const keys = new ApiKeys();
  engine = new ChaosEngine({ root, databaseUrl, keys, name: 'soak engine' });
  await engine.start();
  await engine.ready();
  await deploy(engine.url, keys.admin, standardResources());
  const engines = () => [engine];
  const publisher = new Publisher(engines, keys.admin).start();
  const starter = new Starter({ engines, key: keys.admin, processId: MIXED, concurrency: num('SOAK_STARTERS', 2), pauseMs: 100, label: 'soak' });
  starter.start();
  // The message follows the job's acknowledged completion, as a payment confirmation follows
  // the charge. (Published earlier, it races the subscription: see docs/reliability.md.)
  const workers = new Workers({
    engines,
    key: keys.worker,
    type: 'chaos-job',
    concurrency: 2,
    leaseMs: 20_000,
    onComplete: (job) => publisher.queue.push(job.variables.ref),
  }).start();

  const segments = [];
  let segment = { index: 0, rssPeak: 0, rssEnd: 0, from: 0 };
  const samples = [];
  const endAt = Date.now() + minutes * 60_000;
  let nextKill = Date.now() + killEvery * 60_000;
  while (Date.now() < endAt) {
    await sleep(Math.min(30_000, Math.max(0, endAt - Date.now())));
    const rss = engine.rss();
    const window = starter.takeWindow();
    segment.rssPeak = Math.max(segment.rssPeak, rss || 0);
    segment.rssEnd = rss;
    const sample = {
      atMinute: +((performance.now() - t0) / 60_000).toFixed(1),
      rssMb: +(rss / 2 ** 20).toFixed(0),
      startsAcked: starter.acked.length,
      completions: workers.acked.length,
      messages: publisher.acked.length,
      p99: +window.p99.toFixed(1),
      load: os.loadavg()[0],
    };
    samples.push(sample);
    log(JSON.stringify(sample));
    if (Date.now() >= nextKill && Date.now() < endAt - 30_000) {
      segments.push(finish(segment, starter.acked));
      log(`kill -9 engine (segment ${segment.index} ended at ${sample.rssMb} MB)`);
      await engine.kill9();
      const down = performance.now();
      await engine.start();
      log(`engine back in ${((performance.now() - down) / 1000).toFixed(1)} s`);
      segment = { index: segment.index + 1, rssPeak: 0, rssEnd: 0, from: starter.acked.length };
      nextKill = Date.now() + killEvery * 60_000;
    }
  }
  segments.push(finish(segment, starter.acked));
  log('load stopped; draining (workers, messages, timers)');
  await starter.stop();
  publisher.running = false;
  const drainUntil = Date.now() + 180_000;
  const keysAcked = starter.acked.map((s) => s.key);
  let open = keysAcked.length;
  while (Date.now() < drainUntil) {
    open = await withClient(databaseUrl, async (c) => {
      const { rows } = await c.query(`SELECT count(*)::int AS n FROM process_instance WHERE key = ANY($1::bigint[]) AND state = 'COMPLETED'`, [keysAcked]);
      return keysAcked.length - rows[0].n;
    });
    if (open === 0) break;
    await sleep(2_000);
  }
  await workers.stop();
  await publisher.done;
  const invariants = await checkInvariants(databaseUrl, { starts: starter.acked, completions: workers.acked, requests: publisher.acked });
  const first = segments[0];
  const last = segments[segments.length - 1];
  const result = {
    minutes,
    killEvery,
    kills: engine.starts - 1,
    startsAcked: starter.acked.length,
    startStatuses: starter.statuses.toString(),
    completionsAcked: workers.acked.length,
    messagesAcked: publisher.acked.length,
    notCompletedAfterDrain: open,
    segments,
    p99Ratio: +(last.p99 / first.p99).toFixed(2),
    memoryRatio: +(last.rssPeakMb / first.rssPeakMb).toFixed(2),
    invariants,
    load: os.loadavg(),
    samples,
  };
  const verdict = {
    nothingLost: open === 0 && invariants.I1.ok,
    memoryFlat: result.memoryRatio <= 1.25,
    p99Within2x: result.p99Ratio <= 2,
    invariants: Object.values(invariants).every((i) => i.ok),
  };
  result.verdict = verdict;
  if (process.env.SOAK_JSON) writeFileSync(process.env.SOAK_JSON, JSON.stringify(result, null, 2));
  process.stdout.write(`${JSON.stringify({ ...result, samples: undefined }, null, 2)}\n`);
  return Object.values(verdict).every(Boolean) ? 0 : 1;
}

/** A segment's figures: peak and final engine RSS in MB, and the p99 of its acknowledged starts. */
function finish(s, acked) {
  const latency = new Latencies();
  for (let i = s.from; i < acked.length; i++) latency.add(acked[i].ms);
  const { p99, p50 } = latency.summary();
  return {
    index: s.index,
    rssPeakMb: Math.round(s.rssPeak / 2 ** 20),
    rssEndMb: Math.round(s.rssEnd / 2 ** 20),
    p50: +p50.toFixed(1),
    p99: +p99.toFixed(1),
    starts: acked.length - s.from,
    load1: +os.loadavg()[0].toFixed(2),
  };
}

async function cleanup() {
  await engine?.stop().catch(() => undefined);
  await databases?.dropAll();
  await services.down();
}

let status = 2;
process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
process.once('SIGTERM', () => void cleanup().then(() => process.exit(143)));
try {
  status = await main();
} catch (error) {
  log(`failed: ${error.stack ?? error}`);
} finally {
  await cleanup();
}
process.exit(status);

// `--jobs`: job throughput and creation-to-delivery latency, over REST and over Kafka.
//
// REST throughput: a backlog of one-task instances of type `bench-job`, drained by W workers
// that each activate up to 32 jobs and complete them (with the lease's attempt) — jobs/s.
// REST delivery: one worker long-polls `bench-latency` (maxJobsToActivate 1); instances start
// in an open loop; latency = job in the worker's hands − start request answered 200 (the job
// commits with the start). Kafka delivery: the same against a second engine that dispatches
// `bench-kafka` to `<prefix>.jobs.bench-kafka`; Kafka throughput: a backlog of
// `bench-kafka-load` jobs answered on `<prefix>.job-results`, completions counted in SQL.
import { randomUUID } from 'node:crypto';
import { ospreyPeer } from './peers.mjs';
import { serviceTaskChain } from './processes.mjs';
import { openLoop, startMany } from './load.mjs';
import { Latencies, sleep } from './stats.mjs';

/** Job types of the jobs benchmark; the process id is `<type>-process`. */
export const JOB_BENCH_TYPES = {
  rest: 'bench-job',
  latency: 'bench-latency',
  kafka: 'bench-kafka',
  kafkaLoad: 'bench-kafka-load',
};
export const processIdOf = (type) => `${type}-process`;

/** The targets of the jobs benchmark. */
export const JOB_TARGETS = { jobsPerSecond: 2_000, deliveryP99Ms: 50 };

/** BPMN resources: one one-task process per job type. */
export function jobResources() {
  return Object.values(JOB_BENCH_TYPES).map((type) => ({
    name: `${processIdOf(type)}.bpmn`,
    content: serviceTaskChain(processIdOf(type), `Benchmark: ${type}`, [type]),
  }));
}

const startBody = (type, n) => ({ processDefinitionId: processIdOf(type), variables: { n } });

/** Starts `count` instances of the `type` process with `concurrency` clients. */
export function makeBacklog({ api, type, count, concurrency = 32 }) {
  return startMany({
    count,
    concurrency,
    start: (n) => api.postJson('/v2/process-instances', startBody(type, n)),
  });
}

/**
 * `workers` REST workers drain a backlog of `backlog` jobs for at most `seconds`. Each
 * activates up to 32 jobs and completes them all (concurrently) before activating again.
 * Rate = completions / time to the last completion (the backlog may run out first).
 */
export async function restThroughput({ api, workers, seconds, backlog }) {
  const r = await drainJobs({ peer: ospreyPeer(api), types: [JOB_BENCH_TYPES.rest], workers, seconds, backlog });
  return { workers, ...r };
}

/**
 * `workers` workers per job type of `types` drain jobs through `peer` (peers.mjs) for at most
 * `seconds`, or until `backlog` jobs were activated or a worker found none three times in a row.
 * Each activates up to 32 jobs and completes them all (concurrently) before activating again.
 * Rate = completions / time to the last completion.
 */
export async function drainJobs({ peer, types, workers, seconds, backlog = Infinity }) {
  let activated = 0;
  let completed = 0;
  let errors = 0;
  let firstError = null;
  let last = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const worker = async (type, w) => {
    let idle = 0;
    while (performance.now() < end && activated < backlog && idle < 3) {
      let jobs;
      try {
        jobs = await peer.activate({ type, max: 32, lockMs: 60_000, waitMs: 1_000, worker: `bench-worker-${type}-${w}` });
      } catch (error) {
        errors++;
        firstError ??= error;
        await sleep(5);
        continue;
      }
      idle = jobs.length === 0 ? idle + 1 : 0;
      activated += jobs.length;
      await Promise.all(
        jobs.map((job) =>
          peer.complete(job).then(
            () => {
              const now = performance.now();
              if (now <= end) {
                completed++;
                last = now;
              }
            },
            (error) => {
              errors++;
              firstError ??= error;
            },
          ),
        ),
      );
    }
  };
  await Promise.all(types.flatMap((type) => Array.from({ length: workers }, (_, w) => worker(type, w))));
  const elapsed = (Math.max(last, t0 + 1) - t0) / 1000;
  return { completed, errors, firstError, seconds: elapsed, rate: completed / elapsed };
}

/**
 * Matches "start answered" with "job received" per process instance key, whichever comes
 * first (a long-poll can hand the job out before the start's answer reaches the client; such a
 * sample counts as 0 ms).
 */
class Matcher {
  constructor() {
    this.started = new Map();
    this.received = new Map();
    this.latency = new Latencies();
    this.early = 0;
  }
  startAnswered(key, at) {
    const got = this.received.get(key);
    if (got === undefined) this.started.set(key, at);
    else {
      this.received.delete(key);
      this.latency.add(Math.max(0, got - at));
      this.early++;
    }
  }
  jobReceived(key, at) {
    const s = this.started.get(key);
    if (s === undefined) this.received.set(key, at);
    else {
      this.started.delete(key);
      this.latency.add(at - s);
    }
  }
  get pending() {
    return this.started.size;
  }
}

/** Drives `rate` starts/s for `seconds`, feeding each answered start into `matcher`. */
async function drive({ api, type, rate, seconds, matcher }) {
  return openLoop({
    seconds,
    rate,
    op: async (n) => {
      const r = await api.postJson('/v2/process-instances', startBody(type, n));
      matcher.startAnswered(String(r.processInstanceKey), performance.now());
    },
  });
}

async function drain(matcher, ms = 5_000) {
  const until = performance.now() + ms;
  while (matcher.pending > 0 && performance.now() < until) await sleep(20);
}

/** REST creation-to-delivery latency: one long-polling worker (max 1 job, 10 s long-polls). */
export async function restDelivery({ api, pollApi, rate, seconds }) {
  const matcher = new Matcher();
  let stopped = false;
  let pollErrors = 0;
  const completions = new Set();
  const poller = (async () => {
    while (!stopped) {
      let jobs;
      try {
        ({ jobs } = await pollApi.postJson('/v2/jobs/activation', {
          type: JOB_BENCH_TYPES.latency,
          maxJobsToActivate: 1,
          timeout: 60_000,
          requestTimeout: 10_000,
          worker: 'bench-latency',
        }));
      } catch {
        pollErrors++;
        await sleep(20);
        continue;
      }
      const now = performance.now();
      for (const job of jobs) {
        matcher.jobReceived(String(job.processInstanceKey), now);
        const c = api
          .postJson(`/v2/jobs/${job.jobKey}/completion`, job.attempt ? { attempt: job.attempt } : {})
          .catch(() => undefined);
        completions.add(c);
        void c.finally(() => completions.delete(c));
      }
    }
  })();
  await sleep(100); // let the long-poll reach the engine
  const driven = await drive({ api, type: JOB_BENCH_TYPES.latency, rate, seconds, matcher });
  await drain(matcher, 5_000);
  stopped = true;
  // The last long-poll answers within its 10 s; start one job so it returns at once.
  await api.postJson('/v2/process-instances', startBody(JOB_BENCH_TYPES.latency, -1)).catch(() => undefined);
  await poller;
  await Promise.all(completions);
  return {
    rate,
    achieved: driven.achieved,
    errors: driven.errors,
    firstError: driven.firstError,
    latency: matcher.latency.summary(),
    early: matcher.early,
    lost: matcher.pending,
    pollErrors,
  };
}

/** A kafkajs consumer of `topic` (from its beginning) under a fresh group, running `onMessage`. */
async function consume(kafka, topic, onMessage) {
  const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}`, maxWaitTimeInMs: 20 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
  await consumer.run({ eachBatchAutoResolve: true, eachBatch: async ({ batch }) => onMessage(batch) });
  await Promise.race([joined, sleep(30_000)]);
  return consumer;
}

/** Kafka delivery latency and throughput against `kafkaApi`, an engine with Kafka dispatch on. */
export async function kafkaJobs({ kafkaApi, brokers, prefix, rate, seconds, backlog, db, log }) {
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({ clientId: 'osprey-bench', brokers, logLevel: logLevel.NOTHING });
  const topics = [JOB_BENCH_TYPES.kafka, JOB_BENCH_TYPES.kafkaLoad].map((t) => `${prefix}.jobs.${t}`);
  const admin = kafka.admin();
  await admin.connect();
  await admin
    .createTopics({ topics: [...topics, `${prefix}.job-results`].map((topic) => ({ topic, numPartitions: 1 })) })
    .catch(() => undefined);
  await admin.disconnect();
  const result = {};

  // Delivery latency.
  let matcher = new Matcher();
  const latencyConsumer = await consume(kafka, topics[0], (batch) => {
    const now = performance.now();
    for (const m of batch.messages) {
      const job = JSON.parse(m.value.toString('utf8'));
      matcher.jobReceived(String(job.processInstanceKey), now);
    }
  });
  try {
    // The consumer's first fetch after its group join comes late (about 200 ms): the first
    // jobs would all measure that. A second of starts warms the path up, unmeasured.
    await drive({ api: kafkaApi, type: JOB_BENCH_TYPES.kafka, rate, seconds: 1, matcher });
    await drain(matcher, 10_000);
    matcher = new Matcher();
    log(`  Kafka delivery, ${rate} starts/s for ${seconds} s`);
    const driven = await drive({ api: kafkaApi, type: JOB_BENCH_TYPES.kafka, rate, seconds, matcher });
    await drain(matcher, 10_000);
    result.delivery = {
      rate,
      achieved: driven.achieved,
      errors: driven.errors,
      firstError: driven.firstError,
      latency: matcher.latency.summary(),
      early: matcher.early,
      lost: matcher.pending,
    };
  } finally {
    await latencyConsumer.disconnect();
  }

  // Throughput: a backlog published to the jobs topic, answered on job-results.
  log(`  Kafka backlog: ${backlog} instances of ${JOB_BENCH_TYPES.kafkaLoad}`);
  await makeBacklog({ api: kafkaApi, type: JOB_BENCH_TYPES.kafkaLoad, count: backlog });
  const producer = kafka.producer();
  await producer.connect();
  const pid = processIdOf(JOB_BENCH_TYPES.kafkaLoad);
  const completedCount = async () =>
    Number(
      await db.scalar(
        `SELECT count(*) FROM process_instance WHERE state = 'COMPLETED' AND bpmn_process_id = $1`,
        [pid],
      ),
    );
  const before = await completedCount();
  let answered = 0;
  // The clock starts when the first batch of jobs reaches the answering consumer: its group join
  // (seconds) measures the broker, not the engine.
  let t0;
  const loadConsumer = await consume(kafka, topics[1], async (batch) => {
    t0 ??= performance.now();
    const messages = batch.messages.map((m) => {
      const job = JSON.parse(m.value.toString('utf8'));
      return {
        key: String(job.processInstanceKey),
        value: JSON.stringify({ resultId: randomUUID(), jobKey: job.jobKey, attempt: job.attempt, kind: 'complete' }),
      };
    });
    await producer.send({ topic: `${prefix}.job-results`, messages });
    answered += messages.length;
  });
  try {
    const limit = performance.now() + Math.max(30, seconds * 4) * 1000;
    let done = before;
    let first = null;
    let lastChange = performance.now();
    while (done - before < backlog && performance.now() < limit) {
      // The end is known to one poll: at 2,000 jobs/s a 5,000 backlog drains in 2.5 s, so a
      // quarter-second poll would overstate the time by up to a tenth.
      await sleep(50);
      const now = await completedCount();
      if (now > done) {
        first ??= performance.now();
        lastChange = performance.now();
      }
      done = now;
    }
    const completed = done - before;
    const elapsed = ((first != null ? lastChange : performance.now()) - (t0 ?? performance.now())) / 1000;
    result.throughput = { backlog, answered, completed, seconds: elapsed, rate: completed / elapsed };
  } finally {
    await loadConsumer.disconnect();
    await producer.disconnect();
  }
  return result;
}

/** The jobs table, each figure next to its target. */
export function renderJobs(r) {
  const { int, ms } = r.fmt;
  const mark = (ok) => (ok ? '✓' : '✗');
  const rows = [['Figure', 'Measured', 'Target', '']];
  for (const t of r.rest) {
    rows.push([
      `REST jobs/s, ${t.workers} workers (activate 32 + complete)`,
      `${int(t.rate)} (${int(t.completed)} in ${t.seconds.toFixed(1)} s${t.errors ? `, ${int(t.errors)} errors` : ''})`,
      `≥ ${int(JOB_TARGETS.jobsPerSecond)}`,
      mark(t.rate >= JOB_TARGETS.jobsPerSecond),
    ]);
  }
  const delivery = (name, d) => {
    if (!d) return rows.push([name, 'not measured', `p99 ≤ ${JOB_TARGETS.deliveryP99Ms} ms`, '—']);
    rows.push([
      `${name} p50 / p99 @ ${d.rate}/s`,
      `${ms(d.latency.p50)} / ${ms(d.latency.p99)} (${int(d.latency.count)} jobs${d.lost ? `, ${int(d.lost)} lost` : ''})`,
      `p99 ≤ ${JOB_TARGETS.deliveryP99Ms} ms`,
      mark(d.latency.p99 <= JOB_TARGETS.deliveryP99Ms && !d.lost),
    ]);
  };
  delivery('REST creation → delivery', r.restDelivery);
  delivery('Kafka creation → delivery', r.kafka?.delivery);
  const k = r.kafka?.throughput;
  rows.push([
    'Kafka jobs/s (backlog, results on job-results)',
    k ? `${int(k.rate)} (${int(k.completed)} of ${int(k.backlog)} in ${k.seconds.toFixed(1)} s)` : r.kafkaError ? `failed: ${r.kafkaError}`.slice(0, 80) : 'not measured',
    `≥ ${int(JOB_TARGETS.jobsPerSecond)}`,
    k ? mark(k.rate >= JOB_TARGETS.jobsPerSecond && k.completed === k.backlog) : '—',
  ]);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => [...String(row[c])].length)));
  const line = (row) => row.map((cell, c) => String(cell).padEnd(widths[c])).join('  ').trimEnd();
  // A figure with errors says what the first one was, so a reader can tell shed load from a fault.
  const failures = [...r.rest.map((t) => [`REST jobs, ${t.workers} workers`, t]), ['REST delivery', r.restDelivery], ['Kafka delivery', r.kafka?.delivery]]
    .filter(([, p]) => p?.firstError)
    .map(([name, p]) => `  ${name}: ${String(p.firstError?.message ?? p.firstError).split('\n')[0].slice(0, 240)}`);
  return [line(rows[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line), ...(failures.length ? ['', 'First error:', ...failures] : [])].join('\n');
}

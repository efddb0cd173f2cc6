// The twelve fault tests: processes and servers die under bounded load, and what was
// acknowledged must survive. Each returns what it acknowledged (for the invariants), its
// counts, and checks of its own.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { sleep } from '../bench/stats.mjs';
import { check } from './context.mjs';
import { call } from './http.mjs';
import { Starter, Workers } from './load.mjs';
import { MESSAGE, MIXED, ONE_TASK, TIMER, messageCatch, resource } from './processes.mjs';

/** start → message → the same message again → end: a duplicate applied twice would complete it. */
const TWICE = 'chaos-message-twice';

/** Starts `n` instances of `processId` and resolves with their acknowledged starts. */
async function startMany(ctx, engines, processId, n, variables) {
  const starter = new Starter({ engines: () => engines, key: ctx.keys.admin, processId, concurrency: 4, pauseMs: 0, variables, label: ctx.name, limit: n });
  await starter.start().loops;
  return starter;
}

/** Kills `engine` with SIGKILL after `afterMs` and starts it again; resolves when it answers. */
async function killAndRestart(ctx, engine, afterMs) {
  await sleep(afterMs);
  await engine.kill9();
  ctx.log(`kill -9 ${engine.name}`);
  await engine.start();
}

/** Acknowledged figures of starters and workers, for the invariants and the report. */
const acked = (starters, workers = [], requests = []) => ({
  starts: starters.flatMap((s) => s.acked),
  completions: workers.flatMap((w) => w.acked),
  requests,
});

export const FAULTS = [
  {
    name: 'engine-kill-under-starts',
    title: '`kill -9` of the engine under start load',
    async run(ctx) {
      const engine = await ctx.engine();
      const starter = new Starter({ engines: () => [engine], key: ctx.keys.admin, processId: ONE_TASK, concurrency: 4, pauseMs: 20, label: ctx.name }).start();
      await killAndRestart(ctx, engine, ctx.seconds(10, 3));
      const before = starter.acked.length;
      await sleep(ctx.seconds(10, 3));
      await starter.stop();
      return {
        acked: acked([starter]),
        counts: { starts: starter.acked.length, statuses: starter.statuses.toString() },
        checks: [check('starts acknowledged after the restart', starter.acked.length > before, `${starter.acked.length - before}`)],
      };
    },
  },
  {
    name: 'engine-kill-under-jobs',
    title: '`kill -9` of the engine under job load',
    async run(ctx) {
      const engine = await ctx.engine();
      const starter = await startMany(ctx, [engine], ONE_TASK, ctx.count(600, 150));
      const workers = new Workers({ engines: () => [engine], key: ctx.keys.worker, type: 'chaos-job', concurrency: 3, leaseMs: 5_000 }).start();
      await killAndRestart(ctx, engine, ctx.seconds(3, 1));
      const open = await ctx.waitEnded(starter.acked.map((s) => s.key), ctx.seconds(90, 45));
      await workers.stop();
      return {
        acked: acked([starter], [workers]),
        counts: { starts: starter.acked.length, completions: workers.acked.length, refused: workers.refused },
        checks: [check('every instance completed after the restart', open === 0, `${open} still active`)],
      };
    },
  },
  {
    name: 'postgres-kill-restart',
    title: '`kill -9` and restart of PostgreSQL under start and job load',
    async run(ctx) {
      const engine = await ctx.engine();
      const starter = new Starter({ engines: () => [engine], key: ctx.keys.admin, processId: ONE_TASK, concurrency: 3, pauseMs: 30, label: ctx.name }).start();
      const workers = new Workers({ engines: () => [engine], key: ctx.keys.worker, type: 'chaos-job', concurrency: 2, leaseMs: 10_000 }).start();
      await sleep(ctx.seconds(5, 2));
      ctx.services.killPostgres();
      await sleep(ctx.seconds(5, 2));
      await ctx.services.restart('postgres');
      const before = starter.acked.length;
      const deadline = Date.now() + 60_000;
      while (starter.acked.length <= before + 10 && Date.now() < deadline) await sleep(200);
      await sleep(ctx.seconds(5, 1));
      await starter.stop();
      const open = await ctx.waitEnded(starter.acked.map((s) => s.key), ctx.seconds(60, 30));
      await workers.stop();
      return {
        acked: acked([starter], [workers]),
        counts: { starts: starter.acked.length, completions: workers.acked.length, statuses: starter.statuses.toString() },
        checks: [
          check('the engine survived without a restart', engine.running && engine.starts === 1),
          check('starts acknowledged again after PostgreSQL came back', starter.acked.length > before + 10, `${starter.acked.length - before}`),
          check('every instance completed', open === 0, `${open} still active`),
          check('no 500 while PostgreSQL was down (503 with Retry-After)', !starter.statuses.counts[500], starter.statuses.toString()),
        ],
      };
    },
  },
  {
    name: 'kafka-outage',
    title: 'Kafka outage (20 s; 5 s in the short form) under Kafka job load',
    kafka: true,
    async run(ctx) {
      const engine = await ctx.engine({ kafka: true });
      const starter = new Starter({ engines: () => [engine], key: ctx.keys.admin, processId: 'chaos-kafka-task', concurrency: 2, pauseMs: 50, label: ctx.name }).start();
      // The job topic exists once the relay has published to it (see sdk-kafka-worker-before-topic).
      await ctx.waitOutboxDrained();
      const worker = await kafkaWorker(ctx, engine);
      await sleep(ctx.seconds(5, 3));
      ctx.services.killKafka();
      const before = starter.acked.length;
      await sleep(ctx.seconds(20, 5));
      const during = starter.acked.length - before;
      await ctx.services.restart('kafka');
      await sleep(ctx.seconds(5, 2));
      await starter.stop();
      const open = await ctx.waitEnded(starter.acked.map((s) => s.key), ctx.seconds(120, 60));
      await worker.stop({ drainMs: 1_000 }).catch(() => undefined);
      // What became of the jobs: incidents (a lease that ran out too often), leases lost, and
      // dispatches still waiting in the outbox.
      const [jobs] = await ctx.sql(
        `SELECT (SELECT count(*)::int FROM incident) AS incidents, (SELECT count(*)::int FROM outbox) AS outbox,
                (SELECT count(*)::int FROM job) AS open, (SELECT coalesce(sum(lease_expiries), 0)::int FROM job) AS "leaseExpiries"`,
      );
      return {
        acked: { ...acked([starter]), kafka: true },
        counts: { starts: starter.acked.length, startsDuringOutage: during, statuses: starter.statuses.toString(), ...jobs },
        checks: [
          check('starts acknowledged while Kafka was down', during > 0, `${during}`),
          check('every Kafka job completed after the outage', open === 0, `${open} still active`),
          check('no job became an incident', jobs.incidents === 0, `${jobs.incidents} incidents`),
        ],
      };
    },
  },
  {
    name: 'two-engines-one-killed',
    title: 'two engines on one database, one killed for good',
    async run(ctx) {
      const a = await ctx.engine();
      const b = await ctx.engine();
      const both = () => [a, b];
      const starter = new Starter({ engines: both, key: ctx.keys.admin, processId: ONE_TASK, concurrency: 4, pauseMs: 30, label: ctx.name }).start();
      const workers = new Workers({ engines: both, key: ctx.keys.worker, type: 'chaos-job', concurrency: 4, leaseMs: 3_000 }).start();
      await sleep(ctx.seconds(6, 3));
      await a.kill9();
      ctx.log('kill -9 engine 1 (not restarted)');
      const before = starter.acked.length;
      await sleep(ctx.seconds(8, 3));
      await starter.stop();
      const open = await ctx.waitEnded(starter.acked.map((s) => s.key), ctx.seconds(60, 30));
      await workers.stop();
      return {
        acked: acked([starter], [workers]),
        counts: { starts: starter.acked.length, completions: workers.acked.length, afterKill: starter.acked.length - before },
        checks: [
          check('the surviving engine took the starts', starter.acked.length > before),
          check('every instance completed on the survivor', open === 0, `${open} still active`),
        ],
      };
    },
  },
  {
    name: 'worker-death',
    title: 'worker death: jobs activated by a worker that dies are worked by another',
    async run(ctx) {
      const engine = await ctx.engine();
      const starter = await startMany(ctx, [engine], ONE_TASK, ctx.count(100, 30));
      const dead = new Workers({ engines: () => [engine], key: ctx.keys.worker, type: 'chaos-job', concurrency: 1, leaseMs: 2_000, handle: async () => 'drop' }).start();
      while (dead.activations < starter.acked.length) await sleep(100);
      await dead.stop();
      const healthy = new Workers({ engines: () => [engine], key: ctx.keys.worker, type: 'chaos-job', concurrency: 2, leaseMs: 30_000 }).start();
      const open = await ctx.waitEnded(starter.acked.map((s) => s.key), ctx.seconds(60, 30));
      await healthy.stop();
      return {
        acked: acked([starter], [healthy]),
        counts: { starts: starter.acked.length, abandoned: dead.activations, completions: healthy.acked.length },
        checks: [check('every abandoned job was completed by the healthy worker', open === 0, `${open} still active`)],
      };
    },
  },
  {
    name: 'lease-expiry',
    title: 'lease expiry: a handler outliving its lease loses the job and its completion is refused',
    async run(ctx) {
      const engine = await ctx.engine();
      const starter = await startMany(ctx, [engine], ONE_TASK, ctx.count(40, 4));
      const slow = new Workers({ engines: () => [engine], key: ctx.keys.worker, type: 'chaos-job', concurrency: 1, leaseMs: 1_000, handle: () => sleep(3_000) });
      const fast = new Workers({ engines: () => [engine], key: ctx.keys.worker, type: 'chaos-job', concurrency: 1, leaseMs: 30_000 });
      slow.start();
      while (slow.activations === 0) await sleep(50);
      await sleep(1_200);
      fast.start();
      const open = await ctx.waitEnded(starter.acked.map((s) => s.key), ctx.seconds(90, 45));
      await Promise.all([slow.stop(), fast.stop()]);
      return {
        acked: acked([starter], [slow, fast]),
        counts: { starts: starter.acked.length, slowCompleted: slow.acked.length, slowRefused: slow.refused, fastCompleted: fast.acked.length },
        checks: [
          check('the slow worker lost at least one job to the lease', slow.refused > 0, `${slow.refused} refused`),
          check('every job completed once', open === 0 && slow.acked.length + fast.acked.length === starter.acked.length, `${open} active`),
        ],
      };
    },
  },
  {
    name: 'stale-attempt',
    title: 'stale attempt: a completion with a superseded attempt number is refused',
    async run(ctx) {
      const engine = await ctx.engine();
      const n = ctx.count(20, 5);
      const starter = await startMany(ctx, [engine], ONE_TASK, n);
      const activate = async (leaseMs) =>
        (await call(engine.url, 'POST', '/v2/jobs/activation', { key: ctx.keys.worker, body: { type: 'chaos-job', worker: 'w', timeout: leaseMs, maxJobsToActivate: n, requestTimeout: 2_000 } })).body.jobs;
      const first = await activate(500);
      await sleep(1_000);
      const second = await activate(30_000);
      const stale = [];
      const completions = [];
      for (const job of first) {
        const res = await call(engine.url, 'POST', `/v2/jobs/${job.jobKey}/completion`, { key: ctx.keys.worker, body: { attempt: job.attempt } });
        stale.push(res.status);
      }
      const current = [];
      for (const job of second) {
        const res = await call(engine.url, 'POST', `/v2/jobs/${job.jobKey}/completion`, { key: ctx.keys.worker, body: { attempt: job.attempt } });
        current.push(res.status);
        if (res.status === 204) completions.push({ jobKey: job.jobKey, requestId: res.requestId });
      }
      const open = await ctx.waitEnded(starter.acked.map((s) => s.key), 10_000);
      return {
        acked: { ...acked([starter]), completions },
        counts: { starts: n, firstLeases: first.length, secondLeases: second.length, staleStatuses: [...new Set(stale)].join(',') },
        checks: [
          check('every job leased twice', first.length === n && second.length === n, `${first.length}/${second.length}`),
          check('every stale completion refused with 409', stale.every((s) => s === 409), stale.join(',')),
          check('every current completion accepted', completions.length === n && open === 0, `${current.join(',')}; ${open} active`),
        ],
      };
    },
  },
  {
    name: 'engine-kill-under-timers',
    title: '`kill -9` of the engine while timers are due',
    async run(ctx) {
      const engine = await ctx.engine();
      const starter = await startMany(ctx, [engine], TIMER, ctx.count(300, 60));
      await killAndRestart(ctx, engine, 1_000);
      const open = await ctx.waitEnded(starter.acked.map((s) => s.key), ctx.seconds(60, 30));
      return {
        acked: acked([starter]),
        counts: { starts: starter.acked.length },
        checks: [check('every timer fired after the restart', open === 0, `${open} still active`)],
      };
    },
  },
  {
    name: 'engine-kill-under-kafka-messages',
    title: '`kill -9` of the engine while it consumes Kafka messages, every message sent twice',
    kafka: true,
    async run(ctx) {
      const engine = await ctx.engine({ kafka: true, extra: [resource(TWICE, [messageCatch(TWICE), messageCatch(TWICE)])] });
      const starter = await startMany(ctx, [engine], TWICE, ctx.count(200, 40));
      const { Kafka, logLevel } = requireKafka(ctx.root);
      const producer = new Kafka({ clientId: 'chaos', brokers: [ctx.services.kafkaBrokers], logLevel: logLevel.NOTHING }).producer();
      await producer.connect();
      const topic = `${ctx.kafkaPrefix}.messages`;
      const send = (s) => ({ key: s.ref, value: JSON.stringify({ name: `${TWICE}-go`, correlationKey: s.ref, messageId: `m-${s.ref}`, timeToLive: 0 }) });
      const half = Math.floor(starter.acked.length / 2);
      await producer.send({ topic, messages: starter.acked.slice(0, half).flatMap((s) => [send(s), send(s)]) });
      const kill = killAndRestart(ctx, engine, 200);
      await producer.send({ topic, messages: starter.acked.slice(half).flatMap((s) => [send(s), send(s)]) });
      await kill;
      await producer.disconnect();
      const keys = starter.acked.map((s) => s.key);
      // Each instance must reach its second catch event and stay there: the duplicate is dropped.
      const deadline = Date.now() + ctx.seconds(60, 40);
      let waiting = 0;
      while (Date.now() < deadline) {
        [{ waiting }] = await ctx.sql(
          `SELECT count(*)::int AS waiting FROM element_instance WHERE process_instance_key = ANY($1::bigint[]) AND element_id = 'N2' AND state = 'ACTIVE'`,
          [keys],
        );
        if (waiting === keys.length) break;
        await sleep(500);
      }
      await sleep(2_000);
      const [{ completed }] = await ctx.sql(`SELECT count(*)::int AS completed FROM process_instance WHERE key = ANY($1::bigint[]) AND state = 'COMPLETED'`, [keys]);
      return {
        acked: { ...acked([starter]), kafka: true },
        counts: { starts: keys.length, messagesSent: keys.length * 2, atSecondCatch: waiting, completedByADuplicate: completed },
        checks: [
          check('every first message correlated once', waiting + completed === keys.length, `${keys.length - waiting - completed} never correlated`),
          check('no duplicate applied', completed === 0, `${completed} instances completed by a duplicate`),
        ],
      };
    },
  },
  {
    name: 'engine-kill-under-kafka-jobs',
    title: '`kill -9` of the engine while Kafka workers send results',
    kafka: true,
    async run(ctx) {
      const engine = await ctx.engine({ kafka: true });
      const starter = await startMany(ctx, [engine], 'chaos-kafka-task', ctx.count(300, 60));
      const worker = await kafkaWorker(ctx, engine);
      await killAndRestart(ctx, engine, 1_500);
      const open = await ctx.waitEnded(starter.acked.map((s) => s.key), ctx.seconds(90, 60));
      await worker.stop({ drainMs: 1_000 }).catch(() => undefined);
      return {
        acked: { ...acked([starter]), kafka: true },
        counts: { starts: starter.acked.length },
        checks: [check('every Kafka job completed once after the restart', open === 0, `${open} still active`)],
      };
    },
  },
  {
    name: 'engine-kill-under-mixed-load',
    title: '`kill -9` of the engine under mixed load (starts, jobs, messages, timers)',
    async run(ctx) {
      const engine = await ctx.engine();
      const engines = () => [engine];
      const published = [];
      const publish = async (ref, name = `${MIXED}-go`) => {
        for (let i = 0; i < 100; i++) {
          const res = await call(engine.url, 'POST', '/v2/messages/publication', { key: ctx.keys.admin, body: { name, correlationKey: ref, messageId: ref, timeToLive: 60_000 } });
          if (res.status === 200) return published.push(res.requestId);
          await sleep(200);
        }
      };
      const pending = [];
      const starter = new Starter({ engines, key: ctx.keys.admin, processId: MIXED, concurrency: 2, pauseMs: 30, label: ctx.name }).start();
      const messageStarter = new Starter({ engines, key: ctx.keys.admin, processId: MESSAGE, concurrency: 1, pauseMs: 100, label: `${ctx.name}-m` }).start();
      const workers = new Workers({ engines, key: ctx.keys.worker, type: 'chaos-job', concurrency: 2, leaseMs: 5_000, onComplete: (job) => pending.push(publish(job.variables.ref)) }).start();
      await killAndRestart(ctx, engine, ctx.seconds(10, 4));
      await sleep(ctx.seconds(10, 3));
      await Promise.all([starter.stop(), messageStarter.stop()]);
      await Promise.all(messageStarter.acked.map((s) => publish(s.ref, `${MESSAGE}-go`)));
      const open = await ctx.waitEnded([...starter.acked, ...messageStarter.acked].map((s) => s.key), ctx.seconds(60, 30));
      await workers.stop();
      await Promise.all(pending);
      return {
        acked: acked([starter, messageStarter], [workers], published),
        counts: { starts: starter.acked.length + messageStarter.acked.length, completions: workers.acked.length, messages: published.length },
        checks: [check('every instance completed', open === 0, `${open} still active`)],
      };
    },
  },
];

function requireKafka(root) {
  return createRequire(join(root, 'libs/client/package.json'))('kafkajs');
}

/** The SDK's Kafka worker for `chaos-kafka-job`, as a deployed worker runs it. */
export async function kafkaWorker(ctx, engine) {
  // The worker's own reports, without kafkajs's line per refused reconnection during an outage.
  const quiet = (fields, message) => {
    if (!/Connection error|Failed to connect|Restarting the consumer/.test(message)) ctx.log(`kafka worker: ${message}`);
  };
  const { createWorker, OspreyClient } = createRequire(join(ctx.root, 'package.json'))('@osprey/client');
  const worker = createWorker({
    type: 'chaos-kafka-job',
    transport: 'kafka',
    client: new OspreyClient({ baseUrl: engine.url, token: ctx.keys.worker }),
    kafka: { brokers: [ctx.services.kafkaBrokers], topicPrefix: ctx.kafkaPrefix, groupId: `${ctx.kafkaPrefix}-workers`, fromBeginning: true },
    concurrency: 4,
    handler: async () => ({ done: true }),
    logger: { info() {}, debug() {}, warn: quiet, error: quiet },
  });
  await worker.start();
  return worker;
}

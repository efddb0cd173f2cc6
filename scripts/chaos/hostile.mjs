// Hostile inputs (a diagram, an expression, a body or a client that could stop the engine for
// everyone) and the defects that lost or corrupted work. A legitimate client probes
// /health/live every 50 ms throughout: the engine must keep answering it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from '../bench/stats.mjs';
import { check } from './context.mjs';
import { ChaosEngine } from './engine.mjs';
import { kafkaWorker } from './faults.mjs';
import { call, deploy } from './http.mjs';
import { Prober } from './load.mjs';
import { ONE_TASK, WARM_UP, callActivity, messageCatch, resource, scriptTask, serviceTask, userTask } from './processes.mjs';

/** A probe whose slowest answer took longer than this saw a blocked engine (a 5 s stall shows). */
export const PROBE_MAX_MS = 2_000;

/** The event-loop target of the issue: p99 at most 20 ms while hostile input runs. */
export const EVENT_LOOP_P99_MS = 20;

/**
 * Runs `fn` while a legitimate client probes the engine; adds the probe's figures and check, and
 * the engine's own event-loop delay p99 over the same span (asserted in the full run only: on a
 * CI machine shared with other jobs the loop also waits for a core).
 */
async function probed(ctx, engine, fn) {
  await warmUp(ctx, engine);
  const before = await eventLoopBuckets(engine);
  const prober = new Prober(engine).start();
  const began = Date.now();
  let result;
  try {
    result = await fn();
  } finally {
    result ??= { checks: [] };
    const tookMs = Date.now() - began;
    const p99 = before && engine.running ? eventLoopP99(before, await eventLoopBuckets(engine)) : undefined;
    // Over the target, the same engine is watched as long again with only the probe running: on
    // a loaded machine the scheduler alone delays the loop by tens of ms, and the input is only
    // to blame for what it adds to that baseline.
    const baseline = p99 > EVENT_LOOP_P99_MS && engine.running ? await idleEventLoopP99(engine, tookMs) : undefined;
    const probe = await prober.stop();
    result.counts = {
      ...result.counts,
      probeP99Ms: +probe.p99.toFixed(1),
      probeMaxMs: +probe.max.toFixed(1),
      probeFailures: probe.failures,
      ...(p99 !== undefined ? { eventLoopP99Ms: p99 } : {}),
      ...(baseline !== undefined ? { baselineP99Ms: baseline } : {}),
    };
    result.checks.push(
      check(
        'a legitimate client kept getting answers',
        probe.failures === 0 && probe.max <= PROBE_MAX_MS,
        `probe p99 ${probe.p99.toFixed(0)} ms, max ${probe.max.toFixed(0)} ms, ${probe.failures} unanswered`,
      ),
    );
    if (p99 !== undefined && !ctx.short) {
      const kept = p99 <= EVENT_LOOP_P99_MS || (baseline !== undefined && p99 <= baseline);
      const detail = baseline === undefined ? `≤ ${p99} ms` : `≤ ${p99} ms; ≤ ${baseline} ms with nothing hostile running`;
      result.checks.push(check(`event-loop delay p99 ≤ ${EVENT_LOOP_P99_MS} ms, or no worse than the machine's own`, kept, detail));
    }
  }
  return result;
}

/**
 * A few ordinary starts before the measurement. Each case has a fresh engine, and its first
 * request compiles the HTTP, command, FEEL and SQL paths (50–250 ms on a loaded machine): the
 * case measures what the hostile input costs a running engine, not that start-up.
 */
async function warmUp(ctx, engine) {
  for (let i = 0; i < 3; i++) await start(ctx, engine, WARM_UP, { items: [1, 2, 3], note: 'warm-up' });
}

/** The event-loop delay p99 of `engine` over `ms` (at least 1 s) with nothing hostile running. */
async function idleEventLoopP99(engine, ms) {
  const before = await eventLoopBuckets(engine);
  await sleep(Math.max(1_000, ms));
  const after = await eventLoopBuckets(engine);
  return before && after ? eventLoopP99(before, after) : undefined;
}

/** Cumulative bucket counts of `osprey_event_loop_delay_seconds` (`le` in ms → count), or undefined. */
async function eventLoopBuckets(engine) {
  const res = await call(engine.url, 'GET', '/metrics', { timeoutMs: 5_000 });
  if (res.status !== 200 || typeof res.body !== 'string') return undefined;
  const buckets = new Map();
  for (const m of res.body.matchAll(/^osprey_event_loop_delay_seconds_bucket\{[^}]*le="([^"]+)"[^}]*\} (\S+)/gm)) {
    buckets.set(m[1] === '+Inf' ? Infinity : Number(m[1]) * 1000, Number(m[2]));
  }
  return buckets.size ? buckets : undefined;
}

/** The upper bound (ms) of the bucket holding the 99th percentile of the samples between two scrapes. */
function eventLoopP99(before, after) {
  const les = [...after.keys()].sort((a, b) => a - b);
  const delta = (le) => (after.get(le) ?? 0) - (before.get(le) ?? 0);
  const total = delta(Infinity);
  if (total <= 0) return undefined;
  return les.find((le) => delta(le) >= 0.99 * total);
}

/** Starts `processId` with `variables`, resolves with the call result (never throws). */
const start = (ctx, engine, processId, variables, extra = {}, timeoutMs = 20_000) =>
  call(engine.url, 'POST', '/v2/process-instances', { key: ctx.keys.admin, body: { processDefinitionId: processId, variables, ...extra }, timeoutMs });

/** Polls for an active incident (or the end) of instance `key`; resolves 'incident', 'ended' or 'active'. */
async function settled(ctx, key, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await ctx.sql(
      `SELECT pi.state, EXISTS (SELECT 1 FROM incident i WHERE i.process_instance_key = pi.key AND i.state = 'ACTIVE') AS incident FROM process_instance pi WHERE pi.key = $1`,
      [key],
    );
    if (row?.incident) return 'incident';
    if (row && row.state !== 'ACTIVE') return 'ended';
    if (Date.now() > deadline) return 'active';
    await sleep(250);
  }
}

/** Outcome of a request: acknowledged, or refused with a precise problem (not a 5xx or silence). */
const answered = (res) => res.status === 200 || (res.status >= 400 && res.status < 500 && res.status !== 429 && typeof res.body === 'object');

export const HOSTILE = [
  {
    name: 'self-calling-process',
    title: 'a process whose call activity calls itself',
    async run(ctx) {
      const engine = await ctx.engine({ extra: [resource('chaos-self', [callActivity('chaos-self')])] });
      const result = await probed(ctx, engine, async () => {
        const res = await start(ctx, engine, 'chaos-self', {});
        let outcome = res.status === 200 ? 'active' : 'unanswered';
        // The call-depth limit raises the incident on the deepest called instance.
        for (const end = Date.now() + 30_000; outcome === 'active' && Date.now() < end; await sleep(250)) {
          const [{ incident }] = await ctx.sql(
            `SELECT EXISTS (SELECT 1 FROM incident i JOIN process_instance pi ON pi.key = i.process_instance_key WHERE pi.bpmn_process_id = 'chaos-self' AND i.state = 'ACTIVE') AS incident`,
          );
          if (incident) outcome = 'incident';
        }
        const [{ n }] = await ctx.sql(`SELECT count(*)::int AS n FROM process_instance WHERE bpmn_process_id = 'chaos-self'`);
        return {
          acked: { starts: res.status === 200 ? [{ key: res.body.processInstanceKey, requestId: res.requestId }] : [] },
          counts: { status: res.status, answeredMs: Math.round(res.ms), instances: n, outcome },
          checks: [
            check('the start answered', answered(res), `${res.status || res.error} after ${Math.round(res.ms)} ms`),
            check('the runaway chain became an incident', outcome === 'incident', outcome),
          ],
        };
      });
      const t0 = performance.now();
      await engine.stop();
      const stopMs = performance.now() - t0;
      result.counts.sigtermMs = Math.round(stopMs);
      result.checks.push(check('SIGTERM stopped the engine', stopMs < 9_000, `${Math.round(stopMs)} ms`));
      return result;
    },
  },
  {
    name: 'feel-nested-for-over-5000',
    title: 'FEEL `count(for a in l, b in l return 0)` over 5,000 items',
    async run(ctx) {
      const engine = await ctx.engine({ extra: [resource('chaos-feel-for', [scriptTask('=count(for a in l, b in l return 0)')])] });
      return probed(ctx, engine, async () => {
        const res = await start(ctx, engine, 'chaos-feel-for', { l: Array.from({ length: 5_000 }, (_, i) => i) });
        const outcome = res.status === 200 ? await settled(ctx, res.body.processInstanceKey, 20_000) : 'unanswered';
        return {
          acked: { starts: res.status === 200 ? [{ key: res.body.processInstanceKey, requestId: res.requestId }] : [] },
          counts: { status: res.status, answeredMs: Math.round(res.ms), outcome },
          checks: [
            check('the start answered', answered(res), `${res.status || res.error}`),
            check('the budget raised an incident', outcome === 'incident', outcome),
            check('the engine is still running', engine.running),
          ],
        };
      });
    },
  },
  {
    name: 'feel-catastrophic-regex',
    title: 'FEEL `matches(s, "^(a+)+$")` with 31 × "a" + "!"',
    async run(ctx) {
      const engine = await ctx.engine({ extra: [resource('chaos-regex', [scriptTask('=matches(s, "^(a+)+$")')])] });
      return probed(ctx, engine, async () => {
        const res = await start(ctx, engine, 'chaos-regex', { s: `${'a'.repeat(31)}!` });
        const outcome = res.status === 200 ? await settled(ctx, res.body.processInstanceKey, 20_000) : 'unanswered';
        return {
          acked: { starts: res.status === 200 ? [{ key: res.body.processInstanceKey, requestId: res.requestId }] : [] },
          counts: { status: res.status, answeredMs: Math.round(res.ms), outcome },
          checks: [
            check('the start answered', answered(res), `${res.status || res.error}`),
            check('the expression ended (false) or became an incident', outcome === 'ended' || outcome === 'incident', outcome),
          ],
        };
      });
    },
  },
  {
    name: 'hundred-thousand-variables',
    title: 'a start carrying 100,000 small variables',
    async run(ctx) {
      const engine = await ctx.engine();
      return probed(ctx, engine, async () => {
        const variables = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`v${i}`, i]));
        const res = await start(ctx, engine, ONE_TASK, variables, {}, 60_000);
        return {
          acked: { starts: res.status === 200 ? [{ key: res.body.processInstanceKey, requestId: res.requestId }] : [] },
          counts: { status: res.status, answeredMs: Math.round(res.ms) },
          checks: [check('started, or refused with a clear limit', answered(res), `${res.status || res.error}: ${JSON.stringify(res.body)?.slice(0, 160)}`)],
        };
      });
    },
  },
  {
    name: 'slowloris',
    title: 'slowloris: 300 connections send POST headers and no body',
    async run(ctx) {
      const engine = await ctx.engine();
      return probed(ctx, engine, async () => {
        const { port } = new URL(engine.url);
        const sockets = [];
        for (let i = 0; i < 300; i++) {
          // From 127.0.0.2, so a per-address connection cap may refuse them without refusing the
          // legitimate client on 127.0.0.1.
          const s = net.connect({ host: '127.0.0.1', port: Number(port), localAddress: '127.0.0.2' });
          s.on('error', () => undefined);
          s.write(`POST /v2/process-instances HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`);
          sockets.push(s);
        }
        await sleep(1_000);
        const statuses = [];
        const acks = [];
        const until = Date.now() + ctx.seconds(15, 8);
        while (Date.now() < until) {
          const res = await start(ctx, engine, ONE_TASK, {}, {}, 10_000);
          statuses.push(res.status);
          if (res.status === 200) acks.push({ key: res.body.processInstanceKey, requestId: res.requestId });
          await sleep(250);
        }
        for (const s of sockets) s.destroy();
        const ok = statuses.filter((s) => s === 200).length;
        return {
          acked: { starts: acks },
          counts: { stalled: sockets.length, legitimate: statuses.length, answered200: ok, statuses: [...new Set(statuses)].join(',') },
          checks: [check('every legitimate start answered 200 while 300 requests stalled', ok === statuses.length, `${ok}/${statuses.length}`)],
        };
      });
    },
  },
  {
    name: 'large-variable-with-signature',
    title: 'a 10 KB order carrying a 4 KB signature (start, job completion, variable update)',
    async run(ctx) {
      const engine = await ctx.engine();
      const order = () => ({ lines: Array.from({ length: 60 }, (_, i) => ({ sku: `sku-${i}`, qty: i, note: 'x'.repeat(100) })), signature: randomBytes(3_072).toString('base64') });
      const res = await start(ctx, engine, ONE_TASK, { order: order() });
      let completion = { status: 0 };
      let update = { status: 0 };
      if (res.status === 200) {
        const act = await call(engine.url, 'POST', '/v2/jobs/activation', { key: ctx.keys.worker, body: { type: 'chaos-job', timeout: 30_000, maxJobsToActivate: 1, requestTimeout: 5_000 } });
        const job = act.body?.jobs?.[0];
        if (job) {
          update = await call(engine.url, 'PUT', `/v2/element-instances/${res.body.processInstanceKey}/variables`, { key: ctx.keys.admin, body: { variables: { receipt: order() } } });
          completion = await call(engine.url, 'POST', `/v2/jobs/${job.jobKey}/completion`, { key: ctx.keys.worker, body: { variables: { invoice: order() }, attempt: job.attempt } });
        }
      }
      const searched = await call(engine.url, 'POST', '/v2/variables/search', { key: ctx.keys.admin, body: { filter: { name: 'order' } } });
      return {
        acked: {
          starts: res.status === 200 ? [{ key: res.body.processInstanceKey, requestId: res.requestId }] : [],
          requests: [update, completion].filter((r) => r.status === 204 || r.status === 200).map((r) => r.requestId),
        },
        counts: { start: res.status, update: update.status, completion: completion.status, search: searched.status },
        checks: [
          check('the start answered 200', res.status === 200, `${res.status} ${JSON.stringify(res.body)?.slice(0, 120)}`),
          check('the variable update answered 2xx', update.status >= 200 && update.status < 300, String(update.status)),
          check('the completion answered 204', completion.status === 204, String(completion.status)),
          check('variables are still searchable by name', searched.status === 200 && (searched.body?.items?.length ?? 0) > 0, String(searched.status)),
        ],
      };
    },
  },
  {
    name: 'worker-extends-lease',
    title: 'a worker-role key extends its own lease',
    async run(ctx) {
      const engine = await ctx.engine();
      const res = await start(ctx, engine, ONE_TASK, {});
      const act = await call(engine.url, 'POST', '/v2/jobs/activation', { key: ctx.keys.worker, body: { type: 'chaos-job', timeout: 5_000, maxJobsToActivate: 1, requestTimeout: 5_000 } });
      const job = act.body?.jobs?.[0];
      const patch = job ? await call(engine.url, 'PATCH', `/v2/jobs/${job.jobKey}`, { key: ctx.keys.worker, body: { changeset: { timeout: 60_000 }, attempt: job.attempt } }) : { status: 0 };
      return {
        acked: { starts: res.status === 200 ? [{ key: res.body.processInstanceKey, requestId: res.requestId }] : [], requests: patch.status === 204 ? [patch.requestId] : [] },
        counts: { patch: patch.status },
        checks: [check('PATCH /v2/jobs/{key} with a worker key answered 204', patch.status === 204, `${patch.status} ${JSON.stringify(patch.body)?.slice(0, 160)}`)],
      };
    },
  },
  {
    name: 'cross-tenant-reference',
    title: "a default-tenant caller plants another tenant's operation reference",
    async run(ctx) {
      const engine = await ctx.engine({ env: { OSPREY_MULTI_TENANCY: 'true' } });
      await deploy(engine.url, ctx.keys.acme, [resource(ONE_TASK, [serviceTask('chaos-job')])], 'acme');
      const planted = await call(engine.url, 'POST', '/v2/process-instances', { key: ctx.keys.plain, body: { processDefinitionId: ONE_TASK, operationReference: 'tenant:acme:order-42' } });
      const own = await call(engine.url, 'POST', '/v2/process-instances', { key: ctx.keys.acme, body: { processDefinitionId: ONE_TASK, operationReference: 'order-42', tenantId: 'acme' } });
      const seen = await call(engine.url, 'POST', '/v2/process-instances/search', { key: ctx.keys.acme, body: {} });
      const foreign = (seen.body?.items ?? []).filter((i) => i.tenantId !== 'acme');
      const starts = [planted, own].filter((r) => r.status === 200).map((r) => ({ key: r.body.processInstanceKey, requestId: r.requestId }));
      return {
        acked: {
          starts,
          tenantChecks: async () => [
            ...foreign.map((i) => `acme's search listed instance ${i.processInstanceKey} of ${i.tenantId}`),
            ...(own.status === 200 && own.body.tenantId !== 'acme' ? [`acme's start answered instance ${own.body.processInstanceKey} of ${own.body.tenantId}`] : []),
          ],
        },
        counts: { planted: planted.status, own: own.status, ownTenant: own.body?.tenantId ?? '-' },
        checks: [
          check("acme's start made acme's own instance", own.status === 200 && own.body.tenantId === 'acme' && own.body.processInstanceKey !== planted.body?.processInstanceKey, JSON.stringify(own.body)?.slice(0, 160)),
        ],
      };
    },
  },
  {
    name: 'concurrent-starts-one-reference',
    title: 'concurrent starts with one operation reference',
    async run(ctx) {
      const engine = await ctx.engine();
      const results = await Promise.all(Array.from({ length: 20 }, () => start(ctx, engine, ONE_TASK, {}, { operationReference: 'same-order' })));
      const keys = new Set(results.filter((r) => r.status === 200).map((r) => r.body.processInstanceKey));
      return {
        acked: { starts: results.filter((r) => r.status === 200).map((r) => ({ key: r.body.processInstanceKey, requestId: r.requestId })) },
        counts: { statuses: [...new Set(results.map((r) => r.status))].join(','), instances: keys.size },
        checks: [check('every start answered 200 with the one instance', results.every((r) => r.status === 200) && keys.size === 1, [...new Set(results.map((r) => r.status))].join(','))],
      };
    },
  },
  {
    name: 'invalid-numbers-and-text',
    title: 'a lone surrogate and 1e400 in variables',
    async run(ctx) {
      const engine = await ctx.engine();
      const raw = (v) => call(engine.url, 'POST', '/v2/process-instances', { key: ctx.keys.admin, raw: `{"processDefinitionId":"${ONE_TASK}","variables":{"v":${v}}}` });
      const surrogate = await raw('"\\ud800"');
      const huge = await raw('1e400');
      const [{ nulls }] = await ctx.sql(`SELECT count(*)::int AS nulls FROM variable WHERE name = 'v' AND value = 'null'::jsonb`);
      return {
        acked: { starts: [surrogate, huge].filter((r) => r.status === 200).map((r) => ({ key: r.body.processInstanceKey, requestId: r.requestId })) },
        counts: { surrogate: surrogate.status, huge: huge.status, storedAsNull: nulls },
        checks: [
          check('a lone surrogate is refused with 400', surrogate.status === 400, String(surrogate.status)),
          check('1e400 is refused with 400, not stored as null', huge.status === 400 && nulls === 0, `${huge.status}, ${nulls} null`),
        ],
      };
    },
  },
  {
    name: 'migration-to-missing-element',
    title: 'a migration plan that maps to a missing element',
    async run(ctx) {
      const engine = await ctx.engine();
      const res = await start(ctx, engine, ONE_TASK, {});
      const [def] = await ctx.sql(`SELECT key::text FROM process_definition WHERE bpmn_process_id = $1`, [ONE_TASK]);
      const mig = await call(engine.url, 'POST', `/v2/process-instances/${res.body.processInstanceKey}/migration`, {
        key: ctx.keys.admin,
        body: { targetProcessDefinitionKey: def.key, mappingInstructions: [{ sourceElementId: 'N1', targetElementId: 'NoSuchTask' }] },
      });
      return {
        acked: { starts: [{ key: res.body.processInstanceKey, requestId: res.requestId }] },
        counts: { migration: mig.status },
        checks: [check('refused with a 400 problem', mig.status === 400, `${mig.status} ${JSON.stringify(mig.body)?.slice(0, 160)}`)],
      };
    },
  },
  {
    name: 'postgres-down-503',
    title: 'requests while PostgreSQL is down',
    async run(ctx) {
      const engine = await ctx.engine();
      ctx.services.killPostgres();
      await sleep(1_000);
      const during = [];
      for (let i = 0; i < 5; i++) during.push(await start(ctx, engine, ONE_TASK, {}, {}, 20_000));
      await ctx.services.restart('postgres');
      let after = { status: 0 };
      const deadline = Date.now() + 30_000;
      while (after.status !== 200 && Date.now() < deadline) {
        after = await start(ctx, engine, ONE_TASK, {});
        if (after.status !== 200) await sleep(500);
      }
      const statuses = during.map((r) => r.status);
      return {
        acked: { starts: [...during, after].filter((r) => r.status === 200).map((r) => ({ key: r.body.processInstanceKey, requestId: r.requestId })) },
        counts: { during: [...new Set(statuses)].join(','), after: after.status },
        checks: [
          check('503 with Retry-After while PostgreSQL is down', during.every((r) => r.status === 503 && r.headers?.get('retry-after')), statuses.join(',')),
          check('200 once it is back', after.status === 200, String(after.status)),
        ],
      };
    },
  },
  {
    name: 'kafka-down-readiness',
    title: 'readiness and starts while only Kafka is down',
    kafka: true,
    async run(ctx) {
      const engine = await ctx.engine({ kafka: true });
      ctx.services.killKafka();
      await sleep(ctx.seconds(8, 5));
      const ready = await call(engine.url, 'GET', '/health/ready');
      const res = await start(ctx, engine, ONE_TASK, {});
      await ctx.services.restart('kafka');
      return {
        acked: { starts: res.status === 200 ? [{ key: res.body.processInstanceKey, requestId: res.requestId }] : [], kafka: true },
        counts: { ready: ready.status, start: res.status },
        checks: [
          check('starts work while Kafka is down', res.status === 200, String(res.status)),
          check('readiness stays 200 while starts work', ready.status === 200, String(ready.status)),
        ],
      };
    },
  },
  {
    name: 'sdk-kafka-worker-before-topic',
    title: "the SDK's Kafka worker started before its job topic exists",
    kafka: true,
    async run(ctx) {
      const engine = await ctx.engine({ kafka: true });
      let worker;
      let error = '';
      try {
        worker = await Promise.race([kafkaWorker(ctx, engine), sleep(30_000).then(() => Promise.reject(new Error('start did not resolve within 30 s')))]);
      } catch (e) {
        error = String(e?.message ?? e);
      }
      const res = await start(ctx, engine, 'chaos-kafka-task', {});
      const outcome = worker && res.status === 200 ? await settled(ctx, res.body.processInstanceKey, 45_000) : 'not run';
      await worker?.stop({ drainMs: 1_000 }).catch(() => undefined);
      return {
        acked: { starts: res.status === 200 ? [{ key: res.body.processInstanceKey, requestId: res.requestId }] : [], kafka: true },
        counts: { workerStarted: !error, outcome },
        checks: [
          check('the worker started', !error, error.slice(0, 160)),
          check('it worked the first job once the topic appeared', outcome === 'ended', outcome),
        ],
      };
    },
  },
  {
    name: 'message-racing-its-subscription',
    title: 'a message published while its subscription opens',
    async run(ctx) {
      const id = 'chaos-race';
      const engine = await ctx.engine({ extra: [resource(id, [serviceTask('chaos-race-job'), messageCatch(id)])] });
      const n = ctx.count(200, 50);
      const starts = [];
      for (let i = 0; i < n; i++) {
        const res = await start(ctx, engine, id, { ref: `race-${i}` });
        if (res.status === 200) starts.push({ key: res.body.processInstanceKey, requestId: res.requestId, ref: `race-${i}` });
      }
      const act = await call(engine.url, 'POST', '/v2/jobs/activation', { key: ctx.keys.worker, body: { type: 'chaos-race-job', timeout: 60_000, maxJobsToActivate: n, requestTimeout: 5_000 } });
      const requests = [];
      // Only instances whose completion and publication were both acknowledged must move on: a
      // request shed with 429 is the client's to retry, not a lost message.
      const both = [];
      // Sixteen pairs at a time: each pair races, while the burst stays under load shedding.
      const jobs = act.body?.jobs ?? [];
      const race = async (job) => {
          const [done, pub] = await Promise.all([
            call(engine.url, 'POST', `/v2/jobs/${job.jobKey}/completion`, { key: ctx.keys.worker, body: { attempt: job.attempt } }),
            call(engine.url, 'POST', '/v2/messages/publication', { key: ctx.keys.admin, body: { name: `${id}-go`, correlationKey: job.variables.ref, timeToLive: 60_000 } }),
          ]);
          for (const r of [done, pub]) if (r.status === 200 || r.status === 204) requests.push(r.requestId);
          if (done.status === 204 && pub.status === 200) both.push(job.processInstanceKey);
      };
      for (let i = 0; i < jobs.length; i += 16) await Promise.all(jobs.slice(i, i + 16).map(race));
      const open = await ctx.waitEnded(both, 15_000);
      return {
        acked: { starts, requests },
        counts: { instances: starts.length, acknowledgedPairs: both.length, stillWaiting: open },
        checks: [
          check('most pairs were acknowledged, so the race was run', both.length >= starts.length / 2, `${both.length} of ${starts.length}`),
          check('every buffered message correlated with the subscription that opened with it', open === 0, `${open} of ${both.length} wait for a message that was published`),
        ],
      };
    },
  },
  {
    name: 'embedded-data-folder-not-a-database',
    title: 'an embedded data folder that exists but is not a database',
    async run(ctx) {
      const dir = mkdtempSync(join(tmpdir(), 'osprey-chaos-'));
      writeFileSync(join(dir, 'notes.txt'), 'not a database');
      const engine = new ChaosEngine({ root: ctx.root, databaseUrl: '', keys: ctx.keys, env: { DATABASE_URL: undefined, OSPREY_DATA_DIR: dir }, name: 'embedded engine' });
      let error = '';
      try {
        await engine.start();
        await engine.stop();
      } catch (e) {
        error = String(e.message);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      return {
        acked: {},
        counts: { refused: Boolean(error) },
        checks: [check('refused with a message naming the folder', error && error.includes(dir) && !error.includes('Program terminated with exit(1)'), error.split('\n').slice(1, 3).join(' ').slice(0, 200))],
      };
    },
  },
  {
    name: 'user-task-assignment-history',
    title: "a user task's assignment records in the instance history",
    async run(ctx) {
      const id = 'chaos-user-task';
      const engine = await ctx.engine({ extra: [resource(id, [userTask()])] });
      const res = await start(ctx, engine, id, {});
      const key = res.body.processInstanceKey;
      let task;
      for (let i = 0; i < 40 && !task; i++) {
        [task] = await ctx.sql(`SELECT key::text FROM user_task WHERE process_instance_key = $1`, [key]);
        if (!task) await sleep(100);
      }
      const assign = await call(engine.url, 'POST', `/v2/user-tasks/${task.key}/assignment`, { key: ctx.keys.admin, body: { assignee: 'maria' } });
      const unassign = await call(engine.url, 'DELETE', `/v2/user-tasks/${task.key}/assignee`, { key: ctx.keys.admin });
      const rows = await ctx.sql(
        `SELECT value_type, intent, position::text FROM history_entry WHERE process_instance_key = $1 ORDER BY position`,
        [key],
      );
      const first = rows[0];
      const assignments = rows.filter((r) => r.value_type === 'USER_TASK' && /ASSIGN/.test(r.intent));
      return {
        acked: { starts: [{ key, requestId: res.requestId }], requests: [assign, unassign].filter((r) => r.status === 204).map((r) => r.requestId) },
        counts: { assign: assign.status, unassign: unassign.status, history: rows.map((r) => r.intent).join(' ').slice(0, 200) },
        checks: [
          check('the history starts with the instance', first?.value_type === 'PROCESS_INSTANCE', `${first?.value_type}.${first?.intent}`),
          check('the unassignment is not recorded as ASSIGNED', assignments.length >= 2 && assignments[assignments.length - 1].intent !== 'ASSIGNED', assignments.map((a) => a.intent).join(',')),
        ],
      };
    },
  },
];

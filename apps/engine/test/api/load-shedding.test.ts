import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import type { Api } from '../support/engine-harness';
import { parseExposition } from '../metrics/exposition';
import { assertProblem, deployed, engineForFile, fixture, ok, oneTaskProcess, search } from './support';

type Answer = { status: number; body: any; headers: Headers };

/** Starts `count` instances of `instant` at once, instance i with `a = i`; the answers in order. */
function burst(api: Api, count: number): Promise<Answer[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => api.post('/v2/process-instances', { processDefinitionId: 'instant', variables: { a: i, b: 1 } })));
}

async function shedCount(api: Api, reason: string): Promise<number> {
  const res = await fetch(`${api.baseUrl}/metrics`);
  const family = parseExposition(await res.text()).get('osprey_http_requests_shed_total');
  return family?.samples.find((s) => s.labels.reason === reason)?.value ?? 0;
}

/**
 * Every 429 is a complete problem with Retry-After; every other answer a started instance; nothing
 * else. `values[i]` is the `a` answer i started with.
 */
async function assertShedCleanly(api: Api, answers: Answer[], values = answers.map((_, i) => i)): Promise<number[]> {
  const shed = answers.filter((a) => a.status === 429);
  const accepted = answers.flatMap((a, i) => (a.status === 200 ? [values[i]!] : [])).sort((x, y) => x - y);
  assert.ok(shed.length > 0, `expected some requests to be shed, but all ${answers.length} were accepted`);
  assert.ok(accepted.length > 0, 'expected some requests to be accepted');
  assert.equal(shed.length + accepted.length, answers.length, `unexpected statuses: ${answers.map((a) => a.status).join(',')}`);
  for (const res of shed) {
    assertProblem(res, 429, /retry after 1 s/);
    assert.equal(res.body.title, 'RESOURCE_EXHAUSTED');
    assert.equal(res.headers.get('retry-after'), '1');
  }
  // then exactly the accepted requests left instances, each complete with its own variables
  const instances = await search(api, 'process-instances', { processDefinitionId: 'instant' });
  assert.equal(instances.length, accepted.length);
  assert.ok(instances.every((i) => i.state === 'COMPLETED'));
  const sums = (await search(api, 'variables', { name: 'sum' })).map((v) => Number(v.value) - 1).sort((x, y) => x - y);
  assert.deepEqual(sums, accepted);
  return accepted;
}

describe('load shedding: requests in flight', () => {
  const ctx = engineForFile('api_shed_inflight', { OSPREY_MAX_IN_FLIGHT_REQUESTS: '1' });

  before(async () => {
    await deployed(ctx.api, { name: 'instant.bpmn', content: fixture('instant.bpmn') });
  });

  it('given a limit of one request in flight, when 30 starts arrive at once, then some get 429 with Retry-After, none is lost or half-applied, and the engine answers normally afterwards', async () => {
    // when 30 starts arrive together, with probes alongside
    const [answers, live, metrics] = await Promise.all([burst(ctx.api, 30), ctx.api.get('/health/live'), fetch(`${ctx.api.baseUrl}/metrics`)]);

    // then probes and metrics were not shed
    assert.equal(live.status, 200);
    assert.equal(metrics.status, 200);
    const shed = answers.filter((a) => a.status === 429).length;
    await assertShedCleanly(ctx.api, answers);
    // and every shed request was counted, but none put an entry in the audit log (it reached nothing)
    assert.equal(await shedCount(ctx.api, 'in_flight'), shed);
    const rejected = ok(await ctx.api.post('/v2/audit/search', { filter: { outcome: 'REJECTED' } })).items;
    assert.deepEqual(rejected, []);
    // and once the burst is over, requests are served again
    ok(await ctx.api.post('/v2/process-instances', { processDefinitionId: 'instant', variables: { a: 100, b: 1 } }));
  });
});

describe('load shedding: transactions waiting for a database connection', () => {
  // The api role only: no poller or scrape-time database gauge shares the pool with the starts.
  const ctx = engineForFile('api_shed_dbwait', { DATABASE_POOL_SIZE: '3', OSPREY_MAX_DB_WAITING: '3', OSPREY_MAX_IN_FLIGHT_REQUESTS: '0', ENGINE_ROLES: 'api' });

  before(async () => {
    await deployed(ctx.api, { name: 'instant.bpmn', content: fixture('instant.bpmn') });
  });

  /** The engine's own count of commands waiting for the database, read from its metrics. */
  async function commandsWaiting(): Promise<number> {
    const res = await fetch(`${ctx.api.baseUrl}/metrics`);
    const metrics = parseExposition(await res.text());
    const pooled = metrics.get('osprey_db_pool_connections')?.samples.find((s) => s.labels.state === 'waiting')?.value ?? 0;
    const grouped = (metrics.get('osprey_commands_queued')?.samples ?? []).reduce((sum, s) => sum + s.value, 0);
    return pooled + grouped;
  }

  it('given three connections busy and the queue behind them full, when more starts arrive, then they are shed at once and the queued ones complete', async () => {
    // given the three connections held up: another session keeps new instances from being written
    const blocker = new Client({ connectionString: ctx.db.url });
    await blocker.connect();
    const first: Promise<Answer>[] = [];
    let later: Promise<Answer>[] = [];
    let firstShed: Answer | undefined;
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE process_instance IN SHARE MODE');
      // and starts sent one at a time until the engine sheds one: its queue is full. Starts that
      // queue for a group's transaction count once per group (ADR 0034), so this takes more
      // starts than the limit of three.
      for (let i = 0; i < 80 && !firstShed; i++) {
        const answer = api().post('/v2/process-instances', { processDefinitionId: 'instant', variables: { a: i, b: 1 } });
        const settled = await Promise.race([answer, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 50))]);
        if (settled?.status === 429) firstShed = settled;
        else first.push(answer);
      }
      assert.ok(firstShed, 'expected a start to be shed once the queue was full');
      assert.ok(first.length > 3, `expected more than three starts to queue, but ${first.length} did`);
      assert.ok((await commandsWaiting()) >= 3, 'expected the engine to report the queued starts');
      // when 20 more starts arrive while the queue is full (waited for at most 10 s: a start that
      // is not shed would wait for the lock)
      later = Array.from({ length: 20 }, (_, i) => api().post('/v2/process-instances', { processDefinitionId: 'instant', variables: { a: 100 + i, b: 1 } }));
      await Promise.race([Promise.all(later), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    } finally {
      await blocker.query('COMMIT').catch(() => undefined);
      await blocker.end();
    }
    // then each of them was refused at once, and once the connections are free the queued ones complete
    const refused = await Promise.all(later);
    assert.deepEqual(
      refused.map((a) => a.status),
      refused.map(() => 429),
    );
    const answers = [...(await Promise.all(first)), firstShed, ...refused];
    const shed = answers.filter((a) => a.status === 429).length;
    await assertShedCleanly(ctx.api, answers, [...first.map((_, i) => i), -1, ...later.map((_, i) => 100 + i)]);
    assert.equal(await shedCount(ctx.api, 'db_waiting'), shed);
    assert.equal(await shedCount(ctx.api, 'in_flight'), 0);
    ok(await ctx.api.post('/v2/process-instances', { processDefinitionId: 'instant', variables: { a: 1000, b: 1 } }));
  });

  function api(): Api {
    return ctx.api;
  }
});

describe('load shedding: a burst of completions that the engine keeps up with', () => {
  // The defaults, a pool of 20 and at most 64 commands waiting for it; the connection limit per
  // address is lifted, as the four workers would run on four hosts.
  const ctx = engineForFile('api_shed_burst', { OSPREY_MAX_CONNECTIONS_PER_IP: '0' });

  before(async () => {
    await deployed(ctx.api, { name: 'burst.bpmn', content: oneTaskProcess('burst', 'burst-job') });
  });

  it('given four workers holding 32 jobs each, when each completes all of its jobs at once, then none of the 128 completions is shed and every instance ends', async () => {
    // given 128 waiting instances, their jobs activated by four workers of 32 jobs each
    const keys: string[] = [];
    for (let i = 0; i < 128; i += 16) {
      const started = await Promise.all(Array.from({ length: 16 }, (_, j) => ctx.api.post('/v2/process-instances', { processDefinitionId: 'burst', variables: { n: i + j } })));
      keys.push(...started.map((res) => ok(res).processInstanceKey as string));
    }
    const held: { jobKey: string }[][] = [];
    for (let w = 0; w < 4; w++) {
      const body = ok(await ctx.api.post('/v2/jobs/activation', { type: 'burst-job', maxJobsToActivate: 32, timeout: 60_000, worker: `worker-${w}` }));
      held.push(body.jobs);
    }
    assert.equal(held.flat().length, 128);
    // and their connections open, as a running worker's are
    await Promise.all(held.flat().map(() => ctx.api.get('/v2/topology')));

    // when every worker completes all of its jobs concurrently, as job clients do
    const answers = await Promise.all(held.flat().map((job, i) => ctx.api.post(`/v2/jobs/${job.jobKey}/completion`, { variables: { done: i } })));

    // then none was refused: 128 queued completions are a few grouped transactions, not overload
    assert.deepEqual(
      answers.filter((a) => a.status !== 204).map((a) => `${a.status} ${a.body?.detail ?? ''}`),
      [],
    );
    assert.equal(await shedCount(ctx.api, 'db_waiting'), 0);
    const ended = await search(ctx.api, 'process-instances', { processDefinitionId: 'burst', state: 'COMPLETED' });
    assert.deepEqual(ended.map((i) => i.processInstanceKey).sort(), [...keys].sort());
  });
});

import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import type { Api } from '../support/engine-harness';
import { parseExposition } from '../metrics/exposition';
import { assertProblem, deployed, engineForFile, fixture, ok, search } from './support';

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

describe('load shedding: commands waiting for a database connection', () => {
  // The api role only: no poller or scrape-time database gauge shares the pool with the starts.
  const ctx = engineForFile('api_shed_dbwait', { DATABASE_POOL_SIZE: '3', OSPREY_MAX_DB_WAITING: '3', OSPREY_MAX_IN_FLIGHT_REQUESTS: '0', ENGINE_ROLES: 'api' });

  before(async () => {
    await deployed(ctx.api, { name: 'instant.bpmn', content: fixture('instant.bpmn') });
  });

  /**
   * The engine's own count of commands waiting for the database, read from its metrics: queued
   * for a connection, or for a group's transaction (ADR 0034).
   */
  async function waitingForConnection(): Promise<number> {
    const res = await fetch(`${ctx.api.baseUrl}/metrics`);
    const metrics = parseExposition(await res.text());
    const pooled = metrics.get('osprey_db_pool_connections')?.samples.find((s) => s.labels.state === 'waiting')?.value ?? 0;
    const grouped = (metrics.get('osprey_commands_queued')?.samples ?? []).reduce((sum, s) => sum + s.value, 0);
    return pooled + grouped;
  }

  it('given three connections busy and three commands queued, when more starts arrive, then they are shed at once and the queued ones complete', async () => {
    // given the three connections held up: another session keeps new instances from being written
    const blocker = new Client({ connectionString: ctx.db.url });
    await blocker.connect();
    const first: Promise<Answer>[] = [];
    let later: Promise<Answer>[] = [];
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE process_instance IN SHARE MODE');
      // and starts sent until three more wait for a connection (one at a time, so none races the check)
      for (let i = 0; i < 12 && (await waitingForConnection()) < 3; i++) {
        first.push(api().post('/v2/process-instances', { processDefinitionId: 'instant', variables: { a: i, b: 1 } }));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok((await waitingForConnection()) >= 3, 'expected three starts to queue for a connection');
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
    const answers = [...(await Promise.all(first)), ...refused];
    const shed = answers.filter((a) => a.status === 429).length;
    await assertShedCleanly(ctx.api, answers, [...first.map((_, i) => i), ...later.map((_, i) => 100 + i)]);
    assert.equal(await shedCount(ctx.api, 'db_waiting'), shed);
    assert.equal(await shedCount(ctx.api, 'in_flight'), 0);
    ok(await ctx.api.post('/v2/process-instances', { processDefinitionId: 'instant', variables: { a: 1000, b: 1 } }));
  });

  function api(): Api {
    return ctx.api;
  }
});

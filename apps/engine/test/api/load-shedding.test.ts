import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
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

/** Every 429 is a complete problem with Retry-After; every other answer a started instance; nothing else. */
async function assertShedCleanly(api: Api, answers: Answer[]): Promise<number[]> {
  const shed = answers.filter((a) => a.status === 429);
  const accepted = answers.flatMap((a, i) => (a.status === 200 ? [i] : []));
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
  const ctx = engineForFile('api_shed_dbwait', { DATABASE_POOL_SIZE: '3', OSPREY_MAX_DB_WAITING: '3', OSPREY_MAX_IN_FLIGHT_REQUESTS: '0' });

  before(async () => {
    await deployed(ctx.api, { name: 'instant.bpmn', content: fixture('instant.bpmn') });
  });

  it('given three connections and a queue limit of three, when 30 starts arrive at once, then the queue overflow is shed and the rest completes', async () => {
    const answers = await burst(ctx.api, 30);

    const shed = answers.filter((a) => a.status === 429).length;
    await assertShedCleanly(ctx.api, answers);
    assert.equal(await shedCount(ctx.api, 'db_waiting'), shed);
    assert.equal(await shedCount(ctx.api, 'in_flight'), 0);
    ok(await ctx.api.post('/v2/process-instances', { processDefinitionId: 'instant', variables: { a: 100, b: 1 } }));
  });
});

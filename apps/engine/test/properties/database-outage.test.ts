import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestDatabase } from '@osprey/testing';
import type { RunningEngine } from '../../src/server';
import { Api, bootEngine, freshDatabase } from '../support/engine-harness';
import { oneTaskProcess } from '../support/bpmn';
import { TcpProxy } from '../support/tcp-proxy';

/**
 * While the engine cannot reach PostgreSQL, requests are answered with a retryable `503` and a
 * `Retry-After` header — the client's cue to try again — not a `500`; when the database is back,
 * the same requests succeed without a restart.
 */
describe('database outage: 503 with Retry-After, then recovery', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let engine: RunningEngine;
  let api: Api;

  before(async () => {
    db = await freshDatabase('db_outage');
    const target = new URL(db.url);
    proxy = new TcpProxy(target.hostname, Number(target.port));
    await proxy.open();
    engine = await bootEngine({ DATABASE_URL: proxy.urlFor(db.url) });
    api = new Api(engine.url);
    assert.equal((await api.deploy({ name: 'outage.bpmn', content: oneTaskProcess('outage', 'outage-work') })).status, 200);
  });

  after(async () => {
    await proxy?.open().catch(() => undefined);
    await engine?.stop();
    await proxy?.cut();
    await db?.drop();
  });

  it('answers starts, searches and readiness with 503 and Retry-After while the database is unreachable', async () => {
    // given a running engine that has started instances
    assert.equal((await api.post('/v2/process-instances', { processDefinitionId: 'outage' })).status, 200);

    // when the network to PostgreSQL is cut
    await proxy.cut();
    try {
      const start = await api.post('/v2/process-instances', { processDefinitionId: 'outage', operationReference: 'outage-1' });
      const search = await api.post('/v2/process-instances/search', {});
      const ready = await api.get('/health/ready');

      // then each answer is a retryable problem, and the process is still live
      for (const res of [start, search, ready]) {
        assert.equal(res.status, 503, JSON.stringify(res.body));
        assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
        assert.match(res.headers.get('retry-after') ?? '', /^\d+$/);
      }
      assert.match(start.body.detail, /database is unreachable/);
      assert.equal((await api.get('/health/live')).status, 200);
    } finally {
      // when the network returns
      await proxy.open();
    }

    // then the same start succeeds, once
    const retried = await api.until(async () => {
      const res = await api.post('/v2/process-instances', { processDefinitionId: 'outage', operationReference: 'outage-1' });
      return res.status === 200 && res;
    }, 20_000, 'the start to succeed again');
    const again = await api.post('/v2/process-instances', { processDefinitionId: 'outage', operationReference: 'outage-1' });
    assert.equal(again.body.processInstanceKey, retried.body.processInstanceKey);
    assert.equal((await api.get('/health/ready')).status, 200);
  });
});

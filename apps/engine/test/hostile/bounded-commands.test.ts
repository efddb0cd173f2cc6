import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEngineProcess, type EngineProcess } from '@osprey/testing';
import { Api } from '../support/engine-harness';
import { fixture } from '../support/bpmn';
import { watchEventLoop } from '../support/event-loop';
import { deployed, ok } from '../api/support';

async function instance(api: Api, key: string): Promise<any> {
  return ok(await api.get(`/v2/process-instances/${key}`));
}

async function searchAll(api: Api, path: string, filter: Record<string, unknown>): Promise<any[]> {
  return ok(await api.post(`/v2/${path}/search`, { filter, page: { limit: 1000 } })).items;
}

describe('bounded commands: no diagram can hold the engine', () => {
  let engine: EngineProcess;
  let api: Api;

  before(async () => {
    engine = await startEngineProcess('hostile_bounded');
    api = new Api(engine.url);
    await deployed(
      api,
      { name: 'self-call.bpmn', content: fixture('self-call.bpmn') },
      { name: 'busy-loop.bpmn', content: fixture('busy-loop.bpmn') },
      { name: 'wide-multi-instance.bpmn', content: fixture('wide-multi-instance.bpmn') },
      { name: 'instant.bpmn', content: fixture('instant.bpmn') },
    );
  });
  after(async () => {
    await engine?.stop();
  });

  it('given a process that calls itself, when it is started, then it answers, the call chain ends at an incident at the maximum call depth, the engine keeps serving others meanwhile, and the whole chain can be cancelled', async () => {
    const loop = await watchEventLoop(api.baseUrl);
    // when the self-calling process starts
    const started = ok(await api.post('/v2/process-instances', { processDefinitionId: 'self-call' }));

    // then, while the chain grows, health and another process's start keep answering
    let deepest: any;
    while (!deepest) {
      assert.equal((await api.get('/health/ready')).status, 200);
      ok(await api.post('/v2/process-instances', { processDefinitionId: 'instant', variables: { a: 1, b: 2 } }));
      [deepest] = await searchAll(api, 'incidents', { errorType: 'CALLED_ELEMENT_ERROR' });
      if (!deepest) await new Promise((r) => setTimeout(r, 200));
    }
    // and the chain stopped at the default maximum depth of 1000 with a message saying why
    assert.match(deepest.errorMessage, /at most 1000 call activities deep.*1001 deep/);
    const chain = await searchAll(api, 'process-instances', { processDefinitionId: 'self-call' });
    assert.equal(ok(await api.post('/v2/process-instances/search', { filter: { processDefinitionId: 'self-call' }, page: { limit: 1 } })).page.totalItems, 1001);
    assert.ok(chain.every((i) => i.state === 'ACTIVE'));
    await loop.assertP99('a self-calling process ran 1,000 deep');

    // when the root is cancelled, then every instance of the chain ends TERMINATED
    const cancel = await api.post(`/v2/process-instances/${started.processInstanceKey}/cancellation`, {});
    assert.equal(cancel.status, 204, JSON.stringify(cancel.body));
    const total = ok(await api.post('/v2/process-instances/search', { filter: { processDefinitionId: 'self-call', state: 'TERMINATED' }, page: { limit: 1 } })).page.totalItems;
    assert.equal(total, 1001);
  });

  it('given a loop without a wait state, when it counts to 100,000, then it completes in slices while another instance of it can be cancelled mid-run', async () => {
    const loop = await watchEventLoop(api.baseUrl);
    // given a long run to cancel and one to finish
    const doomed = ok(await api.post('/v2/process-instances', { processDefinitionId: 'busy-loop', variables: { n: 0, limit: 1_000_000 } }));
    const counted = ok(await api.post('/v2/process-instances', { processDefinitionId: 'busy-loop', variables: { n: 0, limit: 100_000 } }));

    // then both answered at once and are running
    assert.equal((await instance(api, doomed.processInstanceKey)).state, 'ACTIVE');
    // when the first is cancelled while it runs
    const cancel = await api.post(`/v2/process-instances/${doomed.processInstanceKey}/cancellation`, {});
    assert.equal(cancel.status, 204, JSON.stringify(cancel.body));
    assert.equal((await instance(api, doomed.processInstanceKey)).state, 'TERMINATED');

    // then the second counts to the end, while health and other starts keep answering
    await api.until(
      async () => {
        assert.equal((await api.get('/health/ready')).status, 200);
        ok(await api.post('/v2/process-instances', { processDefinitionId: 'instant', variables: { a: 1, b: 2 } }));
        return (await instance(api, counted.processInstanceKey)).state === 'COMPLETED';
      },
      600_000,
      'the 100,000-iteration loop to complete',
    );
    const [n] = await searchAll(api, 'variables', { processInstanceKey: counted.processInstanceKey, name: 'n' });
    assert.equal(JSON.parse(n.value), 100_000);
    // and the cancelled one counted no further after its cancellation
    const [stopped] = await searchAll(api, 'variables', { processInstanceKey: doomed.processInstanceKey, name: 'n' });
    assert.ok(JSON.parse(stopped.value) < 100_000, `the cancelled loop went on to ${stopped.value}`);
    await loop.assertP99('a 100,000-iteration loop without wait state ran');
  });

  it('given a parallel multi-instance over 1,000 items, when it runs in slices, then its output collection holds every result in order', async () => {
    // Small repeating items keep the collections within what the variable index holds today.
    const items = Array.from({ length: 1000 }, (_, i) => (i % 10) + 1);
    const loop = await watchEventLoop(api.baseUrl);
    const started = ok(await api.post('/v2/process-instances', { processDefinitionId: 'wide-multi-instance', variables: { items } }));
    await api.until(async () => (await instance(api, started.processInstanceKey)).state === 'COMPLETED', 120_000, 'the multi-instance to complete');
    const [doubles] = await searchAll(api, 'variables', { processInstanceKey: started.processInstanceKey, name: 'doubles' });
    assert.deepEqual(JSON.parse(doubles.value), items.map((i) => i * 2));
    await loop.assertP99('a 1,000-wide multi-instance ran');
  });
});

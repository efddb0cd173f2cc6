import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertProblem,
  deployed,
  engineForFile,
  fixture,
  ok,
  oneTaskProcess,
  search,
  startInstance,
  untilState,
  variablesOf,
} from './support';

describe('process instances: start, read, search, cancel', () => {
  const ctx = engineForFile('api_instances');
  let v1Key: string;
  let v2Key: string;

  before(async () => {
    // two versions of a waiting process, and one that completes at once
    v1Key = (await deployed(ctx.api, { name: 'order.bpmn', content: oneTaskProcess('order', 'pack') }))
      .deployments[0].processDefinition.processDefinitionKey;
    v2Key = (await deployed(ctx.api, { name: 'order.bpmn', content: oneTaskProcess('order', 'pack-v2') }))
      .deployments[0].processDefinition.processDefinitionKey;
    await deployed(ctx.api, { name: 'instant.bpmn', content: fixture('instant.bpmn') });
  });

  it('starts the latest version by process id, a given version by id + version, and a definition by key', async () => {
    // when started by id only
    const latest = ok(
      await ctx.api.post('/v2/process-instances', {
        processDefinitionId: 'order',
        variables: { orderId: 'A-1' },
      }),
    );
    // then the latest version runs, and the answer carries Camunda's fields
    assert.equal(latest.processDefinitionId, 'order');
    assert.equal(latest.processDefinitionVersion, 2);
    assert.equal(latest.processDefinitionKey, v2Key);
    assert.equal(latest.tenantId, '<default>');
    assert.match(latest.processInstanceKey, /^\d+$/);
    // when started by id and version
    const pinned = ok(
      await ctx.api.post('/v2/process-instances', {
        processDefinitionId: 'order',
        processDefinitionVersion: 1,
      }),
    );
    assert.equal(pinned.processDefinitionVersion, 1);
    assert.equal(pinned.processDefinitionKey, v1Key);
    // when started by definition key
    const byKey = ok(await ctx.api.post('/v2/process-instances', { processDefinitionKey: v1Key }));
    assert.equal(byKey.processDefinitionId, 'order');
    assert.equal(byKey.processDefinitionVersion, 1);
    // then each instance is active and holds its variables
    assert.equal(ok(await ctx.api.get(`/v2/process-instances/${latest.processInstanceKey}`)).state, 'ACTIVE');
    assert.deepEqual(await variablesOf(ctx.api, latest.processInstanceKey), { orderId: 'A-1' });
  });

  it('answers 404 problems for a definition that does not exist', async () => {
    assertProblem(
      await ctx.api.post('/v2/process-instances', { processDefinitionId: 'no-such-process' }),
      404,
      /no-such-process/,
    );
    assertProblem(
      await ctx.api.post('/v2/process-instances', {
        processDefinitionId: 'order',
        processDefinitionVersion: 9,
      }),
      404,
      /9/,
    );
    assertProblem(await ctx.api.post('/v2/process-instances', { processDefinitionKey: '999999999' }), 404);
  });

  it('answers 400 naming each field when the body does not match the schema', async () => {
    const res = await ctx.api.post('/v2/process-instances', {
      processDefinitionId: 42,
      processDefinitionVersion: 'two',
      variables: ['not', 'an', 'object'],
    });
    assertProblem(res, 400, /processDefinitionId/, /processDefinitionVersion/, /variables/);
    // and a body that is not JSON at all is a 400 problem too
    assertProblem(await ctx.api.request('POST', '/v2/process-instances', '{"processDefinitionId": '), 400);
    // and a body naming no definition says so
    assertProblem(await ctx.api.post('/v2/process-instances', { variables: {} }), 400, /processDefinitionId/);
  });

  it('returns the same instance when a start is retried with the same operationReference', async () => {
    // when the same start is sent twice (a client retry after a lost answer)
    const request = {
      processDefinitionId: 'order',
      variables: { orderId: 'R-1' },
      operationReference: 'order-R-1',
    };
    const first = ok(await ctx.api.post('/v2/process-instances', request));
    const retry = ok(await ctx.api.post('/v2/process-instances', request));
    // then both answers name one instance, and only one exists
    assert.equal(retry.processInstanceKey, first.processInstanceKey);
    const found = await search(ctx.api, 'process-instances', {
      processDefinitionId: 'order',
      variables: [{ name: 'orderId', value: '"R-1"' }],
    });
    assert.equal(found.length, 1);
  });

  it('awaits completion and returns the fetched variables of a process that completes at once', async () => {
    // when an instance of a script-task process is started awaiting its completion
    const body = ok(
      await ctx.api.post('/v2/process-instances', {
        processDefinitionId: 'instant',
        variables: { a: 1, b: 2 },
        awaitCompletion: true,
        fetchVariables: ['sum'],
      }),
    );
    // then only the fetched variables come back, computed by the script
    assert.deepEqual(body.variables, { sum: 3 });
    assert.equal(body.processDefinitionId, 'instant');
    // and the instance is completed
    assert.equal(
      ok(await ctx.api.get(`/v2/process-instances/${body.processInstanceKey}`)).state,
      'COMPLETED',
    );
  });

  it('answers 504 when awaitCompletion runs past its requestTimeout', async () => {
    const res = await ctx.api.post('/v2/process-instances', {
      processDefinitionId: 'order',
      awaitCompletion: true,
      requestTimeout: 200,
    });
    assertProblem(res, 504);
  });

  it('reads an instance by key, and 404 for an unknown key', async () => {
    const key = await startInstance(ctx.api, 'order', { orderId: 'G-1' });
    const instance = ok(await ctx.api.get(`/v2/process-instances/${key}`));
    assert.equal(instance.processInstanceKey, key);
    assert.equal(instance.processDefinitionId, 'order');
    assert.equal(instance.processDefinitionVersion, 2);
    assert.equal(instance.processDefinitionKey, v2Key);
    assert.equal(instance.state, 'ACTIVE');
    assert.equal(instance.hasIncident, false);
    assert.ok(!Number.isNaN(Date.parse(instance.startDate)), instance.startDate);
    assert.equal(instance.endDate, undefined);
    assertProblem(await ctx.api.get('/v2/process-instances/999999999'), 404);
    assertProblem(await ctx.api.get('/v2/process-instances/not-a-key'), 404);
  });

  it('searches instances by state, process id and variables', async () => {
    // given a cancelled and an active instance with distinct variables
    const active = await startInstance(ctx.api, 'order', { orderId: 'S-1', customer: { name: 'Ada' } });
    const cancelled = await startInstance(ctx.api, 'order', { orderId: 'S-2' });
    ok(await ctx.api.post(`/v2/process-instances/${cancelled}/cancellation`), 204);
    // when searching by variable
    const byVariable = await search(ctx.api, 'process-instances', {
      variables: [{ name: 'orderId', value: '"S-1"' }],
    });
    assert.deepEqual(
      byVariable.map((i) => i.processInstanceKey),
      [active],
    );
    // and by an object variable's JSON
    const byObject = await search(ctx.api, 'process-instances', {
      variables: [{ name: 'customer', value: '{"name":"Ada"}' }],
    });
    assert.deepEqual(
      byObject.map((i) => i.processInstanceKey),
      [active],
    );
    // when searching by state and process id
    const terminated = await search(ctx.api, 'process-instances', {
      processDefinitionId: 'order',
      state: 'TERMINATED',
    });
    assert.ok(terminated.some((i) => i.processInstanceKey === cancelled));
    assert.ok(terminated.every((i) => i.state === 'TERMINATED' && i.processDefinitionId === 'order'));
    const completed = await search(ctx.api, 'process-instances', {
      processDefinitionId: 'instant',
      state: 'COMPLETED',
    });
    assert.ok(completed.length >= 1);
    assert.ok(completed.every((i) => i.processDefinitionId === 'instant'));
    // and an unknown state field is named
    assertProblem(
      await ctx.api.post('/v2/process-instances/search', { filter: { status: 'ACTIVE' } }),
      400,
      /status/,
    );
  });

  it('cancels an active instance: TERMINATED, and a second cancellation is a 409 conflict', async () => {
    // given an instance waiting at its service task
    const key = await startInstance(ctx.api, 'order', { orderId: 'C-1' });
    // when it is cancelled
    ok(await ctx.api.post(`/v2/process-instances/${key}/cancellation`), 204);
    // then it is terminated, its task too, and no job is left for workers
    await untilState(ctx.api, key, 'TERMINATED');
    const task = await search(ctx.api, 'element-instances', { processInstanceKey: key, elementId: 'task' });
    assert.deepEqual(
      task.map((e) => e.state),
      ['TERMINATED'],
    );
    assert.equal((await search(ctx.api, 'jobs', { processInstanceKey: key })).length, 0);
    // when it is cancelled again
    const again = await ctx.api.post(`/v2/process-instances/${key}/cancellation`);
    // then the conflict is explained
    assertProblem(again, 409, new RegExp(key));
    // and cancelling an unknown instance is a 404
    assertProblem(await ctx.api.post('/v2/process-instances/999999999/cancellation'), 404);
  });
});

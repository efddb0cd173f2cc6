import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertProblem, deployed, engineForFile, ok, oneTaskProcess, search, startInstance } from './support';

describe('element instances and variables: search and read', () => {
  const ctx = engineForFile('api_elements');
  let instanceKey: string;

  before(async () => {
    // given an instance waiting at its service task, with three variables
    await deployed(ctx.api, { name: 'shipping.bpmn', content: oneTaskProcess('shipping', 'ship') });
    instanceKey = await startInstance(ctx.api, 'shipping', {
      orderId: 'E-1',
      amount: 42,
      address: { city: 'Lyon' },
    });
    // and another instance whose rows must not leak into the first one's searches
    await startInstance(ctx.api, 'shipping', { orderId: 'E-2', amount: 7, address: { city: 'Oslo' } });
  });

  it('searches the element instances of an instance: the start event completed, the task active', async () => {
    const items = await search(
      ctx.api,
      'element-instances',
      { processInstanceKey: instanceKey },
      { sort: [{ field: 'elementInstanceKey' }] },
    );
    const byId = new Map(items.map((e) => [e.elementId, e]));
    assert.equal(byId.get('start')?.state, 'COMPLETED');
    assert.equal(byId.get('start')?.type, 'START_EVENT');
    assert.equal(byId.get('task')?.state, 'ACTIVE');
    assert.equal(byId.get('task')?.type, 'SERVICE_TASK');
    assert.equal(byId.get('task')?.elementName, 'Work');
    assert.equal(byId.has('end'), false, 'the end event was not reached');
    assert.ok(
      items.every((e) => e.processInstanceKey === instanceKey && e.processDefinitionId === 'shipping'),
    );
    // when filtered by state
    const active = await search(ctx.api, 'element-instances', {
      processInstanceKey: instanceKey,
      state: 'ACTIVE',
      type: 'SERVICE_TASK',
    });
    assert.deepEqual(
      active.map((e) => e.elementId),
      ['task'],
    );
  });

  it('reads one element instance by key, and 404 for an unknown key', async () => {
    const [task] = await search(ctx.api, 'element-instances', {
      processInstanceKey: instanceKey,
      elementId: 'task',
    });
    const one = ok(await ctx.api.get(`/v2/element-instances/${task.elementInstanceKey}`));
    assert.equal(one.elementInstanceKey, task.elementInstanceKey);
    assert.equal(one.elementId, 'task');
    assert.equal(one.state, 'ACTIVE');
    assert.ok(!Number.isNaN(Date.parse(one.startDate)));
    assertProblem(await ctx.api.get('/v2/element-instances/999999999'), 404);
  });

  it('searches the variables of an instance, values as JSON text, sorted and paged', async () => {
    // when every variable of the instance is searched, sorted by name
    const res = ok(
      await ctx.api.post('/v2/variables/search', {
        filter: { processInstanceKey: instanceKey },
        sort: [{ field: 'name', order: 'ASC' }],
      }),
    );
    // then each comes with its value as JSON text, on the instance's scope
    assert.ok(res.items.every((v: any) => typeof v.value === 'string'));
    assert.deepEqual(
      res.items.map((v: any) => [v.name, JSON.parse(v.value)]),
      [
        ['address', { city: 'Lyon' }],
        ['amount', 42],
        ['orderId', 'E-1'],
      ],
    );
    assert.equal(res.page.totalItems, 3);
    assert.ok(
      res.items.every(
        (v: any) =>
          v.scopeKey === instanceKey && v.processInstanceKey === instanceKey && /^\d+$/.test(v.variableKey),
      ),
    );
    // when filtered by name and paged
    const paged = ok(
      await ctx.api.post('/v2/variables/search', {
        filter: { processInstanceKey: instanceKey },
        sort: [{ field: 'name', order: 'DESC' }],
        page: { from: 0, limit: 1 },
      }),
    );
    assert.deepEqual(
      paged.items.map((v: any) => v.name),
      ['orderId'],
    );
    assert.equal(paged.page.totalItems, 3);
    const byName = await search(ctx.api, 'variables', { name: 'orderId' });
    assert.deepEqual(byName.map((v) => v.value).sort(), ['"E-1"', '"E-2"']);
  });

  it('reads one variable by key, and 404 for an unknown key', async () => {
    const [amount] = await search(ctx.api, 'variables', { processInstanceKey: instanceKey, name: 'amount' });
    const one = ok(await ctx.api.get(`/v2/variables/${amount.variableKey}`));
    assert.equal(one.name, 'amount');
    assert.equal(one.value, '42');
    assert.equal(one.processInstanceKey, instanceKey);
    assertProblem(await ctx.api.get('/v2/variables/999999999'), 404);
  });

  it('sets variables on the instance scope with PUT /v2/element-instances/{key}/variables', async () => {
    // when an operator corrects a variable and adds one
    ok(
      await ctx.api.request('PUT', `/v2/element-instances/${instanceKey}/variables`, {
        variables: { amount: 43, note: 'fixed' },
      }),
      204,
    );
    // then search shows the new values
    const items = await search(ctx.api, 'variables', { processInstanceKey: instanceKey });
    const values = Object.fromEntries(items.map((v) => [v.name, JSON.parse(v.value)]));
    assert.equal(values.amount, 43);
    assert.equal(values.note, 'fixed');
    // and a body without variables is a 400 naming the field
    assertProblem(
      await ctx.api.request('PUT', `/v2/element-instances/${instanceKey}/variables`, { local: true }),
      400,
      /variables/,
    );
  });
});

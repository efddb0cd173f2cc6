import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { activateJobOf, assertProblem, deployed, engineForFile, fixture, ok, oneTaskProcess, search, startInstance, variablesOf } from './support';

/** A string whose JSON is `bytes` long (the two quotes included). */
const sized = (bytes: number) => 'x'.repeat(bytes - 2);

describe('request and variable limits', () => {
  const ctx = engineForFile('api_limits', {
    OSPREY_MAX_BODY_BYTES: '16384',
    OSPREY_MAX_VARIABLE_BYTES: '1000',
    OSPREY_MAX_INSTANCE_VARIABLES_BYTES: '3000',
    OSPREY_MAX_DEPLOYMENT_BYTES: '20000',
  });

  before(async () => {
    await deployed(ctx.api, { name: 'sized.bpmn', content: oneTaskProcess('sized', 'sized-work') }, { name: 'await-payment.bpmn', content: fixture('message-catch.bpmn') });
  });

  it('refuses a body over OSPREY_MAX_BODY_BYTES with 413', async () => {
    const res = await ctx.api.post('/v2/process-instances', { processDefinitionId: 'sized', variables: { big: sized(20_000) } });
    assertProblem(res, 413);
    assert.equal(res.body.title, 'PAYLOAD_TOO_LARGE');
    assert.deepEqual(await search(ctx.api, 'process-instances', { processDefinitionId: 'sized' }), []);
  });

  it('refuses a deployment whose resources together exceed OSPREY_MAX_DEPLOYMENT_BYTES with 413, deploying none of them', async () => {
    const padded = (id: string) => oneTaskProcess(id, 'pad').replace('<bpmn:process', `<!-- ${'p'.repeat(8000)} --><bpmn:process`);

    const res = await ctx.api.deploy({ name: 'a.bpmn', content: padded('pad-a') }, { name: 'b.bpmn', content: padded('pad-b') }, { name: 'c.bpmn', content: padded('pad-c') });

    assertProblem(res, 413, /at most 20000 bytes in all/);
    assert.deepEqual(await search(ctx.api, 'process-definitions', { processDefinitionId: 'pad-a' }), []);
  });

  it('refuses JSON holding U+0000, which PostgreSQL cannot store, with 400', async () => {
    const res = await ctx.api.post('/v2/messages/publication', '{"name":"m","timeToLive":60000,"variables":{"a":"x\\u0000y"}}');
    assertProblem(res, 400, /U\+0000/);
  });

  it('refuses JSON nested deeper than OSPREY_MAX_JSON_DEPTH with 400; strings that look nested do not count', async () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    const res = await ctx.api.post('/v2/messages/publication', `{"name":"m","timeToLive":60000,"variables":{"a":${deep(1000)}}}`);
    assertProblem(res, 400, /nested at most 128 levels deep/);

    ok(await ctx.api.post('/v2/messages/publication', { name: 'm', timeToLive: 60_000, variables: { a: JSON.parse(deep(100)), text: '['.repeat(500) } }));
  });

  it('refuses a start with a variable over the limit, naming it, and starts nothing', async () => {
    const res = await ctx.api.post('/v2/process-instances', { processDefinitionId: 'sized', variables: { small: 1, big: sized(1001) } });

    assertProblem(res, 413, /variables\.big: Expected at most 1000 bytes of JSON, but found 1001/);
    assert.deepEqual(await search(ctx.api, 'process-instances', { processDefinitionId: 'sized' }), []);
  });

  it('accepts variables at the limit, and refuses an update that would take the instance over its total', async () => {
    const key = await startInstance(ctx.api, 'sized', { a: sized(1000), b: sized(1000) });

    const res = await ctx.api.request('PUT', `/v2/element-instances/${key}/variables`, { variables: { c: sized(1000) } });

    assertProblem(res, 413, new RegExp(`variables of process instance '${key}' to total at most 3000 bytes`));
    assert.deepEqual(Object.keys(await variablesOf(ctx.api, key)).sort(), ['a', 'b']);
  });

  it('refuses a job completion with an oversized variable; the job stays with the worker', async () => {
    const key = await startInstance(ctx.api, 'sized', {});
    const job = await activateJobOf(ctx.api, 'sized-work', key);

    const res = await ctx.api.post(`/v2/jobs/${job.jobKey}/completion`, { variables: { result: [sized(600), sized(600)] } });

    assertProblem(res, 413, /variables\.result/);
    assert.deepEqual(await variablesOf(ctx.api, key), {});
    ok(await ctx.api.post(`/v2/jobs/${job.jobKey}/completion`, { variables: { result: 'ok' } }), 204);
  });

  it('refuses a message correlation with an oversized variable; the instance still waits for the message', async () => {
    const key = await startInstance(ctx.api, 'await-payment', { orderId: 'L-1' });

    const res = await ctx.api.post('/v2/messages/correlation', { name: 'payment-received', correlationKey: 'L-1', variables: { receipt: sized(1001) } });

    assertProblem(res, 413, /variables\.receipt/);
    assert.deepEqual(await variablesOf(ctx.api, key), { orderId: 'L-1' });
    ok(await ctx.api.post('/v2/messages/correlation', { name: 'payment-received', correlationKey: 'L-1', variables: { receipt: 'r' } }));
  });

  it('refuses to publish a message with an oversized variable, buffering nothing', async () => {
    const res = await ctx.api.post('/v2/messages/publication', { name: 'm', correlationKey: 'k', timeToLive: 60_000, variables: { v: sized(2000) } });
    assertProblem(res, 413, /variables\.v/);
  });

  it('refuses a search page over the maximum with 400', async () => {
    const res = await ctx.api.post('/v2/process-instances/search', { page: { limit: 1001 } });
    assertProblem(res, 400, /page\.limit: Expected an integer between 0 and 1000/);
  });

  it('refuses a search offset beyond int32 with 400, as the page number or a forged cursor', async () => {
    // the contract names the bound the number breaks
    const far = await ctx.api.post('/v2/jobs/search', { page: { from: 1e20 } });
    assertProblem(far, 400, /page\.from: Expected an integer of at most 2147483647, but found 100000000000000000000/);
    const forged = Buffer.from(JSON.stringify({ p: 1e20 })).toString('base64url');
    assertProblem(await ctx.api.post('/v2/element-instances/search', { page: { after: forged } }), 400, /page\.after: Expected a cursor from a previous page/);
    // and a search read with the contract names the same field
    assertProblem(await ctx.api.post('/v2/process-instances/search', { page: { from: 2147483648 } }), 400, /page\.from: Expected an integer/);
  });
});

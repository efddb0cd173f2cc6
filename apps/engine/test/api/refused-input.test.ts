import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { activateJobOf, assertProblem, deployed, engineForFile, ok, oneTaskProcess, search, startInstance, variablesOf } from './support';

/**
 * Input the engine cannot keep as sent is refused with a 400 that names it, and nothing is
 * written — never a 500, never a silently changed value.
 */
describe('input the engine refuses with 400', () => {
  const ctx = engineForFile('api_refused');
  let v1: string;
  let v2: string;

  before(async () => {
    v1 = (await deployed(ctx.api, { name: 'parcel.bpmn', content: oneTaskProcess('parcel', 'weigh') })).deployments[0].processDefinition.processDefinitionKey;
    v2 = (await deployed(ctx.api, { name: 'parcel.bpmn', content: oneTaskProcess('parcel', 'weigh').replace('id="task" name="Work"', 'id="task" name="Weigh"') }))
      .deployments[0].processDefinition.processDefinitionKey;
  });

  it('refuses a lone surrogate (\\ud800) in a start, starting nothing', async () => {
    const res = await ctx.api.post('/v2/process-instances', '{"processDefinitionId":"parcel","variables":{"label":"box \\ud800"}}');

    assertProblem(res, 400, /lone surrogate/);
    assert.deepEqual(await search(ctx.api, 'process-instances', { processDefinitionId: 'parcel' }), []);
  });

  it('keeps characters outside the Basic Multilingual Plane, written as a surrogate pair or as UTF-8', async () => {
    const key = ok(await ctx.api.post('/v2/process-instances', '{"processDefinitionId":"parcel","variables":{"escaped":"\\ud83d\\udce6","raw":"📦"}}')).processInstanceKey;

    assert.deepEqual(await variablesOf(ctx.api, key), { escaped: '📦', raw: '📦' });
  });

  it('refuses a lone surrogate in a job completion; the job stays with its worker', async () => {
    const key = await startInstance(ctx.api, 'parcel');
    const job = await activateJobOf(ctx.api, 'weigh', key);

    const res = await ctx.api.post(`/v2/jobs/${job.jobKey}/completion`, '{"variables":{"scale":"\\udc00"}}');

    assertProblem(res, 400, /lone surrogate/);
    ok(await ctx.api.post(`/v2/jobs/${job.jobKey}/completion`, { variables: { scale: 'ok' } }), 204);
  });

  it('refuses a number beyond a double (1e400) instead of storing null', async () => {
    const key = await startInstance(ctx.api, 'parcel', { weight: 1 });

    const start = await ctx.api.post('/v2/process-instances', '{"processDefinitionId":"parcel","variables":{"weight":1e400}}');
    const update = await ctx.api.request('PUT', `/v2/element-instances/${key}/variables`, '{"variables":{"weight":-2E+999}}');

    assertProblem(start, 400, /Expected numbers within/, /1e400/);
    assertProblem(update, 400, /-2E\+999/);
    assert.deepEqual(await variablesOf(ctx.api, key), { weight: 1 });
    // the largest doubles are kept
    ok(await ctx.api.request('PUT', `/v2/element-instances/${key}/variables`, '{"variables":{"weight":1.5e308}}'), 204);
    assert.deepEqual(await variablesOf(ctx.api, key), { weight: 1.5e308 });
  });

  it('refuses a migration plan that maps to an element the target does not have, with every problem named', async () => {
    const key = ok(await ctx.api.post('/v2/process-instances', { processDefinitionKey: v1 })).processInstanceKey;
    await activateJobOf(ctx.api, 'weigh', key);

    const res = await ctx.api.post(`/v2/process-instances/${key}/migration`, {
      targetProcessDefinitionKey: v2,
      mappingInstructions: [{ sourceElementId: 'task', targetElementId: 'no-such-task' }],
    });

    assertProblem(res, 400, /no-such-task/);
    assert.equal(ok(await ctx.api.get(`/v2/process-instances/${key}`)).processDefinitionKey, v1);
  });
});

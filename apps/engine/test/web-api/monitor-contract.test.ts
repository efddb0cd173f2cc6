import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertProblem, deployed, engineForFile, ok, oneTaskProcess, startInstance } from '../api/support';

/** The instance monitor's reads take bodies read against their contracts. */
describe('the monitor reads: statistics and history bodies', () => {
  const ctx = engineForFile('monitor_contract');
  let definitionKey: string;
  let instanceKey: string;

  before(async () => {
    const deployment = await deployed(ctx.api, { name: 'watched.bpmn', content: oneTaskProcess('watched', 'watch') });
    definitionKey = deployment.deployments[0].processDefinition.processDefinitionKey;
    instanceKey = await startInstance(ctx.api, 'watched', {});
  });

  it('counts a definition given its key as a string or, for lenient clients, a number', async () => {
    const asString = ok(await ctx.api.post('/v2/osprey/element-statistics', { processDefinitionKey: definitionKey }));
    const asNumber = ok(await ctx.api.post('/v2/osprey/element-statistics', { processDefinitionKey: Number(definitionKey) }));
    assert.deepEqual(asNumber, asString);
    assert.ok(asString.items.some((i: { elementId: string; active: number }) => i.elementId === 'task' && i.active === 1), JSON.stringify(asString));
  });

  it('refuses a missing key and one beyond int64 with a 400 naming the field', async () => {
    assertProblem(await ctx.api.post('/v2/osprey/element-statistics', {}), 400, /processDefinitionKey: Expected a key .*, but it is missing/);
    assertProblem(await ctx.api.post('/v2/osprey/element-statistics', { processDefinitionKey: '9999999999999999999' }), 400, /processDefinitionKey: Expected a key/);
  });

  it('pages the history of an instance and refuses a page over the maximum', async () => {
    const first = ok(await ctx.api.post(`/v2/osprey/process-instances/${instanceKey}/history`, { page: { from: 0, limit: 1 } }));
    assert.equal(first.items.length, 1);
    assert.ok(first.page.totalItems > 1);
    assertProblem(await ctx.api.post(`/v2/osprey/process-instances/${instanceKey}/history`, { page: { limit: 1001 } }), 400, /page\.limit: Expected an integer between 0 and 1000, but found 1001/);
  });
});

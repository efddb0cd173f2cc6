import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertProblem, deployed, engineForFile, ok, oneTaskProcess, search, startInstance } from '../api/support';

describe('int64 fields as decimal strings, as Camunda clients send them in strict mode', () => {
  const ctx = engineForFile('dialect_int64');

  it('accepts timeouts, back-off and time-to-live as strings, in requests and search filters', async () => {
    await deployed(ctx.api, { name: 'strings.bpmn', content: oneTaskProcess('strings', 'strings-work') });
    const key = await startInstance(ctx.api, 'strings');
    // when a worker activates with int64 values written as strings
    const activated = await ctx.api.until(async () => {
      const res = ok(await ctx.api.post('/v2/jobs/activation', {
        type: 'strings-work', worker: 'w', maxJobsToActivate: 1, timeout: '30000', requestTimeout: '-1',
      }));
      return res.jobs[0];
    });
    assert.equal(activated.processInstanceKey, key);
    // and fails it with a string back-off
    ok(await ctx.api.post(`/v2/jobs/${activated.jobKey}/failure`, { retries: 2, retryBackOff: '0', errorMessage: 'once' }), 204);
    // and a message is published with a string time-to-live
    ok(await ctx.api.post('/v2/messages/publication', { name: 'nobody-waits', correlationKey: 'k', timeToLive: '60000' }));
    // then search filters take integers as strings, and keys as numbers
    const byVersion = await search(ctx.api, 'process-instances', { processDefinitionId: 'strings', processDefinitionVersion: '1' });
    assert.deepEqual(byVersion.map((i) => i.processInstanceKey), [key]);
    const byNumericKey = await search(ctx.api, 'process-instances', { processInstanceKey: Number(key) });
    assert.deepEqual(byNumericKey.map((i) => i.processInstanceKey), [key]);
    const jobs = await search(ctx.api, 'jobs', { processInstanceKey: key, retries: { $lte: '2' } });
    assert.equal(jobs.length, 1);
  });

  it('still refuses what is not a decimal integer', async () => {
    const res = await ctx.api.post('/v2/jobs/activation', { type: 't', maxJobsToActivate: 1, timeout: '30s' });
    assertProblem(res, 400, /timeout: Expected an integer/);
    const search = await ctx.api.post('/v2/process-instances/search', { filter: { processDefinitionVersion: '1.5' } });
    assertProblem(search, 400, /processDefinitionVersion: Expected an integer/);
  });
});

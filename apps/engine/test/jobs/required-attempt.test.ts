import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config/engine-config';
import { assertProblem, deployed, engineForFile, ok, oneTaskProcess, startInstance } from '../api/support';

/**
 * With OSPREY_REQUIRE_JOB_ATTEMPT=true every job answer is fenced: one without the attempt of its
 * lease — what Camunda's clients send — is refused, so a worker whose lease was handed to another
 * can never answer for it (docs/adr/0008-fencing-job-answers.md).
 */
describe('jobs: answers must carry their attempt when OSPREY_REQUIRE_JOB_ATTEMPT=true', () => {
  const ctx = engineForFile('required_attempt', { OSPREY_REQUIRE_JOB_ATTEMPT: 'true' });
  const activate = async (timeout: number) =>
    ok(await ctx.api.post('/v2/jobs/activation', { type: 'fenced-work', maxJobsToActivate: 1, timeout, requestTimeout: -1, worker: 'w' })).jobs[0];

  it('refuses a completion, failure, error or lease extension without attempt with 400, changing nothing', async () => {
    await deployed(ctx.api, { name: 'fenced.bpmn', content: oneTaskProcess('fenced', 'fenced-work') });
    const key = await startInstance(ctx.api, 'fenced');
    const job = await ctx.api.until(() => activate(60_000), 5_000, 'a job');

    const answers = [
      await ctx.api.post(`/v2/jobs/${job.jobKey}/completion`, { variables: { done: true } }),
      await ctx.api.post(`/v2/jobs/${job.jobKey}/failure`, { retries: 0, errorMessage: 'boom' }),
      await ctx.api.post(`/v2/jobs/${job.jobKey}/error`, { errorCode: 'NOPE' }),
      await ctx.api.request('PATCH', `/v2/jobs/${job.jobKey}`, { changeset: { timeout: 600_000 } }),
    ];

    for (const res of answers) assertProblem(res, 400, /attempt/);
    assert.equal(ok(await ctx.api.get(`/v2/process-instances/${key}`)).state, 'ACTIVE');
    // an operator's retries change holds no lease and needs none
    ok(await ctx.api.request('PATCH', `/v2/jobs/${job.jobKey}`, { changeset: { retries: 5 } }), 204);
    ok(await ctx.api.post(`/v2/jobs/${job.jobKey}/completion`, { attempt: job.attempt }), 204);
    assert.equal(ok(await ctx.api.get(`/v2/process-instances/${key}`)).state, 'COMPLETED');
  });

  it('refuses the answer of a superseded lease, and takes the current one', async () => {
    const key = await startInstance(ctx.api, 'fenced');
    // given a lease that ran out at once and the job handed to a second worker
    const first = await ctx.api.until(() => activate(1), 5_000, 'a job');
    const second = await ctx.api.until(() => activate(60_000), 5_000, 'the job again');
    assert.equal(second.jobKey, first.jobKey);

    const late = await ctx.api.post(`/v2/jobs/${first.jobKey}/completion`, { attempt: first.attempt, variables: { by: 'first' } });

    assertProblem(late, 409, new RegExp(`attempt ${second.attempt}`));
    ok(await ctx.api.post(`/v2/jobs/${second.jobKey}/completion`, { attempt: second.attempt, variables: { by: 'second' } }), 204);
    assert.equal(ok(await ctx.api.get(`/v2/process-instances/${key}`)).state, 'COMPLETED');
  });

  it('takes only true or false', () => {
    assert.throws(() => loadConfig({ OSPREY_REQUIRE_JOB_ATTEMPT: 'yes' }), (e: unknown) => e instanceof ConfigError && /OSPREY_REQUIRE_JOB_ATTEMPT: Expected true or false/.test(e.message));
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { until } from '../../src';
import { REPO_ROOT, startWebStack, type WebStack } from './support/web-stack';

/** The claim review drawn in Camunda Modeler, offered to the approvers group. */
const CLAIM_REVIEW = readFileSync(join(REPO_ROOT, 'e2e/test/fixtures/claim-review.bpmn'), 'utf8').replace('candidateGroups="adjusters"', 'candidateGroups="approvers"');

describe('browser: a claim in the inbox waits for the task’s assigning listener', () => {
  let stack: WebStack;

  before(async () => {
    stack = await startWebStack('e2e_browser_inbox_listeners');
    await stack.api.deploy({ name: 'claim-review.bpmn', content: CLAIM_REVIEW });
  });

  after(async () => {
    await stack?.stop();
  });

  it('shows the task as assigning until the listener agrees, then as the approver’s', async (t) => {
    const b = await stack.open('inbox-task-listeners');
    let failed = true;
    try {
      const { page } = b;
      // given a claim review waiting in the approvers' group
      const { processInstanceKey } = await stack.api.post('/v2/process-instances', { processDefinitionId: 'claim-review', variables: { claimId: 'B-1' } });
      const userTaskKey = await until(async () => (await stack.api.post('/v2/user-tasks/search', { filter: { processInstanceKey } })).items[0]?.userTaskKey as string | undefined, 'the task');

      // when an approver claims it in the inbox
      await b.signIn(stack.url, 'approver', 'approver-pw', `/tasks/${userTaskKey}`);
      const detail = page.getByTestId('task-detail');
      await page.getByTestId('claim').click();
      // then the task shows as assigning, not yet theirs
      await detail.getByText('assigning').waitFor();
      assert.equal((await stack.api.call('GET', `/v2/user-tasks/${userTaskKey}`)).body.state, 'ASSIGNING');

      // when the assigning listener's worker agrees
      const job = await until(async () => {
        const { jobs } = await stack.api.post('/v2/jobs/activation', { type: 'check-adjuster', worker: 'browser', maxJobsToActivate: 1, timeout: 30_000, requestTimeout: 0 });
        return jobs[0] as { jobKey: string; userTask: { action: string; assignee: string } } | undefined;
      }, 'the assigning listener job');
      assert.deepEqual([job.userTask.action, job.userTask.assignee], ['claim', 'approver']);
      await stack.api.post(`/v2/jobs/${job.jobKey}/completion`, {});
      // then the inbox shows the task as theirs, open to work on
      await page.getByTestId('assignee').filter({ hasText: 'approver (you)' }).waitFor({ timeout: 20_000 });
      await page.getByTestId('unclaim').waitFor();
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
    }
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../../src';
import { linearProcess } from './support/processes';
import { startWebStack, type BrowserPage, type WebStack } from './support/web-stack';

const PAYMENT = linearProcess('browser-operate', 'Operate payment', [
  { kind: 'start', id: 'start', name: 'Paid' },
  { kind: 'service', id: 'charge', name: 'Charge card', type: 'browser-operate-charge', retries: 1 },
  { kind: 'end', id: 'end', name: 'Done' },
]);

const REVIEW_V1 = linearProcess('browser-review', 'Review', [
  { kind: 'start', id: 'start' },
  { kind: 'user', id: 'review', name: 'Review', candidateGroups: 'approvers' },
  { kind: 'user', id: 'approve', name: 'Approve', candidateGroups: 'approvers' },
  { kind: 'end', id: 'end' },
]);

/** Version 2 renames the first task: its id no longer matches. */
const REVIEW_V2 = linearProcess('browser-review', 'Review', [
  { kind: 'start', id: 'start' },
  { kind: 'user', id: 'check', name: 'Check', candidateGroups: 'approvers' },
  { kind: 'user', id: 'approve', name: 'Approve', candidateGroups: 'approvers' },
  { kind: 'end', id: 'end' },
]);

describe('browser: an operator works like in Operate — element details, diagram filter, batches, modification, migration', () => {
  let stack: WebStack;

  before(async () => {
    stack = await startWebStack('e2e_browser_operate');
    await stack.api.deploy({ name: 'browser-operate.bpmn', content: PAYMENT });
    await stack.api.deploy({ name: 'browser-review.bpmn', content: REVIEW_V1 });
  });

  after(async () => {
    await stack?.stop();
  });

  /** Starts a payment whose charge job fails with no retries left; returns the instance key. */
  async function failedPayment(amount: number): Promise<string> {
    const { processInstanceKey } = await stack.api.post('/v2/process-instances', { processDefinitionId: 'browser-operate', variables: { amount } });
    // Instances are failed one after the other, so the one activatable job is this instance's.
    const job = await until(async () => {
      const { jobs } = await stack.api.post('/v2/jobs/activation', { type: 'browser-operate-charge', maxJobsToActivate: 1, timeout: 60_000, requestTimeout: -1, worker: 'browser-test' });
      return jobs[0];
    }, 'the charge job');
    assert.equal(job.processInstanceKey, processInstanceKey);
    await stack.api.post(`/v2/jobs/${job.jobKey}/failure`, { retries: 0, errorMessage: `Card declined for ${amount}` });
    await until(async () => (await stack.api.post('/v2/incidents/search', { filter: { processInstanceKey, state: 'ACTIVE' } })).items[0], 'the incident');
    return processInstanceKey;
  }

  const openIncidents = async (processInstanceKey: string) => (await stack.api.post('/v2/incidents/search', { filter: { processInstanceKey, state: 'ACTIVE' } })).items.length;

  /** Clicks an element of the diagram on the page. */
  const clickElement = (b: BrowserPage, elementId: string) => b.page.locator(`.bpmn-diagram g.djs-element[data-element-id="${elementId}"]`).first().click();

  it('retries an incident from the details of the element clicked on the diagram', async (t) => {
    const b = await stack.open('operate-element-details');
    let failed = true;
    try {
      const { page } = b;
      const key = await failedPayment(310);
      await b.signIn(stack.url, 'operator', 'operator-pw', `/monitor/instances/${key}`);
      // when the operator clicks the failed task
      await clickElement(b, 'charge');
      // then its details show the element instance, its job without retries and the incident
      const details = page.getByTestId('element-details');
      await details.getByText('Card declined for 310').first().waitFor();
      await details.getByTestId('element-job').filter({ hasText: '0 retries left' }).waitFor();
      await details.getByText('No variables in this element').waitFor();
      await b.screenshot('details');
      await b.assertAccessible('element details');
      // when they retry from there
      await details.getByTestId('element-retry').click();
      await page.getByTestId('confirm-retry').click();
      await page.getByText('the job can be worked again').waitFor();
      // then the incident is resolved and the job has a retry again
      assert.equal(await openIncidents(key), 0);
      const job = (await stack.api.post('/v2/jobs/search', { filter: { processInstanceKey: key } })).items[0];
      assert.equal(job.retries, 1);
      await details.getByTestId('element-job').filter({ hasText: '1 retry left' }).waitFor();
      // and the element tree lists the instance's element instances; choosing the start event
      // shows that it completed
      await page.getByRole('tab', { name: 'Element tree' }).click();
      const tree = page.getByTestId('history-tree');
      await tree.getByText('Charge card').waitFor();
      await tree.getByText('Paid').click();
      await page.getByTestId('element-details').getByText('Paid').waitFor();
      await page.getByTestId('element-details').getByText('completed').first().waitFor();
      // and a worker completes the charge it was given again
      const { jobs } = await stack.api.post('/v2/jobs/activation', { type: 'browser-operate-charge', maxJobsToActivate: 1, timeout: 60_000, requestTimeout: -1, worker: 'browser-test' });
      assert.equal(jobs[0]?.processInstanceKey, key);
      await stack.api.post(`/v2/jobs/${jobs[0].jobKey}/completion`, {});
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
    }
  });

  it('filters the list by the element with incidents, selects them all and retries them as a tracked batch', async (t) => {
    const b = await stack.open('operate-batch-retry');
    let failed = true;
    try {
      const { page } = b;
      const keys = [await failedPayment(1), await failedPayment(2), await failedPayment(3)];
      const { processInstanceKey: healthy } = await stack.api.post('/v2/process-instances', { processDefinitionId: 'browser-operate', variables: { amount: 4 } });
      const def = (await stack.api.post('/v2/process-definitions/search', { filter: { processDefinitionId: 'browser-operate' } })).items[0];
      // when the operator opens the definition, clicks the charge task and asks for incidents there
      await b.signIn(stack.url, 'operator', 'operator-pw', `/monitor/definitions/${def.processDefinitionKey}`);
      await clickElement(b, 'charge');
      await page.getByTestId('element-filter').getByRole('button', { name: 'with an incident there' }).click();
      // then the list shows exactly the three failed instances, and the address says so
      const table = page.getByTestId('instances-table');
      for (const k of keys) await table.getByRole('link', { name: k }).waitFor();
      await until(async () => ((await table.getByRole('link', { name: healthy }).count()) === 0 ? true : undefined), 'the healthy instance filtered out');
      await page.waitForURL(/element=charge&at=incident/);
      // when they select all and retry
      await page.getByLabel('Select every instance on this page').check();
      await page.getByTestId('selection-bar').getByText('3 selected').waitFor();
      await b.assertAccessible('a selection of instances');
      await page.getByTestId('batch-retry').click();
      // then the batch reports its progress to the end
      await page.locator('[data-testid="batch"][data-finished="true"]').waitFor();
      assert.match(await page.getByTestId('batch-count').innerText(), /3 of 3 done — 3 succeeded/);
      await b.screenshot('batch');
      // and no instance has an open incident any more
      for (const k of keys) assert.equal(await openIncidents(k), 0);

      // when they show the instances waiting at the charge task, select the healthy one by the
      // address (a shared link) and cancel it as a batch
      await page.goto(`${stack.url}/monitor/definitions/${def.processDefinitionKey}?element=charge&at=waiting&sel=${healthy}`);
      await page.getByTestId('selection-bar').getByText('1 selected').waitFor();
      assert.equal(await page.getByLabel(`Select instance ${healthy}`).isChecked(), true);
      await page.getByTestId('batch-cancel').click();
      await page.locator('[data-testid="batch"][data-finished="true"]').waitFor();
      // then it is terminated, and the selection is gone from the address
      assert.equal((await stack.api.call('GET', `/v2/process-instances/${healthy}`)).body.state, 'TERMINATED');
      await until(async () => (page.url().includes('sel=') ? undefined : true), 'the selection cleared from the address');
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
    }
  });

  it('moves a token with a modification, then migrates with a dry run shown before applying', async (t) => {
    const b = await stack.open('operate-modify-migrate');
    let failed = true;
    try {
      const { page } = b;
      const { processInstanceKey: key } = await stack.api.post('/v2/process-instances', { processDefinitionId: 'browser-review', variables: {} });
      await until(async () => (await stack.api.post('/v2/user-tasks/search', { filter: { processInstanceKey: key, elementId: 'review' } })).items[0], 'the review task');
      await b.signIn(stack.url, 'operator', 'operator-pw', `/monitor/instances/${key}`);
      await page.locator('[data-element-id="review"].osprey-active').first().waitFor();

      // when they move the token from Review to Approve
      await page.getByTestId('modify-instance').click();
      await page.getByTestId('token-review').selectOption('move:approve');
      // then the plan is shown before anything changes
      await page.getByTestId('modification-plan').getByText('Move the token at Review to Approve').waitFor();
      await b.assertAccessible('the modification dialog');
      await page.getByTestId('confirm-modification').click();
      // and after applying, the token waits at Approve
      await page.locator('[data-element-id="approve"].osprey-active').first().waitFor();
      const active = (await stack.api.post('/v2/element-instances/search', { filter: { processInstanceKey: key, state: 'ACTIVE' } })).items.map((e: { elementId: string }) => e.elementId);
      assert.ok(active.includes('approve') && !active.includes('review'), `Expected the token at approve, but active are ${active.join(', ')}`);

      // given version 2, where Review is renamed to Check, and the token moved back to Review
      await stack.api.deploy({ name: 'browser-review.bpmn', content: REVIEW_V2 });
      const approve = (await stack.api.post('/v2/element-instances/search', { filter: { processInstanceKey: key, elementId: 'approve', state: 'ACTIVE' } })).items[0];
      await stack.api.call('POST', `/v2/process-instances/${key}/modification`, { activateInstructions: [{ elementId: 'review' }], terminateInstructions: [{ elementInstanceKey: approve.elementInstanceKey }] });
      await page.reload();
      // when they open Migrate…, the mapping is pre-filled where ids match and Review is unmapped
      await page.getByTestId('migrate-instance').click();
      await page.getByLabel('Target of approve').filter({ has: page.locator('option:checked[value="approve"]') }).waitFor();
      assert.equal(await page.getByLabel('Target of review').inputValue(), '');
      // and the dry run says the waiting task has no target, and Migrate stays off
      await page.getByTestId('migration-dry-run').click();
      await page.getByTestId('migration-check').getByText(/cannot be migrated/).waitFor();
      assert.equal(await page.getByTestId('confirm-migration').isDisabled(), true);
      assert.equal((await stack.api.call('GET', `/v2/process-instances/${key}`)).body.processDefinitionVersion, 1);
      await b.screenshot('dry-run');
      // when they map Review to Check and run the dry run again, it holds
      await page.getByLabel('Target of review').selectOption('check');
      await page.getByTestId('migration-dry-run').click();
      await page.getByTestId('migration-check').getByText('can be migrated').waitFor();
      // and Migrate moves the instance to version 2, as a tracked batch of one
      await page.getByTestId('confirm-migration').click();
      await page.locator('[data-testid="batch"][data-finished="true"]').waitFor();
      await until(async () => ((await stack.api.call('GET', `/v2/process-instances/${key}`)).body.processDefinitionVersion === 2 ? true : undefined), 'version 2');
      const task = (await stack.api.post('/v2/user-tasks/search', { filter: { processInstanceKey: key, state: 'CREATED' } })).items[0];
      assert.equal(task.elementId, 'check');
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
    }
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../../src';
import { linearProcess } from './support/processes';
import { startWebStack, type WebStack } from './support/web-stack';

const PROCESS = linearProcess('browser-payment', 'Payment', [
  { kind: 'start', id: 'start', name: 'Order paid' },
  { kind: 'service', id: 'charge', name: 'Charge card', type: 'browser-charge', retries: 1 },
  { kind: 'end', id: 'end', name: 'Done' },
]);

describe('browser: an operator finds an incident, retries it, and the instance completes', () => {
  let stack: WebStack;

  before(async () => {
    stack = await startWebStack('e2e_browser_monitor');
    await stack.api.deploy({ name: 'browser-payment.bpmn', content: PROCESS });
  });

  after(async () => {
    await stack?.stop();
  });

  /** Activates the charge job as a worker would (REST, no waiting). */
  async function activateCharge(): Promise<{ jobKey: string; processInstanceKey: string }> {
    return until(async () => {
      const { jobs } = await stack.api.post('/v2/jobs/activation', { type: 'browser-charge', maxJobsToActivate: 1, timeout: 60_000, requestTimeout: -1, worker: 'browser-test' });
      return jobs[0];
    }, 'an activatable charge job');
  }

  it('shows the incident on the diagram, edits a variable, retries, and sees the instance complete', async (t) => {
    const b = await stack.open('monitor-incident');
    let failed = true;
    try {
      const { page } = b;
      // given an instance whose job failed with no retries left
      const { processInstanceKey } = await stack.api.post('/v2/process-instances', { processDefinitionId: 'browser-payment', variables: { amount: 250, card: 'declined' } });
      const job = await activateCharge();
      assert.equal(job.processInstanceKey, processInstanceKey);
      await stack.api.post(`/v2/jobs/${job.jobKey}/failure`, { retries: 0, errorMessage: 'Card declined by issuer' });
      await until(async () => (await stack.api.post('/v2/incidents/search', { filter: { processInstanceKey, state: 'ACTIVE' } })).items[0], 'the incident');

      // when an operator opens the monitor
      await b.signIn(stack.url, 'operator', 'operator-pw', '/monitor');
      // then the definition shows one running instance and one incident
      const row = page.getByTestId('definitions-table').locator('tr', { hasText: 'Payment' });
      await row.locator('td.num', { hasText: '1' }).first().waitFor();
      assert.match(await row.innerText(), /Payment\s+browser-payment\s+v1\s+1\s+1/);

      // when they filter the instances with incidents and open the instance
      await page.getByTestId('filter-incidents').check();
      await page.getByTestId('instances-table').getByRole('link', { name: processInstanceKey }).click();
      // then the diagram marks the failed task, and the incident says why
      const view = page.getByTestId('instance-view');
      await view.locator('[data-element-id="charge"].osprey-incident').waitFor();
      await view.getByText('Card declined by issuer').waitFor();
      // and the path taken so far is drawn
      await view.locator('[data-element-id="start"].osprey-completed').waitFor();
      await view.locator('[data-element-id="Flow_1"].osprey-taken').waitFor({ state: 'attached' });
      await b.screenshot('incident');

      // when they fix a variable of the instance
      await page.getByRole('tab', { name: 'Variables' }).click();
      await page.getByRole('button', { name: 'Edit card' }).click();
      await page.getByTestId('variable-value').fill('"valid"');
      await page.getByTestId('save-variable').click();
      await page.getByTestId('variables-table').getByText('"valid"').waitFor();
      const vars = await stack.api.post('/v2/variables/search', { filter: { processInstanceKey, name: 'card' } });
      assert.equal(vars.items[0].value, '"valid"');

      // and retry the incident with two new retries
      await page.getByRole('tab', { name: /Incidents/ }).click();
      await page.getByTestId('retry-incident').click();
      await page.getByTestId('retries').fill('2');
      await page.getByTestId('confirm-retry').click();
      await page.getByText('the job can be worked again').waitFor();
      await view.locator('[data-element-id="charge"].osprey-active').waitFor();

      // then a worker gets the job again, with the retries given, and completes it
      const again = await activateCharge();
      const retried = await stack.api.post('/v2/jobs/search', { filter: { jobKey: again.jobKey } });
      assert.equal(retried.items[0].retries, 2);
      await stack.api.post(`/v2/jobs/${again.jobKey}/completion`, { variables: { receipt: 'R-1' } });

      // and the page shows the instance completed, with its history
      await page.locator('[data-testid="instance-view"][data-state="COMPLETED"]').waitFor({ timeout: 20_000 });
      await view.locator('[data-element-id="end"].osprey-completed').waitFor();
      await page.getByRole('tab', { name: 'History' }).click();
      await page.getByTestId('timeline').getByText('Instance completed').waitFor();
      assert.match(await page.getByTestId('timeline').innerText(), /Incident on “Charge card” resolved/);
      // and every entry names who caused it: the operator's retry, the worker's calls
      const resolved = page.getByTestId('timeline').locator('li', { hasText: 'Incident on “Charge card” resolved' });
      assert.equal(await resolved.getByTestId('timeline-actor').innerText(), 'by operator');
      const started = page.getByTestId('timeline').locator('li', { hasText: 'Instance started' });
      assert.equal(await started.getByTestId('timeline-actor').innerText(), 'by anonymous');
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
    }
  });

  it('shows where tokens wait as a heat map of the definition', async (t) => {
    const b = await stack.open('monitor-heatmap');
    let failed = true;
    try {
      const { page } = b;
      // given three instances waiting at the charge task
      for (let i = 0; i < 3; i++) await stack.api.post('/v2/process-instances', { processDefinitionId: 'browser-payment', variables: { amount: i } });
      const defs = await stack.api.post('/v2/process-definitions/search', { filter: { processDefinitionId: 'browser-payment' } });
      const key = defs.items[0].processDefinitionKey;
      // when the operator opens the definition
      await b.signIn(stack.url, 'operator', 'operator-pw', `/monitor/definitions/${key}`);
      // then the charge task carries the count of waiting tokens
      const badge = page.locator('.osprey-badge-active[data-element-id="charge"]');
      await badge.filter({ hasText: /^[3-9]$/ }).waitFor();
      await page.locator('.osprey-heat').first().waitFor();
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
    }
  });
});

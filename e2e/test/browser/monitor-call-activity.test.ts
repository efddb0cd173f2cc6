import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../../src';
import { linearProcess } from './support/processes';
import { startWebStack, type WebStack } from './support/web-stack';

const PARENT = linearProcess('browser-order', 'Order', [
  { kind: 'start', id: 'start', name: 'Order placed' },
  { kind: 'call', id: 'ship', name: 'Ship order', processId: 'browser-shipping' },
  { kind: 'end', id: 'end', name: 'Done' },
]);
const CHILD = linearProcess('browser-shipping', 'Shipping', [
  { kind: 'start', id: 'start', name: 'Shipping requested' },
  { kind: 'service', id: 'book', name: 'Book carrier', type: 'browser-book-carrier', retries: 1 },
  { kind: 'end', id: 'end', name: 'Shipped' },
]);

describe('browser: an incident in a called instance shows on the caller’s call activity', () => {
  let stack: WebStack;

  before(async () => {
    stack = await startWebStack('e2e_browser_call_incident');
    await stack.api.deploy({ name: 'browser-shipping.bpmn', content: CHILD }, { name: 'browser-order.bpmn', content: PARENT });
  });

  after(async () => {
    await stack?.stop();
  });

  it('marks the call activity, links the child instance, and clears the mark once the incident is resolved', async (t) => {
    const b = await stack.open('monitor-call-incident');
    let failed = true;
    try {
      const { page } = b;
      // given a parent whose called instance's job failed with no retries left
      const { processInstanceKey } = await stack.api.post('/v2/process-instances', { processDefinitionId: 'browser-order', variables: {} });
      const job = await until(async () => {
        const { jobs } = await stack.api.post('/v2/jobs/activation', { type: 'browser-book-carrier', maxJobsToActivate: 1, timeout: 60_000, requestTimeout: -1, worker: 'browser-test' });
        return jobs[0];
      }, 'the child’s job');
      assert.notEqual(job.processInstanceKey, processInstanceKey);
      await stack.api.post(`/v2/jobs/${job.jobKey}/failure`, { retries: 0, errorMessage: 'No carrier available' });
      const incident = await until(
        async () => (await stack.api.post('/v2/incidents/search', { filter: { processInstanceKey: job.processInstanceKey, state: 'ACTIVE' } })).items[0],
        'the child’s incident',
      );
      // and the parent itself has no incident of its own
      assert.equal((await stack.api.post('/v2/incidents/search', { filter: { processInstanceKey } })).items.length, 0);

      // when an operator opens the parent instance
      await b.signIn(stack.url, 'operator', 'operator-pw', `/monitor/instances/${processInstanceKey}`);
      const view = page.getByTestId('instance-view');
      // then the call activity carries the incident marker and badge, like an element's own incident
      await view.locator('[data-element-id="ship"].osprey-incident').waitFor();
      await view.locator('.osprey-badge-incident[data-element-id="ship"]').waitFor();
      // and the page names the child instance that holds it, with its error, and links there
      const note = page.getByTestId('called-incidents').locator('[data-element-id="ship"]');
      await note.getByText('No carrier available').waitFor();
      await b.screenshot('marked');
      await note.getByRole('link', { name: job.processInstanceKey }).click();
      await page.locator(`[data-testid="instance-view"]`).getByText(`instance ${job.processInstanceKey}`).waitFor();
      await view.locator('[data-element-id="book"].osprey-incident').waitFor();

      // when the incident is resolved through REST (new retries for the job, then resolution)
      const patched = await stack.api.call('PATCH', `/v2/jobs/${job.jobKey}`, { changeset: { retries: 1 } });
      assert.equal(patched.status, 204);
      const resolved = await stack.api.call('POST', `/v2/incidents/${incident.incidentKey}/resolution`, {});
      assert.equal(resolved.status, 204);

      // and the operator opens the parent again
      await page.goto(`${stack.url}/monitor/instances/${processInstanceKey}`);
      // then the call activity is active, without the incident marker or the hint
      await view.locator('[data-element-id="ship"].osprey-active').waitFor();
      assert.equal(await view.locator('[data-element-id="ship"].osprey-incident').count(), 0);
      assert.equal(await view.locator('.osprey-badge-incident').count(), 0);
      assert.equal(await page.getByTestId('called-incidents').count(), 0);
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
    }
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { linearProcess, requestForm } from './support/processes';
import { startWebStack, type Rest, type WebStack } from './support/web-stack';

const PROCESS = linearProcess('browser-tenant-order', 'Tenant order', [
  { kind: 'start', id: 'start', name: 'Order placed' },
  { kind: 'service', id: 'pack', name: 'Pack order', type: 'browser-pack' },
  { kind: 'end', id: 'end', name: 'Packed' },
]);

describe('browser: a user of two tenants picks one and the modeler works in it', () => {
  let stack: WebStack;
  let analyst: Rest;
  let operator: Rest;

  before(async () => {
    // the analyst works in two tenants, the operator in tenant-a only
    stack = await startWebStack('e2e_browser_tenants', { OSPREY_MULTI_TENANCY: 'true', OSPREY_DEV_USER_TENANTS: 'analyst:tenant-a,tenant-b;operator:tenant-a' });
    analyst = await stack.api.signedIn('analyst', 'analyst-pw');
    operator = await stack.api.signedIn('operator', 'operator-pw');
  });

  after(async () => {
    await stack?.stop();
  });

  it('saves a draft and deploys in the chosen tenant, remembers the choice, and the other tenant does not see it', async (t) => {
    const b = await stack.open('tenant-picker');
    const single = await stack.open('tenant-picker-single');
    let failed = true;
    try {
      const { page } = b;
      // given the analyst signed in on the modeler
      await b.signIn(stack.url, 'analyst', 'analyst-pw', '/modeler');
      // then the header offers their two tenants
      const picker = page.getByTestId('tenant-picker');
      await picker.waitFor();
      assert.deepEqual(await picker.locator('option').allInnerTexts(), ['tenant-a', 'tenant-b']);

      // when they pick tenant-b and reload, the choice is kept
      await picker.selectOption('tenant-b');
      await page.reload();
      await page.getByTestId('tenant-picker').waitFor();
      assert.equal(await page.getByTestId('tenant-picker').inputValue(), 'tenant-b');

      // when they open a .bpmn file and save it as a draft
      await page.getByTestId('upload-input').setInputFiles({ name: 'browser-tenant-order.bpmn', mimeType: 'application/xml', buffer: Buffer.from(PROCESS) });
      await page.locator('[data-element-id="pack"]').waitFor();
      await page.getByTestId('save-draft').click();
      await page.getByText('Draft of browser-tenant-order saved').waitFor();
      // then the draft is stored in tenant-b, not in tenant-a
      assert.equal((await analyst.call('GET', '/v2/osprey/drafts/browser-tenant-order?tenantId=tenant-b')).status, 200);
      assert.equal((await analyst.call('GET', '/v2/osprey/drafts/browser-tenant-order?tenantId=tenant-a')).status, 404);

      // when they deploy it, the dialog names the tenant
      await page.getByTestId('deploy').click();
      await page.getByTestId('deploy-tenant').filter({ hasText: 'tenant-b' }).waitFor();
      await page.getByTestId('diff-summary').filter({ hasText: 'first version' }).waitFor();
      await page.getByTestId('confirm-deploy').click();
      await page.getByText('Deployed browser-tenant-order as version 1').waitFor();
      await b.screenshot('deployed');

      // then the definition is stored in tenant-b, and its draft there is gone
      const mine = await analyst.post('/v2/process-definitions/search', { filter: { processDefinitionId: 'browser-tenant-order' } });
      assert.deepEqual(
        mine.items.map((d: { tenantId: string; version: number }) => [d.tenantId, d.version]),
        [['tenant-b', 1]],
      );
      assert.equal((await analyst.call('GET', '/v2/osprey/drafts/browser-tenant-order?tenantId=tenant-b')).status, 404);
      // and a user of tenant-a only does not see it
      const theirs = await operator.post('/v2/process-definitions/search', { filter: { processDefinitionId: 'browser-tenant-order' } });
      assert.equal(theirs.items.length, 0);

      // when the analyst switches to tenant-a, the modeler's list no longer shows the process
      const list = page.getByRole('navigation', { name: 'Processes' });
      await list.getByText('browser-tenant-order').first().waitFor();
      await page.getByTestId('tenant-picker').selectOption('tenant-a');
      await list.getByText('No processes yet').waitFor();

      // and the user of one tenant gets no picker and an empty list
      await single.signIn(stack.url, 'operator', 'operator-pw', '/modeler');
      await single.page.getByRole('navigation', { name: 'Processes' }).getByText('No processes yet').waitFor();
      assert.equal(await single.page.getByTestId('tenant-picker').count(), 0);
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
      await single.finish(failed || Boolean(t.signal.aborted));
    }
  });

  it('offers each user only the processes of their tenants to start, and starts with the start form of the process’s tenant', async (t) => {
    const b = await stack.open('tenant-start');
    const other = await stack.open('tenant-start-operator');
    let failed = true;
    try {
      // given a process with a start form deployed in tenant-b only
      const purchase = linearProcess('browser-tenant-purchase', 'Tenant purchase', [
        { kind: 'start', id: 'start', formId: 'tenant-purchase-request' },
        { kind: 'user', id: 'approve', name: 'Approve purchase', candidateGroups: 'approvers' },
        { kind: 'end', id: 'end' },
      ]);
      await analyst.deployIn('tenant-b', { name: 'browser-tenant-purchase.bpmn', content: purchase }, { name: 'tenant-purchase-request.form', content: requestForm('tenant-purchase-request') });
      // when the operator (tenant-a only) opens the Processes tab, it is not offered
      await other.signIn(stack.url, 'operator', 'operator-pw', '/tasks/processes');
      await other.page.getByTestId('process-catalog').waitFor({ state: 'attached' });
      await other.page.getByText(/No processes are deployed yet|Tenant order/).first().waitFor();
      assert.equal(await other.page.getByText('Tenant purchase').count(), 0);
      // and the engine refuses them its start too
      const def = (await analyst.post('/v2/process-definitions/search', { filter: { processDefinitionId: 'browser-tenant-purchase' } })).items[0];
      assert.equal((await operator.call('POST', '/v2/process-instances', { processDefinitionKey: def.processDefinitionKey })).status, 404);

      // when the analyst (tenant-a and tenant-b) starts it from the Processes tab
      const { page } = b;
      await b.signIn(stack.url, 'analyst', 'analyst-pw', '/tasks/processes');
      const card = page.locator('[data-process-id="browser-tenant-purchase"]');
      await card.getByText('tenant-b').waitFor();
      await page.getByRole('button', { name: 'Start Tenant purchase' }).click();
      // then the form of tenant-b is shown, and the instance starts in tenant-b
      await page.getByLabel('Requester').fill('Ana');
      await page.getByLabel('Amount').fill('70');
      await page.getByTestId('confirm-start').click();
      await page.waitForURL(/\/monitor\/instances\/\d+$/);
      const key = /(\d+)$/.exec(page.url())![1];
      const instance = await analyst.call('GET', `/v2/process-instances/${key}`);
      assert.equal(instance.body.tenantId, 'tenant-b');
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
      await other.finish(failed || Boolean(t.signal.aborted));
    }
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../../src';
import { linearProcess, requestForm } from './support/processes';
import { startWebStack, type BrowserPage, type WebStack } from './support/web-stack';

const WITH_FORM = linearProcess('browser-purchase', 'Purchase request', [
  { kind: 'start', id: 'start', name: 'Request made', formId: 'purchase-request' },
  { kind: 'user', id: 'approve', name: 'Approve purchase', candidateGroups: 'approvers' },
  { kind: 'end', id: 'end' },
]);

const WITHOUT_FORM = linearProcess('browser-refund', 'Refund', [
  { kind: 'start', id: 'start' },
  { kind: 'user', id: 'check', name: 'Check refund', candidateGroups: 'approvers' },
  { kind: 'end', id: 'end' },
]);

describe('browser: people start instances from the inbox, the modeler and the monitor', () => {
  let stack: WebStack;

  before(async () => {
    stack = await startWebStack('e2e_browser_start');
    await stack.api.deploy({ name: 'browser-purchase.bpmn', content: WITH_FORM }, { name: 'purchase-request.form', content: requestForm('purchase-request') });
    await stack.api.deploy({ name: 'browser-refund.bpmn', content: WITHOUT_FORM });
  });

  after(async () => {
    await stack?.stop();
  });

  /** The variables of an instance, parsed. */
  async function variablesOf(processInstanceKey: string): Promise<Record<string, unknown>> {
    const { items } = await stack.api.post('/v2/variables/search', { filter: { processInstanceKey } });
    return Object.fromEntries(items.map((v: { name: string; value: string }) => [v.name, JSON.parse(v.value)]));
  }

  /** The instance the monitor opened after a start: its key from the address, once the view shows it. */
  async function openedInstance(b: BrowserPage): Promise<string> {
    await b.page.waitForURL(/\/monitor\/instances\/\d+$/);
    await b.page.getByTestId('instance-view').waitFor();
    return /\/monitor\/instances\/(\d+)$/.exec(b.page.url())![1];
  }

  it('starts a process with a start form from the inbox’s Processes tab and opens the instance in the monitor', async (t) => {
    const b = await stack.open('start-inbox-form');
    let failed = true;
    try {
      const { page } = b;
      // given an approver-and-starter in the inbox
      await b.signIn(stack.url, 'approver', 'approver-pw', '/tasks');
      // when they open the Processes tab, both deployed processes are offered
      await page.getByRole('link', { name: 'Processes' }).click();
      const catalog = page.getByTestId('process-catalog');
      await catalog.getByText('Purchase request', { exact: true }).waitFor();
      await catalog.getByText('Refund', { exact: true }).waitFor();
      await b.assertAccessible('the Processes tab');
      // when they start the purchase request, its start form is shown
      await page.getByRole('button', { name: 'Start Purchase request' }).click();
      const dialog = page.getByRole('dialog', { name: 'Start Purchase request' });
      await dialog.getByLabel('Requester').waitFor();
      // and starting with the required amount empty is refused by the form, nothing started
      await dialog.getByLabel('Requester').fill('Kim');
      await page.getByTestId('confirm-start').click();
      await dialog.getByText('Some fields need attention.').waitFor();
      assert.equal((await stack.api.post('/v2/process-instances/search', { filter: { processDefinitionId: 'browser-purchase' } })).items.length, 0);
      await b.screenshot('form');
      await b.assertAccessible('the start form');
      // when they fill it in and start
      await dialog.getByLabel('Amount').fill('240');
      await page.getByTestId('confirm-start').click();
      // then the new instance opens in the monitor, with the form's values as variables
      const key = await openedInstance(b);
      assert.deepEqual(await variablesOf(key), { requester: 'Kim', amount: 240 });
      const instance = await stack.api.call('GET', `/v2/process-instances/${key}`);
      assert.equal(instance.body.processDefinitionId, 'browser-purchase');
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
    }
  });

  it('starts a process without a form with JSON variables, refusing JSON that is not an object', async (t) => {
    const b = await stack.open('start-inbox-json');
    let failed = true;
    try {
      const { page } = b;
      await b.signIn(stack.url, 'approver', 'approver-pw', '/tasks/processes');
      await page.getByRole('button', { name: 'Start Refund' }).click();
      const editor = page.getByTestId('start-variables');
      // when they type JSON that does not parse, the editor says why and Start is off
      await editor.fill('{"amount": 12,');
      await page.getByTestId('start-variables-problem').filter({ hasText: /^Expected JSON/ }).waitFor();
      assert.equal(await page.getByTestId('confirm-start').isDisabled(), true);
      // and an array is no set of variables either
      await editor.fill('[1, 2]');
      await page.getByTestId('start-variables-problem').filter({ hasText: 'but found an array' }).waitFor();
      await b.assertAccessible('the variables editor with a problem');
      // when they type an object and start
      await editor.fill('{"amount": 12.5, "reason": "damaged"}');
      await page.getByTestId('confirm-start').click();
      // then the instance runs with those variables and opens in the monitor
      const key = await openedInstance(b);
      assert.deepEqual(await variablesOf(key), { amount: 12.5, reason: 'damaged' });
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
    }
  });

  it('deploys and runs from the modeler, and starts from the monitor’s definition page', async (t) => {
    const b = await stack.open('start-modeler-monitor');
    let failed = true;
    try {
      const { page } = b;
      const v1 = (await stack.api.post('/v2/process-definitions/search', { filter: { processDefinitionId: 'browser-refund' } })).items[0];
      // given the analyst has the deployed refund process open in the modeler
      await b.signIn(stack.url, 'analyst', 'analyst-pw', `/modeler/browser-refund?version=${v1.processDefinitionKey}`);
      await page.locator('g.djs-shape', { hasText: 'Check refund' }).first().waitFor();
      // when they choose Deploy, then Deploy & run
      await page.getByTestId('deploy').click();
      await page.getByTestId('deploy-and-run').click();
      // then version 2 is deployed and its start dialog opens (no form: JSON variables)
      await page.getByText('Deployed browser-refund as version 2').waitFor();
      await page.getByTestId('start-variables').fill('{"amount": 99}');
      await page.getByTestId('confirm-start').click();
      // and the instance of version 2 opens in the monitor
      const key = await openedInstance(b);
      const instance = await stack.api.call('GET', `/v2/process-instances/${key}`);
      assert.equal(instance.body.processDefinitionVersion, 2);
      assert.deepEqual(await variablesOf(key), { amount: 99 });

      // when they open the purchase request's page in the monitor and start it there
      const purchase = (await stack.api.post('/v2/process-definitions/search', { filter: { processDefinitionId: 'browser-purchase' } })).items[0];
      await page.goto(`${stack.url}/monitor/definitions/${purchase.processDefinitionKey}`);
      await page.getByTestId('start').click();
      const dialog = page.getByRole('dialog', { name: 'Start Purchase request' });
      await dialog.getByLabel('Requester').fill('Lee');
      await dialog.getByLabel('Amount').fill('15');
      await page.getByTestId('confirm-start').click();
      // then that instance opens too, with the form's values
      const second = await openedInstance(b);
      assert.deepEqual(await variablesOf(second), { requester: 'Lee', amount: 15 });
      // and its approval task is waiting for the approvers
      await until(async () => (await stack.api.post('/v2/user-tasks/search', { filter: { processInstanceKey: second } })).items[0], 'the approval task');
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
    }
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../../src';
import { linearProcess } from './support/processes';
import { startWebStack, type WebStack } from './support/web-stack';

const PROCESS = linearProcess('browser-invoice', 'Invoice approval', [
  { kind: 'start', id: 'start' },
  { kind: 'user', id: 'approve', name: 'Approve invoice', candidateGroups: 'approvers' },
  { kind: 'end', id: 'end' },
]);

describe('browser: the default development users show the rights model', () => {
  let stack: WebStack;

  before(async () => {
    // No OSPREY_DEV_USERS: the engine's own default users demo, maria and admin.
    stack = await startWebStack('e2e_browser_default_users', { OSPREY_DEV_USERS: '' });
    await stack.api.deploy({ name: 'browser-invoice.bpmn', content: PROCESS });
  });

  after(async () => {
    await stack?.stop();
  });

  it('refuses maria a task of approvers, and the next user after sign-out starts on their own page', async (t) => {
    const b = await stack.open('default-users');
    let failed = true;
    try {
      const { page } = b;
      // given a task offered to the approvers group
      const { processInstanceKey } = await stack.api.post('/v2/process-instances', { processDefinitionId: 'browser-invoice', variables: { amount: 900 } });
      const task = await until(async () => (await stack.api.post('/v2/user-tasks/search', { filter: { processInstanceKey } })).items[0], 'the approval task');

      // when maria (approver, group managers only) looks at her group tasks
      await b.signIn(stack.url, 'maria', 'maria', '/tasks');
      await page.getByRole('tab', { name: 'Group tasks' }).click();
      // then the approvers' task is not offered to her
      await page.getByText('No unassigned tasks for managers.').waitFor();
      assert.equal(await page.locator(`[data-task-key="${task.userTaskKey}"]`).count(), 0);
      // and opening it by its address is refused by the engine, with its reason
      await page.goto(`${stack.url}/tasks/${task.userTaskKey}`);
      await page.locator('.error-note').filter({ hasText: `task '${task.userTaskKey}' is neither` }).waitFor();
      assert.equal(await page.getByTestId('claim').count(), 0);
      await b.screenshot('maria-refused');
      await b.assertAccessible('a refused task');
      // and claiming it over the API with her token is refused too
      const maria = await stack.api.signedIn('maria', 'maria');
      assert.equal((await maria.call('POST', `/v2/user-tasks/${task.userTaskKey}/assignment`, { assignee: 'maria' })).status, 403);
      // and she may start nothing
      await page.goto(`${stack.url}/tasks/processes`);
      await page.getByText('Your roles do not include starting processes.').waitFor();

      // when she signs out and demo (approvers, managers) signs in
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/sign-in$/);
      await page.getByLabel('Username').fill('demo');
      await page.getByLabel('Password').fill('demo');
      await page.getByRole('button', { name: 'Sign in' }).click();
      // then demo starts on the inbox, not on maria's last page
      await page.getByTestId('signed-in-user').filter({ hasText: 'demo' }).waitFor();
      await page.waitForURL(/\/tasks$/);
      // and the task is offered to demo, who claims it
      await page.getByRole('tab', { name: 'Group tasks' }).click();
      await page.locator(`[data-task-key="${task.userTaskKey}"]`).click();
      await page.getByTestId('claim').click();
      await page.getByTestId('assignee').filter({ hasText: 'demo (you)' }).waitFor();

      // when admin, the administrator, signs in and opens the audit log from the monitor
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('Username').fill('admin');
      await page.getByLabel('Password').fill('admin');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('signed-in-user').filter({ hasText: 'admin' }).waitFor();
      await page.getByRole('link', { name: 'Monitor' }).click();
      await page.getByRole('link', { name: 'Audit log' }).click();
      // then maria's refused claim is there, with who tried it
      await page.getByTestId('audit-actor').fill('maria');
      await page.getByTestId('audit-actor').press('Enter');
      const rows = page.getByTestId('audit-table').locator('tbody tr');
      await until(async () => ((await rows.count()) > 0 && (await rows.filter({ hasNotText: 'maria' }).count()) === 0 ? true : undefined), 'only maria’s entries');
      const row = rows.filter({ hasText: '/assignment' });
      await row.getByText('denied').waitFor();
      assert.match(await row.innerText(), /maria/);
      await b.assertAccessible('the audit log');
      // and demo, who is no administrator, is not offered it
      const demo = await stack.api.signedIn('demo', 'demo');
      assert.equal((await demo.call('POST', '/v2/audit/search', {})).status, 403);
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
    }
  });
});

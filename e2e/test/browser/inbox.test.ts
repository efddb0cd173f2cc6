import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../../src';
import { linearProcess, reviewForm } from './support/processes';
import { startWebStack, type WebStack } from './support/web-stack';

const PROCESS = linearProcess('browser-expense', 'Expense approval', [
  { kind: 'start', id: 'start' },
  { kind: 'user', id: 'review', name: 'Review expense', candidateGroups: 'approvers', formId: 'expense-review', dueDate: '2020-01-06T09:00:00Z', priority: 80 },
  { kind: 'end', id: 'end' },
]);

describe('browser: an approver works a task in the inbox', () => {
  let stack: WebStack;

  before(async () => {
    stack = await startWebStack('e2e_browser_inbox');
    await stack.api.deploy({ name: 'browser-expense.bpmn', content: PROCESS }, { name: 'expense-review.form', content: reviewForm('expense-review') });
  });

  after(async () => {
    await stack?.stop();
  });

  /** Starts an instance through the API, as another system would; returns its open task. */
  async function startExpense(requester: string): Promise<{ processInstanceKey: string; userTaskKey: string }> {
    const { processInstanceKey } = await stack.api.post('/v2/process-instances', { processDefinitionId: 'browser-expense', variables: { requester, amount: 120 } });
    const task = await until(
      async () => (await stack.api.post('/v2/user-tasks/search', { filter: { processInstanceKey, state: 'CREATED' } })).items[0],
      'the review task',
    );
    return { processInstanceKey, userTaskKey: task.userTaskKey };
  }

  it('claims the task, is refused with a required field empty, completes it with the form', async (t) => {
    const b = await stack.open('inbox-complete');
    let failed = true;
    try {
      const { page } = b;
      // given an instance started through the API, with a task offered to the approvers group
      const { processInstanceKey, userTaskKey } = await startExpense('Kim');
      // when a member of the group signs in and opens the group tasks
      await b.signIn(stack.url, 'approver', 'approver-pw', '/tasks');
      await page.getByRole('tab', { name: 'Group tasks' }).click();
      const card = page.locator(`[data-task-key="${userTaskKey}"]`);
      // then the task is listed, marked overdue
      await card.waitFor();
      assert.match(await card.innerText(), /Review expense/);
      assert.match(await card.innerText(), /overdue/);

      // when they open and claim it
      await card.click();
      const detail = page.getByTestId('task-detail');
      await detail.getByText('Review the expense').waitFor();
      await page.getByTestId('claim').click();
      // then it is theirs
      await page.getByTestId('assignee').filter({ hasText: 'approver (you)' }).waitFor();
      const claimed = await stack.api.call('GET', `/v2/user-tasks/${userTaskKey}`);
      assert.equal(claimed.body.assignee, 'approver');

      // when they complete it with the required comment left empty
      await page.getByTestId('complete').click();
      // then the form refuses and the task stays open
      await page.getByText('Some fields need attention').waitFor();
      await detail.locator('.fjs-form-field-error').first().waitFor();
      assert.equal((await stack.api.call('GET', `/v2/user-tasks/${userTaskKey}`)).body.state, 'CREATED');
      await b.screenshot('required');

      // when they fill the form and complete
      await page.getByLabel('Comment').fill('Receipts attached, fine by me');
      await page.getByLabel('Approved').check();
      await page.getByTestId('complete').click();
      // then the task is completed with the form's variables
      await page.getByText('“Review expense” completed').waitFor();
      const done = await stack.api.call('GET', `/v2/user-tasks/${userTaskKey}`);
      assert.equal(done.body.state, 'COMPLETED');
      const vars = await stack.api.post('/v2/variables/search', { filter: { processInstanceKey } });
      const byName = Object.fromEntries(vars.items.map((v: { name: string; value: string }) => [v.name, JSON.parse(v.value)]));
      assert.equal(byName.comment, 'Receipts attached, fine by me');
      assert.equal(byName.approved, true);
      // and it has left the lists without a reload
      await page.getByRole('tab', { name: 'My tasks' }).click();
      await card.waitFor({ state: 'detached' });
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
    }
  });

  it('shows the engine’s message when the task was completed elsewhere, and someone else’s claim is refused', async (t) => {
    const b = await stack.open('inbox-conflict');
    let failed = true;
    try {
      const { page } = b;
      // given a task the approver has claimed and opened
      const { userTaskKey } = await startExpense('Lee');
      await b.signIn(stack.url, 'approver', 'approver-pw', `/tasks/${userTaskKey}`);
      await page.getByTestId('claim').click();
      await page.getByTestId('assignee').filter({ hasText: 'approver (you)' }).waitFor();
      // then another member of the group cannot take it over
      const taken = await stack.api.call('POST', `/v2/user-tasks/${userTaskKey}/assignment`, { assignee: 'other', allowOverride: false });
      assert.equal(taken.status, 409);
      // when the task is completed elsewhere while the page has not refreshed yet (its
      // re-reads of the task are held back, so the page still shows it open)
      await page.getByLabel('Comment').fill('late');
      await page.route(`**/v2/user-tasks/${userTaskKey}`, (route) => route.abort());
      await stack.api.post(`/v2/user-tasks/${userTaskKey}/completion`, { variables: { comment: 'done by phone' } });
      // and the approver completes it in the browser
      await page.getByTestId('complete').click();
      // then the page shows the engine's problem detail
      await page.locator('.error-note').filter({ hasText: `Expected user task '${userTaskKey}' to be open, but it is COMPLETED` }).waitFor();
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
    }
  });

  it('works on a 390-pixel-wide phone screen', async (t) => {
    const b = await stack.open('inbox-phone', { width: 390, height: 844 });
    let failed = true;
    try {
      const { page } = b;
      // given an open task for the approvers
      const { userTaskKey } = await startExpense('Sam');
      // when the approver opens the group list on a phone
      await b.signIn(stack.url, 'approver', 'approver-pw', '/tasks');
      await page.getByRole('tab', { name: 'Group tasks' }).click();
      const card = page.locator(`[data-task-key="${userTaskKey}"]`);
      await card.waitFor();
      // then nothing is wider than the screen
      assert.ok((await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number)) <= 390);
      await b.screenshot('list');
      // when they open the task, it takes the whole screen and the form fits
      await card.click();
      await page.getByTestId('claim').click();
      await page.getByTestId('assignee').filter({ hasText: 'approver (you)' }).waitFor();
      await page.getByLabel('Comment').waitFor();
      assert.equal(await page.locator('.task-list').isVisible(), false);
      assert.ok((await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number)) <= 390);
      const box = await page.getByTestId('complete').boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `Expected the Complete button on screen, but it is at ${JSON.stringify(box)}`);
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
    }
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../../src';
import { linearProcess } from './support/processes';
import { startWebStack, type WebStack } from './support/web-stack';

const TRAVEL = linearProcess('browser-travel', 'Travel request', [
  { kind: 'start', id: 'start' },
  {
    kind: 'user',
    id: 'approveTrip',
    name: 'Approve trip',
    candidateGroups: 'approvers',
    followUpDate: '=followUp',
    headers: { cardVariables: 'destination,amount' },
  },
  { kind: 'end', id: 'end' },
]);

describe('browser: the inbox shows enough to tell tasks apart, in the views an approver needs', () => {
  let stack: WebStack;

  before(async () => {
    stack = await startWebStack('e2e_browser_inbox_views');
    await stack.api.deploy({ name: 'browser-travel.bpmn', content: TRAVEL });
  });

  after(async () => {
    await stack?.stop();
  });

  /** Starts a trip; returns its open task's key. */
  async function trip(destination: string, amount: number, followUp: string): Promise<string> {
    const { processInstanceKey } = await stack.api.post('/v2/process-instances', { processDefinitionId: 'browser-travel', variables: { destination, amount, followUp } });
    const task = await until(async () => (await stack.api.post('/v2/user-tasks/search', { filter: { processInstanceKey } })).items[0], 'the trip task');
    return task.userTaskKey;
  }

  it('shows process name and business variables on cards, sorts by follow-up, shows filters, delegates to known users, lists completed tasks', async (t) => {
    const b = await stack.open('inbox-views');
    let failed = true;
    try {
      const { page } = b;
      // given two trips with different destinations and follow-up dates
      const lisbon = await trip('Lisbon', 1200, '2030-03-01T09:00:00Z');
      const oslo = await trip('Oslo', 800, '2030-01-01T09:00:00Z');
      await b.signIn(stack.url, 'approver', 'approver-pw', '/tasks');
      await page.getByRole('tab', { name: 'Group tasks' }).click();
      // then each card names the process and shows the task's business variables
      const lisbonCard = page.locator(`[data-task-key="${lisbon}"]`);
      await lisbonCard.getByTestId('card-variables').getByText('"Lisbon"').waitFor();
      assert.match(await lisbonCard.innerText(), /Travel request/);
      assert.match(await lisbonCard.getByTestId('card-variables').innerText(), /amount\s*1200/);
      await page.locator(`[data-task-key="${oslo}"]`).getByText('"Oslo"').waitFor();

      // when they sort by follow-up date, Oslo (January) comes before Lisbon (March)
      await page.getByText('Filters and order').click();
      await page.getByLabel('Sort by').selectOption('followUp');
      await until(async () => {
        const keys = await page.locator('[data-task-key]').evaluateAll((els) => els.map((e) => e.getAttribute('data-task-key')));
        return keys.indexOf(oslo) >= 0 && keys.indexOf(oslo) < keys.indexOf(lisbon) ? true : undefined;
      }, 'Oslo first');

      // when they filter by a variable, the filter is shown as a chip that removes it
      await page.getByLabel('Variable name').fill('destination');
      await page.getByLabel('Variable value').fill('Oslo');
      await page.getByLabel('Variable value').press('Enter');
      const chips = page.getByTestId('active-filters');
      await chips.getByText('destination = Oslo').waitFor();
      await lisbonCard.waitFor({ state: 'detached' });
      await b.assertAccessible('the inbox with a filter');
      await chips.getByRole('button', { name: 'Remove filter destination = Oslo' }).click();
      await lisbonCard.waitFor();

      // when they claim Lisbon and delegate it, only known users are offered
      await lisbonCard.click();
      await page.getByTestId('claim').click();
      await page.getByTestId('assignee').filter({ hasText: 'approver (you)' }).waitFor();
      await page.getByRole('button', { name: 'Delegate…' }).click();
      await page.getByTestId('delegate-to').locator('option[value="other"]').waitFor({ state: 'attached' });
      const offered = await page.getByTestId('delegate-to').locator('option').allInnerTexts();
      assert.deepEqual(
        offered.map((o) => o.split(' ')[0]),
        ['Choose', 'analyst', 'operator', 'other'],
      );
      await page.getByTestId('delegate-to').selectOption('other');
      await page.getByRole('button', { name: 'Delegate', exact: true }).click();
      await page.getByText('Task delegated to other').waitFor();
      assert.equal((await stack.api.call('GET', `/v2/user-tasks/${lisbon}`)).body.assignee, 'other');

      // when Oslo is completed, the Completed view lists it with its variables
      await stack.api.post(`/v2/user-tasks/${oslo}/completion`, {});
      await page.getByRole('tab', { name: 'Completed' }).click();
      const done = page.locator(`[data-task-key="${oslo}"]`);
      await done.getByText(/Completed/).waitFor();
      // the card's variables load after the list itself
      await done.getByText('"Oslo"').waitFor();
      await b.screenshot('completed');
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
    }
  });
});

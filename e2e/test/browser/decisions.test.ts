import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { until } from '../../src';
import { startWebStack, type WebStack } from './support/web-stack';

function fixture(name: string): string {
  return readFileSync(join(__dirname, '../../../test/fixtures', name), 'utf8');
}

describe('browser: an analyst edits a decision table, tries it, deploys it, and the monitor explains the decision', () => {
  let stack: WebStack;

  before(async () => {
    stack = await startWebStack('e2e_browser_decisions');
  });

  after(async () => {
    await stack?.stop();
  });

  it('edits a rule, sees it match in "try it", deploys, and finds the matched rule in the monitor', async (t) => {
    const b = await stack.open('decisions');
    let failed = true;
    try {
      const { page } = b;
      // given the DMN file of a Camunda Modeler user, uploaded into the decision modeler
      await b.signIn(stack.url, 'analyst', 'analyst-pw', '/decisions');
      await page.getByTestId('dmn-upload').setInputFiles({ name: 'discount.dmn', mimeType: 'application/xml', buffer: Buffer.from(fixture('discount.dmn')) });
      await page.getByTestId('dmn-file-name').filter({ hasText: 'discount.dmn' }).waitFor();

      // and the file checks out as the engine will check it on deployment
      await page.getByTestId('dmn-check').click();
      await page.getByTestId('dmn-problems').getByText('No problems found.').waitFor();

      // when they open the tier table and lower the gold threshold from 50 to 40 orders
      await page.getByRole('tab', { name: 'Customer tier' }).click();
      const cell = page.getByTestId('dmn-canvas').locator('td', { hasText: '>= 50' }).first();
      await cell.click();
      await page.keyboard.press('End');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('40');
      await page.getByTestId('dmn-canvas').locator('td', { hasText: '>= 40' }).first().waitFor();
      // (a typo in a cell would be listed by the check, naming the rule)
      await page.keyboard.type(' >');
      await page.getByTestId('dmn-check').click();
      await page.getByTestId('dmn-problems').getByText(/'Rule_gold': Expected valid FEEL unary tests in the input entry 1 of rule 'Rule_gold'/).waitFor();
      await page.getByTestId('dmn-canvas').locator('td', { hasText: '>= 40 >' }).first().click();
      await page.keyboard.press('End');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.getByTestId('dmn-check').click();
      await page.getByTestId('dmn-problems').getByText('No problems found.').waitFor();

      // and try the table with a customer of 45 orders
      await page.getByTestId('try-decision').selectOption('customer-tier');
      await page.getByTestId('try-variables').fill('{"customer": {"orders": 45}}');
      await page.getByTestId('try-run').click();
      // then the edited first rule matches and the output is gold
      await page.getByTestId('try-output').filter({ hasText: '"gold"' }).waitFor();
      assert.match(await page.getByTestId('evaluated-customer-tier').getByTestId('matched-rule').innerText(), /Rule 1 \(Rule_gold\) matched → tier = "gold"/);
      await b.screenshot('try');

      // when they deploy it
      await page.getByTestId('dmn-deploy').click();
      await page.getByText('Deployed discount.dmn: 2 decisions').waitFor();
      const deployed = await stack.api.post('/v2/decision-definitions/search', { filter: { decisionDefinitionId: 'customer-tier' } });
      assert.equal(deployed.items.length, 1);

      // and a process that calls the decision runs for that customer
      await stack.api.deploy({ name: 'discount-order.bpmn', content: fixture('discount-order.bpmn') });
      const { processInstanceKey } = await stack.api.post('/v2/process-instances', { processDefinitionId: 'e2e-discount-order', variables: { customer: { orders: 45 }, amount: 100 } });
      await until(async () => (await stack.api.post('/v2/decision-instances/search', { filter: { processInstanceKey } })).items.length === 2, 'the decision instances');

      // then the monitor shows the decisions it evaluated, with the rules that matched
      await page.goto(`${stack.url}/monitor/instances/${processInstanceKey}`);
      const decisions = page.getByTestId('instance-decisions');
      await decisions.waitFor();
      assert.match(await decisions.getByTestId('evaluated-customer-tier').innerText(), /Orders last year\s*45[\s\S]*Rule 1 \(Rule_gold\) matched → tier = "gold"/);
      assert.match(await decisions.getByTestId('evaluated-discount').innerText(), /Rule 2 \(Rule_gold_small\) matched → rate = 0.1, reason = "gold customer"/);
      // and draws each table with the matched rule highlighted
      const table = decisions.getByTestId('decision-table-discount');
      await table.locator('td.osprey-matched-cell[data-row-id="Rule_gold_small"]').first().waitFor();
      assert.equal(await table.locator('td.osprey-matched-cell').count(), await table.locator('td[data-row-id="Rule_gold_small"]').count());
      await decisions.scrollIntoViewIfNeeded();
      await b.screenshot('monitor');
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
    }
  });

  it('offers the deployed decisions in the business-rule task properties', async (t) => {
    const b = await stack.open('decision-picker');
    let failed = true;
    try {
      const { page } = b;
      // given deployed decisions and a process whose business-rule task names no deployed one
      await stack.api.deploy({ name: 'discount.dmn', content: fixture('discount.dmn') });
      const bpmn = fixture('discount-order.bpmn').replace(/e2e-discount-order/g, 'e2e-picker').replace('decisionId="discount"', 'decisionId="to-be-chosen"');
      await stack.api.deploy({ name: 'picker.bpmn', content: bpmn });
      // when the analyst opens it in the modeler and selects the task
      await b.signIn(stack.url, 'analyst', 'analyst-pw', '/modeler/e2e-picker');
      await page.locator('[data-element-id="Task_discount"]').click();
      const header = page.locator('[data-group-id="group-calledDecision"] .bio-properties-panel-group-header');
      if (!(await header.getAttribute('class'))?.split(' ').includes('open')) await header.click();
      // then the deployed decisions are offered, and choosing one writes its id into the task
      const picker = page.locator('#bio-properties-panel-osprey-deployed-decision');
      await picker.locator('option', { hasText: 'Discount (discount)' }).waitFor({ state: 'attached' });
      assert.equal(await picker.inputValue(), '');
      await picker.selectOption('customer-tier');
      // the select shows what the model holds, so it only reads the new id once the task has it
      await until(async () => (await picker.inputValue()) === 'customer-tier', 'the chosen decision id in the task');
      await b.screenshot('picker');
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
    }
  });
});

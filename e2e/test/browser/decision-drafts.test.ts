import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWebStack, type WebStack } from './support/web-stack';

function fixture(name: string): string {
  return readFileSync(join(__dirname, '../../../test/fixtures', name), 'utf8');
}

describe('browser: an analyst keeps a decision file as a draft, apart from the process drafts', () => {
  let stack: WebStack;

  before(async () => {
    stack = await startWebStack('e2e_browser_decision_drafts');
  });

  after(async () => {
    await stack?.stop();
  });

  it('saves an edited table as a draft, reopens it, sees only process drafts in the modeler, and the draft goes on deployment', async (t) => {
    const b = await stack.open('decision-drafts');
    let failed = true;
    try {
      const { page } = b;
      // given a colleague's process draft on the server
      const orderFlow = fixture('discount-order.bpmn');
      assert.equal((await stack.api.call('PUT', '/v2/osprey/drafts/e2e-discount-order', { xml: orderFlow, name: 'Discount order' })).status, 200);
      // and an analyst in the decision editor with a Camunda Modeler file, whose gold threshold they lower to 40
      await b.signIn(stack.url, 'analyst', 'analyst-pw', '/decisions');
      await page.getByTestId('dmn-upload').setInputFiles({ name: 'discount.dmn', mimeType: 'application/xml', buffer: Buffer.from(fixture('discount.dmn')) });
      await page.getByTestId('dmn-file-name').filter({ hasText: 'discount.dmn' }).waitFor();
      await page.getByRole('tab', { name: 'Customer tier' }).click();
      await page.getByTestId('dmn-canvas').locator('td', { hasText: '>= 50' }).first().click();
      await page.keyboard.press('End');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('40');
      await page.getByTestId('dmn-canvas').locator('td', { hasText: '>= 40' }).first().waitFor();

      // when they save it as a draft
      await page.getByTestId('dmn-save-draft').click();
      await page.getByText('Draft of discount-rules saved').waitFor();
      // then it is stored as a DMN draft under the file's definitions id, with the edit
      const saved = await stack.api.call('GET', '/v2/osprey/drafts/discount-rules?kind=dmn');
      assert.equal(saved.status, 200);
      assert.equal(saved.body.updatedBy, 'analyst');
      assert.match(saved.body.xml, /<text>&gt;= 40<\/text>/);
      // and the decision editor lists it, but not the process draft
      const drafts = page.getByTestId('dmn-drafts');
      await drafts.getByTestId('open-draft-discount-rules').waitFor();
      assert.equal(await drafts.getByText('Discount order').count(), 0);

      // when they start a new file and reopen the draft
      await page.getByRole('button', { name: 'New', exact: true }).click();
      await page.getByRole('tab', { name: 'New decision' }).waitFor();
      await page.getByTestId('open-draft-discount-rules').click();
      // then the edited table is back
      await page.getByTestId('dmn-file-name').filter({ hasText: 'discount-rules.dmn' }).waitFor();
      await page.getByRole('tab', { name: 'Customer tier' }).click();
      await page.getByTestId('dmn-canvas').locator('td', { hasText: '>= 40' }).first().waitFor();
      await b.screenshot('reopened');

      // when they look at the process modeler's list
      await page.goto(`${stack.url}/modeler`);
      const processes = page.getByRole('navigation', { name: 'Processes' });
      // then it shows the process draft and not the decision file's
      await processes.getByText('Discount order').waitFor();
      assert.equal(await processes.getByText('discount-rules').count(), 0);

      // when the analyst deploys the decision file from its draft
      await page.goto(`${stack.url}/decisions`);
      await page.getByTestId('open-draft-discount-rules').click();
      await page.getByTestId('dmn-file-name').filter({ hasText: 'discount-rules.dmn' }).waitFor();
      await page.getByTestId('dmn-deploy').click();
      await page.getByText('Deployed discount-rules.dmn: 2 decisions').waitFor();
      // then its draft is gone, the deployed tier table has the edit, and the process draft stays
      await page.getByTestId('dmn-drafts').waitFor({ state: 'detached' });
      assert.equal((await stack.api.call('GET', '/v2/osprey/drafts/discount-rules?kind=dmn')).status, 404);
      assert.equal((await stack.api.call('GET', '/v2/osprey/drafts/e2e-discount-order')).status, 200);
      const evaluation = await stack.api.post('/v2/decision-definitions/evaluation', { decisionDefinitionId: 'customer-tier', variables: { customer: { orders: 45 } } });
      assert.equal(evaluation.output, '"gold"');
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
    }
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { appendTask, nameNewProcess, openGroup } from './support/modeler-steps';
import { startWebStack, type WebStack } from './support/web-stack';

/** Selects the shape labelled `name` (which also commits a field being edited in the panel). */
async function selectShape(page: Page, name: string): Promise<void> {
  const shape = page.locator('g.djs-shape', { hasText: name }).first();
  const pad = page.locator('.djs-context-pad.open');
  // The first click may only take the focus from the panel (committing its field) and clear
  // the selection; the next one selects.
  for (let attempt = 0; attempt < 3; attempt++) {
    await shape.click();
    if (await pad.waitFor({ timeout: 1_000 }).then(() => true, () => false)) return;
  }
  throw new Error(`Expected the shape '${name}' to be selected, but its context pad did not open`);
}

/** Drags `source` onto `target` with the mouse, in steps, as a person would. */
async function drag(page: Page, source: Locator, target: Locator): Promise<void> {
  const from = (await source.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2 + 20, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + 40, { steps: 10 });
  await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 5 });
  await page.mouse.up();
}

describe('browser: an analyst models, fixes a lint problem and deploys', () => {
  let stack: WebStack;

  before(async () => {
    stack = await startWebStack('e2e_browser_modeler');
  });

  after(async () => {
    await stack?.stop();
  });

  it('draws a user task and a service task, configures them in the properties panel, and deploys version 1', async (t) => {
    const b = await stack.open('modeler-deploy');
    let failed = true;
    try {
      const { page } = b;
      // given an analyst signed in on the modeler with a new diagram
      await b.signIn(stack.url, 'analyst', 'analyst-pw', '/modeler');
      // and the process gets an id and a name in the properties panel
      await nameNewProcess(page, 'browser-approval', 'Browser approval');

      // when they append a task to the start event, name it and make it a user task
      await page.locator('[data-element-id="StartEvent_1"]').click();
      await appendTask(page, 'Approve order', 'replace-with-user-task');
      // and offer it to the approvers group in the properties panel
      await openGroup(page, 'group-assignmentDefinition');
      await page.locator('#bio-properties-panel-assignmentDefinitionCandidateGroups').fill('approvers');

      // and build its form in the form editor: a required comment
      await selectShape(page, 'Approve order');
      await page.getByTestId('edit-form').click();
      const editor = page.getByTestId('form-editor');
      await drag(page, editor.locator('.fjs-palette-field[data-field-type="textfield"]'), editor.locator('.fjs-editor-form-root'));
      await openGroup(editor, 'group-general');
      await editor.locator('#bio-properties-panel-label').fill('Comment');
      await editor.locator('#bio-properties-panel-key').fill('comment');
      await openGroup(editor, 'group-validation');
      await editor.locator('#bio-properties-panel-required').check();
      await b.screenshot('form-editor');
      // and the preview shows the form as an approver will fill it in, with its validation
      await editor.locator('.fjs-editor-form-root').getByText('Comment').first().waitFor();
      await page.getByTestId('preview-form').click();
      await page.getByTestId('form-preview').getByLabel('Comment').waitFor();
      await page.getByTestId('check-preview').click();
      await page.getByTestId('form-preview').getByText('Some fields need attention.').waitFor();
      await page.getByTestId('form-preview').getByLabel('Comment').fill('fine');
      await page.getByTestId('check-preview').click();
      await page.getByTestId('form-preview').getByText('Every field is valid').waitFor();
      await page.getByTestId('preview-form').click();
      await page.getByTestId('apply-form').click();
      // then the task links the form and the modeler no longer warns about a missing form
      await page.getByText(/Form browser-approval_\w+ linked to Approve order/).waitFor();
      await page.getByTestId('problems-panel').getByText('should have a defined <Form>').waitFor({ state: 'detached' });

      // and append a service task after it
      await selectShape(page, 'Approve order');
      await appendTask(page, 'Charge card', 'replace-with-service-task');
      await page.locator('.djs-context-pad [data-action="append.end-event"]').click();

      // then the modeler reports that the service task has no job type, in the panel and on the diagram
      const problems = page.getByTestId('problems-panel');
      await problems.getByText(/Task definition/i).first().waitFor();
      assert.match(await page.getByTestId('problem-errors').innerText(), /^[1-9]\d* error/);
      await page.locator('.djs-overlay .cl-overlay-root').first().waitFor();
      await b.screenshot('lint-problem');

      // when they open the problem, which selects the service task, and set its job type
      await problems.getByRole('button', { name: /Task definition/i }).first().click();
      const jobType = page.locator('#bio-properties-panel-taskDefinitionType');
      await jobType.waitFor();
      await jobType.fill('charge-card');
      await page.locator('#bio-properties-panel-taskDefinitionRetries').fill('3');

      // then the error is gone
      await page.getByTestId('problem-errors').filter({ hasText: /^0 errors/ }).waitFor();

      // when they save a draft, then it is on the server
      await page.getByTestId('save-draft').click();
      await page.getByText('Draft of browser-approval saved').waitFor();
      const draft = await stack.api.call('GET', '/v2/osprey/drafts/browser-approval');
      assert.equal(draft.status, 200);
      assert.equal(draft.body.updatedBy, 'analyst');

      // when they deploy, the dialog says it is the first version
      await page.getByTestId('deploy').click();
      await page.getByTestId('diff-summary').filter({ hasText: 'first version' }).waitFor();
      await page.getByTestId('confirm-deploy').click();
      await page.getByText('Deployed browser-approval as version 1').waitFor();

      // then the engine has version 1 with the job type and candidate group from the panel
      const defs = await stack.api.post('/v2/process-definitions/search', { filter: { processDefinitionId: 'browser-approval' } });
      assert.equal(defs.items.length, 1);
      assert.equal(defs.items[0].version, 1);
      const xml = await stack.api.call<string>('GET', `/v2/process-definitions/${defs.items[0].processDefinitionKey}/xml`);
      assert.match(xml.body, /<zeebe:taskDefinition type="charge-card" retries="3"\s*\/>/);
      assert.match(xml.body, /candidateGroups="approvers"/);
      assert.match(xml.body, /<zeebe:userTask\s*\/>/);
      // and the form went along, linked from the user task
      const formId = /<zeebe:formDefinition formId="([^"]+)"/.exec(xml.body)?.[1];
      assert.ok(formId, 'Expected the user task to link a form');
      const form = await stack.api.call('GET', `/v2/osprey/forms/${formId}`);
      assert.equal(form.status, 200);
      const field = JSON.parse(form.body.schema).components.find((c: { key?: string }) => c.key === 'comment');
      assert.equal(field?.validate?.required, true);
      // and the draft is gone
      assert.equal((await stack.api.call('GET', '/v2/osprey/drafts/browser-approval')).status, 404);

      // when they change the task's name, the Changes dialog lists exactly that element
      await selectShape(page, 'Charge card');
      await openGroup(page, 'group-general');
      await page.locator('#bio-properties-panel-name').fill('Charge credit card');
      await page.getByRole('button', { name: 'Changes' }).click();
      await page.getByTestId('diff-summary').filter({ hasText: 'Compared with version 1: 1 element(s) differ.' }).waitFor();
      await b.screenshot('diff');
      await page.getByRole('button', { name: 'Close' }).last().click();
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
    }
  });
});

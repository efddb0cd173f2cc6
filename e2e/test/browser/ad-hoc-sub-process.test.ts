import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { until } from '../../src';
import { appendTask, nameNewProcess, openGroup } from './support/modeler-steps';
import { startWebStack, type WebStack } from './support/web-stack';

/** Selects the shape labelled `name`: the properties panel then shows it. */
async function selectShape(page: Page, name: string): Promise<void> {
  const label = page.locator('g.djs-shape text', { hasText: name }).first();
  const panel = page.locator('.bio-properties-panel-header', { hasText: name });
  for (let attempt = 0; attempt < 3; attempt++) {
    await label.click({ force: true }); // the shape's own hit area lies over its label
    if (await panel.waitFor({ timeout: 1_000 }).then(() => true, () => false)) return;
  }
  throw new Error(`Expected the shape '${name}' to be selected, but the properties panel does not show it`);
}

/** Types `text` into the FEEL editor of properties panel entry `entryId`. */
async function typeFeel(page: Page, entryId: string, text: string): Promise<void> {
  const editor = page.locator(`[data-entry-id="${entryId}"] [contenteditable="true"]`);
  await editor.click();
  await page.keyboard.type(text);
}

describe('browser: an analyst models an ad-hoc sub-process, deploys and runs it, and watches it in the monitor', () => {
  let stack: WebStack;

  before(async () => {
    stack = await startWebStack('e2e_browser_ad_hoc');
  });

  after(async () => {
    await stack?.stop();
  });

  it('draws an ad-hoc sub-process with two inner tasks, runs it, sees the started one active in the monitor and starts the other from there', async (t) => {
    const b = await stack.open('ad-hoc-sub-process');
    let failed = true;
    try {
      const { page } = b;
      // given an analyst on a new diagram, with a process id and name
      await b.signIn(stack.url, 'analyst', 'analyst-pw', '/modeler');
      await nameNewProcess(page, 'browser-ad-hoc', 'Browser ad-hoc');

      // when they append a task to the start event and turn it into an ad-hoc sub-process
      await page.locator('[data-element-id="StartEvent_1"]').click();
      await appendTask(page, 'Handle request', 'replace-with-ad-hoc-subprocess');
      const adHoc = page.locator('g.djs-shape', { hasText: 'Handle request' }).first();
      await adHoc.waitFor();

      // and place two service tasks inside it from the palette, each with an id and a job type
      for (const [index, [id, name]] of [['check_stock', 'Check stock'], ['call_customer', 'Call customer']].entries()) {
        const box = (await adHoc.boundingBox())!;
        await page.locator('.djs-palette [data-action="create.task"]').click();
        await page.mouse.move(box.x + box.width * (index === 0 ? 0.3 : 0.7), box.y + box.height / 2, { steps: 5 });
        await page.mouse.click(box.x + box.width * (index === 0 ? 0.3 : 0.7), box.y + box.height / 2);
        await page.keyboard.type(name!);
        await page.keyboard.press('Enter');
        await page.locator('.djs-context-pad [data-action="replace"]').click();
        await page.locator('.djs-popup [data-id="replace-with-service-task"]').click();
        await openGroup(page, 'group-general');
        await page.locator('#bio-properties-panel-id').fill(id!);
        await openGroup(page, 'group-taskDefinition');
        await page.locator('#bio-properties-panel-taskDefinitionType').fill(id!.replace('_', '-'));
      }

      // and tell the ad-hoc sub-process which inner element to start
      await selectShape(page, 'Handle request');
      await openGroup(page, 'group-activeElements');
      await typeFeel(page, 'activeElements-activeElementsCollection', '["check_stock"]');
      await b.screenshot('modeled');

      // and finish the process after it
      await selectShape(page, 'Handle request');
      await page.locator('.djs-context-pad [data-action="append.end-event"]').click();

      // then the modeler reports no errors
      await page.getByTestId('problem-errors').filter({ hasText: /^0 errors/ }).waitFor();

      // when they deploy and run it
      await page.getByTestId('deploy').click();
      await page.getByTestId('deploy-and-run').click();
      await page.getByText('Deployed browser-ad-hoc as version 1').waitFor();
      await page.getByTestId('start-variables').fill('{"requestId": "R-1"}');
      await page.getByTestId('confirm-start').click();

      // then the instance opens in the monitor with the ad-hoc sub-process and its started task active
      await page.waitForURL(/\/monitor\/instances\/\d+$/);
      const key = /\/monitor\/instances\/(\d+)$/.exec(page.url())![1]!;
      const view = page.getByTestId('instance-view');
      await view.waitFor();
      await view.locator('[data-element-id="check_stock"].osprey-active').waitFor();
      const adHocId = await until(async () => {
        const { items } = await stack.api.post('/v2/element-instances/search', { filter: { processInstanceKey: key, type: 'AD_HOC_SUB_PROCESS' } });
        return items[0]?.elementId as string | undefined;
      }, 'the ad-hoc sub-process instance');
      await view.locator(`[data-element-id="${adHocId}"].osprey-active`).waitFor();
      assert.equal(await view.locator('[data-element-id="call_customer"].osprey-active').count(), 0);

      // when they open the ad-hoc sub-process and start its other task from the monitor
      await view.locator(`[data-element-id="${adHocId}"] text`, { hasText: 'Handle request' }).first().click({ force: true });
      const details = page.getByTestId('element-details');
      await details.getByRole('button', { name: 'Start Call customer' }).click();
      // then that task is active too
      await view.locator('[data-element-id="call_customer"].osprey-active').waitFor();
      await b.screenshot('monitor');

      // and once workers complete both, the ad-hoc sub-process and the instance complete
      for (const type of ['check-stock', 'call-customer']) {
        const job = await until(async () => {
          const { jobs } = await stack.api.post('/v2/jobs/activation', { type, worker: 'browser', maxJobsToActivate: 1, timeout: 30_000, requestTimeout: 0 });
          return jobs[0] as { jobKey: string; processInstanceKey: string } | undefined;
        }, `the ${type} job`);
        assert.equal(job.processInstanceKey, key);
        await stack.api.post(`/v2/jobs/${job.jobKey}/completion`, { variables: { [type.replace('-', '_')]: 'done' } });
      }
      await page.locator('[data-testid="instance-view"][data-state="COMPLETED"]').waitFor();
      await view.locator(`[data-element-id="${adHocId}"].osprey-completed`).waitFor();
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
    }
  });
});

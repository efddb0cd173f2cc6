import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { until } from '../../src';
import { linearProcess } from './support/processes';
import { startWebStack, type WebStack } from './support/web-stack';

const PAYMENT = linearProcess('browser-fixes', 'Fixes payment', [
  { kind: 'start', id: 'start', name: 'Paid' },
  { kind: 'user', id: 'review', name: 'Review payment', candidateGroups: 'approvers' },
  { kind: 'end', id: 'end', name: 'Done' },
]);

/** A gateway that needs `amount`: without it no condition holds, and the engine raises an incident. */
const ROUTING = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_routing" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="browser-routing" name="Routing" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:exclusiveGateway id="route" name="How much?"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>big</bpmn:outgoing><bpmn:outgoing>small</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:endEvent id="endBig"><bpmn:incoming>big</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="endSmall"><bpmn:incoming>small</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="route" />
    <bpmn:sequenceFlow id="big" sourceRef="route" targetRef="endBig"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=amount &gt; 100</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="small" sourceRef="route" targetRef="endSmall"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=amount &lt;= 100</bpmn:conditionExpression></bpmn:sequenceFlow>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="d"><bpmndi:BPMNPlane id="p" bpmnElement="browser-routing">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="160" y="182" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="route_di" bpmnElement="route" isMarkerVisible="true"><dc:Bounds x="255" y="175" width="50" height="50" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="endBig_di" bpmnElement="endBig"><dc:Bounds x="372" y="112" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="endSmall_di" bpmnElement="endSmall"><dc:Bounds x="372" y="252" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="196" y="200" /><di:waypoint x="255" y="200" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="big_di" bpmnElement="big"><di:waypoint x="280" y="175" /><di:waypoint x="280" y="130" /><di:waypoint x="372" y="130" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="small_di" bpmnElement="small"><di:waypoint x="280" y="225" /><di:waypoint x="280" y="270" /><di:waypoint x="372" y="270" /></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>
`;

describe('browser: the fixes a walk through the web app asked for', () => {
  let stack: WebStack;

  before(async () => {
    stack = await startWebStack('e2e_browser_fixes');
    await stack.api.deploy({ name: 'browser-fixes.bpmn', content: PAYMENT });
    await stack.api.deploy({ name: 'browser-routing.bpmn', content: ROUTING });
  });

  after(async () => {
    await stack?.stop();
  });

  it('asks before leaving unsaved work from the header, and fits diagrams beside the palette', async (t) => {
    const b = await stack.open('fixes-guard');
    let failed = true;
    try {
      const { page } = b;
      // given the analyst opens the modeler from the header, then the deployed process by its name
      await b.signIn(stack.url, 'analyst', 'analyst-pw', '/tasks');
      await page.getByRole('link', { name: 'Modeler' }).click();
      await page.locator('a.process-name', { hasText: 'Fixes payment' }).click();
      const start = page.locator('g.djs-shape[data-element-id="start"]');
      await start.waitFor();
      await b.screenshot('fitted');
      // then the whole diagram is in view and the start event is not under the palette
      const palette = (await page.locator('.djs-palette').boundingBox())!;
      const startBox = (await start.boundingBox())!;
      const canvas = (await page.getByTestId('modeler-canvas').boundingBox())!;
      const endBox = (await page.locator('g.djs-shape[data-element-id="end"]').boundingBox())!;
      assert.ok(startBox.x > palette.x + palette.width, `Expected the start event right of the palette (${palette.x + palette.width}), but it is at ${startBox.x}`);
      assert.ok(endBox.x + endBox.width < canvas.x + canvas.width, 'Expected the end event inside the canvas');
      // and the zoom buttons zoom, and Fit puts it back beside the palette
      const viewport = page.locator('[data-testid="modeler-canvas"] svg .viewport').first();
      const fitted = await viewport.getAttribute('transform');
      await page.getByRole('button', { name: 'Zoom out' }).click();
      assert.notEqual(await viewport.getAttribute('transform'), fitted);
      await page.getByRole('button', { name: 'Fit diagram' }).click();
      // (the layout may have settled by a few pixels since the first fit, so compare placement, not the matrix)
      const refitted = (await start.boundingBox())!;
      assert.ok(refitted.x > palette.x + palette.width, `Expected Fit to put the start event right of the palette, but it is at ${refitted.x}`);
      const refittedEnd = (await page.locator('g.djs-shape[data-element-id="end"]').boundingBox())!;
      assert.ok(refittedEnd.x + refittedEnd.width < canvas.x + canvas.width, 'Expected Fit to keep the end event inside the canvas');
      // and no expected 404 (no draft, a task without a form) was logged as an error
      assert.deepEqual(b.consoleErrors(), []);

      // when they change the diagram
      await start.click();
      await page.locator('.djs-context-pad [data-action="append.end-event"]').click();
      await page.getByTestId('unsaved').waitFor();
      // and leave by the header, declining the question
      let asked = '';
      page.once('dialog', (d) => {
        asked = d.message();
        void d.dismiss();
      });
      await page.getByRole('link', { name: 'Tasks' }).click();
      // then they stay, with their changes
      assert.match(asked, /not saved/);
      assert.match(page.url(), /\/modeler\/browser-fixes/);
      await page.getByTestId('unsaved').waitFor();
      // and Back asks too, and stays when declined
      const question = page.waitForEvent('dialog');
      await page.evaluate(() => (globalThis as any).history.back());
      await (await question).dismiss();
      await page.getByTestId('unsaved').waitFor();
      await until(async () => (/\/modeler\/browser-fixes/.test(page.url()) ? true : undefined), 'the address of the diagram');
      // when they leave again and accept, they are in the inbox
      page.once('dialog', (d) => void d.accept());
      await page.getByRole('link', { name: 'Tasks' }).click();
      await page.waitForURL(/\/tasks$/);
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
    }
  });

  it('keeps the monitor’s variable filter while the list refreshes, in the address; the wheel scrolls the page; tab strips do not scroll', async (t) => {
    const b = await stack.open('fixes-monitor', { width: 1280, height: 700 });
    let failed = true;
    try {
      const { page } = b;
      // given two instances with different amounts
      const { processInstanceKey } = await stack.api.post('/v2/process-instances', { processDefinitionId: 'browser-fixes', variables: { amount: 7 } });
      await stack.api.post('/v2/process-instances', { processDefinitionId: 'browser-fixes', variables: { amount: 8 } });
      await b.signIn(stack.url, 'operator', 'operator-pw', '/monitor');
      await page.getByTestId('instances-table').getByRole('link', { name: processInstanceKey }).waitFor();
      // when they type a variable filter and a refresh of the list happens in the middle
      const name = page.getByTestId('filter-variable-name');
      await name.pressSequentially('amo');
      await page.waitForResponse((r) => r.url().endsWith('/v2/process-instances/search'));
      await name.pressSequentially('unt');
      const value = page.getByTestId('filter-variable-value');
      await value.pressSequentially('7');
      await page.waitForResponse((r) => r.url().endsWith('/v2/process-instances/search'));
      // then nothing typed is lost, and the list is filtered
      assert.equal(await name.inputValue(), 'amount');
      assert.equal(await value.inputValue(), '7');
      await until(async () => (await page.getByTestId('instances-table').locator('tbody tr').count()) === 1 || undefined, 'one matching instance');
      // and the filter is in the address, so reloading it shows the same list
      await page.waitForURL(/var=amount&value=7/);
      await page.reload();
      assert.equal(await page.getByTestId('filter-variable-name').inputValue(), 'amount');
      await page.getByTestId('instances-table').getByRole('link', { name: processInstanceKey }).waitFor();
      await b.assertAccessible('the monitor with a filter');

      // when they open the instance and turn the mouse wheel over the diagram
      await page.getByTestId('instances-table').getByRole('link', { name: processInstanceKey }).click();
      const viewport = page.locator('.bpmn-diagram .djs-container svg .viewport').first();
      await page.locator('[data-element-id="review"]').first().waitFor();
      const before = await viewport.getAttribute('transform');
      const scrolledBefore = await page.locator('.content').evaluate((e) => e.scrollTop);
      const box = (await page.locator('.bpmn-diagram').first().boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, 300);
      // then the diagram stays where it was and the page scrolls
      await until(async () => ((await page.locator('.content').evaluate((e) => e.scrollTop)) > scrolledBefore ? true : undefined), 'the page to scroll');
      assert.equal(await viewport.getAttribute('transform'), before);
      // and no tab strip can be scrolled by a pixel
      const strips = await page.locator('.tabs').evaluateAll((els) => els.map((e) => ({ v: e.scrollHeight - e.clientHeight, h: e.scrollWidth - e.clientWidth })));
      assert.ok(strips.length > 0);
      for (const s of strips) assert.deepEqual(s, { v: 0, h: 0 });
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
    }
  });

  it('says so when a retried incident is raised again at once', async (t) => {
    const b = await stack.open('fixes-retry-again');
    let failed = true;
    try {
      const { page } = b;
      // given an instance stuck at a gateway because `amount` is missing
      const { processInstanceKey } = await stack.api.post('/v2/process-instances', { processDefinitionId: 'browser-routing', variables: {} });
      await until(async () => (await stack.api.post('/v2/incidents/search', { filter: { processInstanceKey, state: 'ACTIVE' } })).items[0], 'the gateway incident');
      await b.signIn(stack.url, 'operator', 'operator-pw', `/monitor/instances/${processInstanceKey}`);
      // when the operator retries without fixing the cause
      await page.getByTestId('retry-incident').click();
      await page.getByTestId('confirm-retry').click();
      // then the page says the step failed again, not that it runs again
      await page.locator('.toast-error').filter({ hasText: 'failed again at once' }).waitFor();
      assert.equal(await page.getByText('runs again').count(), 0);
      // and when they set the variable and retry, it is resolved for good
      const incidents = await stack.api.post('/v2/incidents/search', { filter: { processInstanceKey, state: 'ACTIVE' } });
      await stack.api.call('PUT', `/v2/element-instances/${processInstanceKey}/variables`, { variables: { amount: 500 } });
      assert.equal(incidents.items.length, 1);
      await page.reload();
      await page.getByTestId('retry-incident').click();
      await page.getByTestId('confirm-retry').click();
      await page.locator('.toast-success').filter({ hasText: 'the step ran again' }).waitFor();
      await page.locator('[data-testid="instance-view"][data-state="COMPLETED"]').waitFor({ timeout: 20_000 });
      failed = false;
    } finally {
      await b.finish(failed || Boolean(t.signal.aborted));
    }
  });
});

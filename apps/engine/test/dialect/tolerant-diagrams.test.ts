import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { activateJobOf, deployed, engineForFile, ok, startInstance, untilState } from '../api/support';
import { camunda8 } from './support';

describe('tolerant diagrams: what Zeebe deploys, Osprey deploys', () => {
  const ctx = engineForFile('dialect_tolerant');

  it('deploys a diagram whose shapes and edges name removed elements, with a warning for each', async () => {
    // given a Camunda Modeler diagram that still draws a task and a flow removed from the process
    const body = await deployed(ctx.api, { name: 'stale-shape.bpmn', content: camunda8('stale-shape.bpmn') });
    // then the process is deployed and the answer warns about the two stale drawings
    assert.equal(body.deployments[0].processDefinition.processDefinitionId, 'stale-shape');
    assert.equal(body.warnings.length, 2, JSON.stringify(body.warnings));
    assert.match(body.warnings[0], /stale-shape\.bpmn: .*'Activity_removed_di'.*'Activity_removed' does not exist/);
    assert.match(body.warnings[1], /'Flow_gone' does not exist/);

    // and the process runs
    const key = await startInstance(ctx.api, 'stale-shape');
    const job = await activateJobOf(ctx.api, 'check-order', key);
    ok(await ctx.api.post(`/v2/jobs/${job.jobKey}/completion`, { variables: {} }), 204);
    await untilState(ctx.api, key, 'COMPLETED');
  });

  it('answers without warnings for a clean diagram', async () => {
    const clean = camunda8('stale-shape.bpmn')
      .replace(/<bpmndi:BPMNShape id="Activity_removed_di"[\s\S]*?<\/bpmndi:BPMNShape>/, '')
      .replace(/<bpmndi:BPMNEdge id="Flow_gone_di"[\s\S]*?<\/bpmndi:BPMNEdge>/, '')
      .replace(/stale-shape/g, 'clean-shape');
    const body = await deployed(ctx.api, { name: 'clean-shape.bpmn', content: clean });
    assert.equal(body.warnings, undefined);
  });

  it('runs a script task implemented by a job worker (zeebe:taskDefinition instead of zeebe:script)', async () => {
    const scriptJob = camunda8('stale-shape.bpmn')
      .replace(/bpmn:serviceTask/g, 'bpmn:scriptTask')
      .replace(/stale-shape/g, 'script-job')
      .replace('type="check-order"', 'type="script-worker"');
    await deployed(ctx.api, { name: 'script-job.bpmn', content: scriptJob });
    const key = await startInstance(ctx.api, 'script-job');
    const job = await activateJobOf(ctx.api, 'script-worker', key);
    ok(await ctx.api.post(`/v2/jobs/${job.jobKey}/completion`, { variables: { checked: true } }), 204);
    await untilState(ctx.api, key, 'COMPLETED');
  });
});

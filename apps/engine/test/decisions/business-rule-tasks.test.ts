import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deployed, engineForFile, fixture, ok, search, startInstance } from '../api/support';
import { oneTaskProcess } from '../support/bpmn';
import { ruleProcess } from './rule-process';

/** The value of a variable of an instance, parsed from Camunda's JSON text. */
async function variable(ctx: { api: any }, processInstanceKey: string, name: string): Promise<unknown> {
  const [found] = await search(ctx.api, 'variables', { processInstanceKey, name });
  return found === undefined ? undefined : JSON.parse(found.value);
}

/** The instance's open incidents. */
async function incidentsOf(ctx: { api: any }, processInstanceKey: string): Promise<any[]> {
  return search(ctx.api, 'incidents', { processInstanceKey, state: 'ACTIVE' });
}

/** The element instance of `elementId` and its state. */
async function elementState(ctx: { api: any }, processInstanceKey: string, elementId: string): Promise<string | undefined> {
  const [found] = await search(ctx.api, 'element-instances', { processInstanceKey, elementId });
  return found?.state;
}

describe('business-rule tasks with zeebe:calledDecision, on the real database', () => {
  const ctx = engineForFile('api_business_rule_tasks');

  it('evaluates the decision in the command (no job), with its required decision, into resultVariable', async () => {
    await deployed(ctx.api, { name: 'discount.dmn', content: fixture('discount.dmn') }, { name: 'order.bpmn', content: ruleProcess('order-discount', 'decisionId="discount" resultVariable="discount"') });
    const key = await startInstance(ctx.api, 'order-discount', { customer: { orders: 60 }, amount: 2500 });
    // then the task completed at once and the instance waits at the review
    assert.equal(await elementState(ctx, key, 'decide'), 'COMPLETED');
    assert.equal(await elementState(ctx, key, 'review'), 'ACTIVE');
    assert.deepEqual(await variable(ctx, key, 'discount'), { rate: 0.15, reason: 'gold customer, large order' });
    assert.deepEqual(await ctx.api.activate('discount'), []);
  });

  it('a failed evaluation is a DECISION_EVALUATION_ERROR incident saying why; resolving evaluates again', async () => {
    // given a decision whose UNIQUE table matches two rules for this input
    const twoMatches = fixture('discount.dmn')
      .replace('id="discount-rules"', 'id="overlap-rules"')
      .replace('id="discount"', 'id="overlap"')
      .replace('&lt; 1000', '&lt;= 1000')
      .replace(/customer-tier/g, 'tier2');
    await deployed(ctx.api, { name: 'overlap.dmn', content: twoMatches }, { name: 'overlap.bpmn', content: ruleProcess('order-overlap', 'decisionId="overlap" resultVariable="discount"') });
    const key = await startInstance(ctx.api, 'order-overlap', { customer: { orders: 60 }, amount: 1000 });
    const [incident] = await incidentsOf(ctx, key);
    assert.equal(incident.errorType, 'DECISION_EVALUATION_ERROR');
    assert.match(incident.errorMessage, /decision 'Discount' \('overlap'\)/);
    assert.match(incident.errorMessage, /rules 'Rule_gold_big' \(#1\) and 'Rule_gold_small' \(#2\) matched/);
    assert.match(incident.errorMessage, /Order amount = 1000/);
    // when the input is fixed and the incident resolved
    ok(await ctx.api.request('PUT', `/v2/element-instances/${key}/variables`, { variables: { amount: 999 } }), 204);
    ok(await ctx.api.post(`/v2/incidents/${incident.incidentKey}/resolution`), 204);
    // then the decision is evaluated again and the instance moves on
    assert.equal(await elementState(ctx, key, 'review'), 'ACTIVE');
    assert.deepEqual(await variable(ctx, key, 'discount'), { rate: 0.1, reason: 'gold customer' });
  });

  it('a missing decision does not refuse the deployment: it is an incident until the decision is deployed', async () => {
    await deployed(ctx.api, { name: 'later.bpmn', content: ruleProcess('order-later', 'decisionId="later-decision" resultVariable="answer"') });
    const key = await startInstance(ctx.api, 'order-later', { n: 2 });
    const [incident] = await incidentsOf(ctx, key);
    assert.equal(incident.errorType, 'CALLED_DECISION_ERROR');
    assert.match(incident.errorMessage, /no decision found for id 'later-decision'/);
    await deployed(ctx.api, {
      name: 'later.dmn',
      content: `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="later" name="Later" namespace="x"><decision id="later-decision" name="Later"><literalExpression id="e"><text>n * 21</text></literalExpression></decision></definitions>`,
    });
    ok(await ctx.api.post(`/v2/incidents/${incident.incidentKey}/resolution`), 204);
    assert.equal(await variable(ctx, key, 'answer'), 42);
  });

  it('binding types: latest, deployment (the version deployed with the process) and versionTag', async () => {
    const decision = (answer: string, tag: string) =>
      `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="bound" name="Bound" namespace="x"><decision id="bound-decision" name="Bound"><extensionElements><zeebe:versionTag value="${tag}" /></extensionElements><literalExpression id="e"><text>"${answer}"</text></literalExpression></decision></definitions>`;
    await deployed(ctx.api, { name: 'bound.dmn', content: decision('first', 'v1') }, { name: 'by-deployment.bpmn', content: ruleProcess('by-deployment', 'decisionId="bound-decision" resultVariable="answer" bindingType="deployment"') });
    await deployed(ctx.api, { name: 'by-tag.bpmn', content: ruleProcess('by-tag', 'decisionId="bound-decision" resultVariable="answer" bindingType="versionTag" versionTag="v1"') });
    await deployed(ctx.api, { name: 'by-latest.bpmn', content: ruleProcess('by-latest', 'decisionId="bound-decision" resultVariable="answer"') });
    await deployed(ctx.api, { name: 'bound.dmn', content: decision('second', 'v2') });
    for (const [processId, expected] of [['by-deployment', 'first'], ['by-tag', 'first'], ['by-latest', 'second']] as const) {
      const key = await startInstance(ctx.api, processId);
      assert.equal(await variable(ctx, key, 'answer'), expected, processId);
    }
  });

  it('binding by deployment finds a decision the deployment carried unchanged', async () => {
    const dmn = `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="carried" name="Carried" namespace="x"><decision id="carried-decision" name="Carried"><literalExpression id="e"><text>"carried"</text></literalExpression></decision></definitions>`;
    await deployed(ctx.api, { name: 'carried.dmn', content: dmn });
    // when the same file is deployed again (no new version) together with a process that binds by deployment
    const again = await deployed(ctx.api, { name: 'carried.dmn', content: dmn }, { name: 'carried.bpmn', content: ruleProcess('by-carried', 'decisionId="carried-decision" resultVariable="answer" bindingType="deployment"') });
    assert.equal(again.deployments.find((d: any) => d.decisionDefinition).decisionDefinition.version, 1);
    const key = await startInstance(ctx.api, 'by-carried');
    assert.equal(await variable(ctx, key, 'answer'), 'carried');
  });

  it('the job-worker form of the business-rule task still creates a job', async () => {
    const xml = oneTaskProcess('rule-by-worker', 'evaluate-rules').replace(/serviceTask/g, 'businessRuleTask');
    await deployed(ctx.api, { name: 'worker.bpmn', content: xml });
    const key = await startInstance(ctx.api, 'rule-by-worker');
    const jobs = await ctx.api.activate('evaluate-rules');
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0].processInstanceKey, key);
  });
});

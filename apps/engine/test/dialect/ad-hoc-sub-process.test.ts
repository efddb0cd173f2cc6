import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  activateJobOf,
  assertProblem,
  deployed,
  elementsOf,
  engineForFile,
  incidentsOf,
  ok,
  search,
  startInstance,
  untilState,
  variablesOf,
} from '../api/support';
import { camunda8 } from './support';

describe('ad-hoc sub-processes (bpmn:adHocSubProcess with zeebe:adHoc)', () => {
  const ctx = engineForFile('dialect_ad_hoc');

  async function complete(jobKey: string, body: object = {}): Promise<void> {
    ok(await ctx.api.post(`/v2/jobs/${jobKey}/completion`, body), 204);
  }

  it('starts the elements of activeElementsCollection, gathers their output and completes when they are done', async () => {
    await deployed(ctx.api, { name: 'adhoc-checks.bpmn', content: camunda8('adhoc-checks.bpmn') });
    // when a claim asks for the fraud and credit checks (not the manual review)
    const key = await startInstance(ctx.api, 'adhoc-checks', { checks: ['Activity_fraud', 'Activity_credit'] });
    const fraud = await activateJobOf(ctx.api, 'fraud-check', key);
    const credit = await activateJobOf(ctx.api, 'credit-check', key);
    // then the sub-process describes what it can start
    const inside = await variablesOf(ctx.api, key);
    assert.deepEqual(
      (inside.adHocSubProcessElements as { elementId: string }[]).map((e) => e.elementId),
      ['Activity_fraud', 'Activity_credit', 'Activity_review'],
    );
    assert.equal((inside.adHocSubProcessElements as { documentation: string }[])[0]!.documentation, 'Looks for known fraud patterns');
    assert.deepEqual(await elementsOf(ctx.api, key, 'Activity_review'), []);
    // when both finish (the credit check's flow goes on to the scoring script)
    await complete(fraud.jobKey, { variables: { finding: 'no fraud' } });
    assert.equal(await ctx.api.get(`/v2/process-instances/${key}`).then((r) => r.body.state), 'ACTIVE');
    await complete(credit.jobKey, { variables: { score: 710 } });
    // then the sub-process completes and hands its output collection out
    await untilState(ctx.api, key, 'COMPLETED');
    const vars = await variablesOf(ctx.api, key);
    assert.deepEqual(vars.findings, ['no fraud', 'credit scored 710']);
    const [adHoc] = await elementsOf(ctx.api, key, 'Activity_checks');
    assert.equal(adHoc.type, 'AD_HOC_SUB_PROCESS');
  });

  it('raises an incident for an id that is not an inner element, and runs once it is fixed', async () => {
    const key = await startInstance(ctx.api, 'adhoc-checks', { checks: ['Activity_fraud', 'Activity_typo'] });
    const [incident] = await incidentsOf(ctx.api, key);
    assert.equal(incident.elementId, 'Activity_checks');
    assert.match(incident.errorMessage, /"Activity_typo" is not among them/);
    // when the variable is fixed and the incident resolved
    const [adHoc] = await elementsOf(ctx.api, key, 'Activity_checks');
    ok(await ctx.api.request('PUT', `/v2/element-instances/${key}/variables`, { variables: { checks: ['Activity_fraud'] } }), 204);
    ok(await ctx.api.post(`/v2/incidents/${incident.incidentKey}/resolution`), 204);
    const fraud = await activateJobOf(ctx.api, 'fraud-check', key);
    assert.equal(fraud.elementInstanceKey === adHoc.elementInstanceKey, false);
    await complete(fraud.jobKey, { variables: { finding: 'fine' } });
    await untilState(ctx.api, key, 'COMPLETED');
  });

  it('completes as soon as the completion condition holds, terminating what still runs', async () => {
    await deployed(ctx.api, { name: 'adhoc-first-answer.bpmn', content: camunda8('adhoc-first-answer.bpmn') });
    const key = await startInstance(ctx.api, 'adhoc-first-answer');
    await activateJobOf(ctx.api, 'quote-a', key);
    const b = await activateJobOf(ctx.api, 'quote-b', key);
    // when supplier B answers first
    await complete(b.jobKey, { variables: { quote: 120 } });
    // then the sub-process completes and supplier A's task is terminated
    await untilState(ctx.api, key, 'COMPLETED');
    const [a] = await elementsOf(ctx.api, key, 'Activity_supplierA');
    assert.equal(a.state, 'TERMINATED');
  });

  it('lets a job worker (an AI agent) pick tools, see their results and finish', async () => {
    await deployed(ctx.api, { name: 'adhoc-agent.bpmn', content: camunda8('adhoc-agent.bpmn') });
    const key = await startInstance(ctx.api, 'adhoc-agent', { question: 'Where is order A-1?' });
    // given the agent's first job, with the tools it may call
    const first = await activateJobOf(ctx.api, 'support-agent', key);
    assert.deepEqual(
      first.variables.adHocSubProcessElements.map((e: { elementId: string; elementName: string }) => [e.elementId, e.elementName]),
      [['LookupOrder', 'Look up order'], ['GetDate', "Today's date"]],
    );
    assert.deepEqual(first.variables.toolCallResults, []);
    // when it asks for two tools at once
    await complete(first.jobKey, {
      variables: { agent: { state: 'waiting for tools' } },
      result: {
        type: 'adHocSubProcess',
        activateElements: [
          { elementId: 'LookupOrder', variables: { toolCall: { _meta: { id: 'call-1', name: 'LookupOrder' }, orderNumber: 'A-1' } } },
          { elementId: 'GetDate', variables: { toolCall: { _meta: { id: 'call-2', name: 'GetDate' } } } },
        ],
      },
    });
    const lookup = await activateJobOf(ctx.api, 'lookup-order', key);
    assert.equal(lookup.variables.orderNumber, 'A-1');
    await complete(lookup.jobKey, { variables: { order: { number: 'A-1', status: 'shipped' } } });
    // then the agent gets a new job holding both tool results
    const second = await ctx.api.until(async () => {
      const job = await activateJobOf(ctx.api, 'support-agent', key);
      return job.variables.toolCallResults.length === 2 ? job : undefined;
    }, 10_000, 'the agent job with two tool results');
    const byId = Object.fromEntries(second.variables.toolCallResults.map((r: { id: string }) => [r.id, r]));
    assert.deepEqual(byId['call-1'], { id: 'call-1', name: 'LookupOrder', content: { number: 'A-1', status: 'shipped' } });
    assert.deepEqual(byId['call-2'], { id: 'call-2', name: 'GetDate', content: '2026-01-01' });
    // when the agent answers and says it is done
    await complete(second.jobKey, {
      variables: { agent: { responseText: 'Order A-1 has shipped' } },
      result: { type: 'adHocSubProcess', isCompletionConditionFulfilled: true },
    });
    await untilState(ctx.api, key, 'COMPLETED');
    assert.equal((await variablesOf(ctx.api, key)).answer, 'Order A-1 has shipped');
  });

  it('refuses a job result naming an element the sub-process does not have', async () => {
    const key = await startInstance(ctx.api, 'adhoc-agent');
    const job = await activateJobOf(ctx.api, 'support-agent', key);
    const res = await ctx.api.post(`/v2/jobs/${job.jobKey}/completion`, {
      result: { type: 'adHocSubProcess', activateElements: [{ elementId: 'DeleteEverything' }] },
    });
    assertProblem(res, 400, /'DeleteEverything'|"DeleteEverything"/, /LookupOrder, GetDate/);
  });

  it('waits with nothing to start, and starts elements asked for through the API', async () => {
    await deployed(ctx.api, { name: 'adhoc-open.bpmn', content: camunda8('adhoc-open.bpmn') });
    const key = await startInstance(ctx.api, 'adhoc-open');
    const [adHoc] = await ctx.api.until(async () => {
      const found = await elementsOf(ctx.api, key, 'Activity_case');
      return found.length > 0 ? found : undefined;
    });
    assert.equal(adHoc.state, 'ACTIVE');
    const path = `/v2/element-instances/ad-hoc-activities/${adHoc.elementInstanceKey}/activation`;
    // an unknown id is refused, and nothing starts
    assertProblem(await ctx.api.post(path, { elements: [{ elementId: 'Activity_nope' }] }), 400, /Activity_nope/);
    assertProblem(await ctx.api.post(path, { elements: [] }), 400, /at least one element/);
    // when the caller is asked for
    ok(await ctx.api.post(path, { elements: [{ elementId: 'Activity_call', variables: { reason: 'follow-up' } }] }), 204);
    const call = await activateJobOf(ctx.api, 'call-customer', key);
    assert.equal(call.variables.reason, 'follow-up');
    await complete(call.jobKey);
    await untilState(ctx.api, key, 'COMPLETED');
    assert.deepEqual(
      (await search(ctx.api, 'element-instances', { processInstanceKey: key, elementId: 'Activity_note' })).length,
      0,
    );
  });

  it('migrates a waiting ad-hoc sub-process to a new version, where it goes on', async () => {
    // given an instance of the open case waiting in its ad-hoc sub-process
    const key = await startInstance(ctx.api, 'adhoc-open');
    await ctx.api.until(async () => (await elementsOf(ctx.api, key, 'Activity_case')).length > 0);
    // and a version 2 whose ad-hoc sub-process calls the customer by another job type
    const v2 = await deployed(ctx.api, {
      name: 'adhoc-open.bpmn',
      content: camunda8('adhoc-open.bpmn').replace('type="call-customer"', 'type="call-customer-v2"'),
    });
    const target = v2.deployments[0].processDefinition.processDefinitionKey;
    // when it migrates, mapping the ad-hoc sub-process onto itself
    ok(await ctx.api.post(`/v2/process-instances/${key}/migration`, {
      targetProcessDefinitionKey: target,
      mappingInstructions: [{ sourceElementId: 'Activity_case', targetElementId: 'Activity_case' }],
    }), 204);
    // then the inner elements it starts afterwards are the new version's
    const [adHoc] = await elementsOf(ctx.api, key, 'Activity_case');
    ok(await ctx.api.post(`/v2/element-instances/ad-hoc-activities/${adHoc.elementInstanceKey}/activation`, {
      elements: [{ elementId: 'Activity_call' }],
    }), 204);
    const call = await activateJobOf(ctx.api, 'call-customer-v2', key);
    await complete(call.jobKey);
    await untilState(ctx.api, key, 'COMPLETED');
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Camunda8 } from '@camunda8/sdk';
import type { TestDatabase } from '@osprey/testing';
import { migratedTestDatabase, startEngineProcess, until, type EngineProcess } from '../src';

function fixture(name: string): string {
  return readFileSync(join(__dirname, '../../test/fixtures', name), 'utf8');
}

const noWait = { consistency: { waitUpToMs: 0 } };

describe("the official Camunda 8 client's decision calls against a real Osprey engine process", () => {
  let db: TestDatabase;
  let engine: EngineProcess;
  let camunda: Camunda8;

  before(async () => {
    db = await migratedTestDatabase('e2e_camunda_decisions');
    engine = await startEngineProcess({ databaseUrl: db.url });
    camunda = new Camunda8({ ZEEBE_REST_ADDRESS: engine.url, CAMUNDA_REST_ADDRESS: engine.url, CAMUNDA_AUTH_STRATEGY: 'NONE', CAMUNDA_LOG_LEVEL: 'none' } as never);
  });

  after(async () => {
    await engine?.stop();
    await db?.drop();
  });

  // Given a DMN file drawn in Camunda Modeler and a process that calls it, deployed with the REST client.
  let deployment: Awaited<ReturnType<ReturnType<Camunda8['getCamundaRestClient']>['deployResources']>>;
  before(async () => {
    deployment = await camunda.getCamundaRestClient().deployResources([
      { name: 'discount.dmn', content: fixture('discount.dmn') },
      { name: 'discount-order.bpmn', content: fixture('discount-order.bpmn') },
    ]);
  });

  it('answers the deployment of a DMN file and a process that calls it in Camunda 8 shapes (REST client)', () => {
    assert.deepEqual(deployment.decisions.map((d) => [d.decisionDefinitionId, d.version]).sort(), [['customer-tier', 1], ['discount', 1]]);
    assert.equal(deployment.decisionRequirements[0]?.decisionRequirementsId, 'discount-rules');
    assert.equal(deployment.processes[0]?.processDefinitionId, 'e2e-discount-order');
  });

  it('evaluates a decision with evaluateDecision (REST client)', async () => {
    const rest = camunda.getCamundaRestClient();
    const result = await rest.evaluateDecision({ decisionDefinitionId: 'discount', variables: { customer: { orders: 55 }, amount: 1200 } });
    assert.deepEqual(JSON.parse(result.output), { rate: 0.15, reason: 'gold customer, large order' });
    assert.deepEqual(result.evaluatedDecisions.map((d) => [d.decisionDefinitionId, d.matchedRules.map((r) => r.ruleId)]), [
      ['customer-tier', ['Rule_gold']],
      ['discount', ['Rule_gold_big']],
    ]);
  });

  it('runs the process: the business-rule task decides, and the client finds the decision instances (8.8 client)', async () => {
    const client = camunda.getOrchestrationClusterApiClient();
    const started = await client.createProcessInstance({ processDefinitionId: 'e2e-discount-order' as never, variables: { customer: { orders: 3 }, amount: 40 } });
    const processInstanceKey = String(started.processInstanceKey);
    const found = await until(async () => {
      const page = await client.searchDecisionInstances({ filter: { processInstanceKey: processInstanceKey as never } }, noWait);
      return page.items?.length === 2 ? page : undefined;
    }, 'the decision instances of the process instance');
    const discount = found.items!.find((i) => i.decisionDefinitionId === 'discount')!;
    assert.equal(discount.state, 'EVALUATED');
    assert.deepEqual(JSON.parse(discount.result!), { rate: 0, reason: 'bronze customer' });
    const detail = await client.getDecisionInstance({ decisionEvaluationInstanceKey: discount.decisionEvaluationInstanceKey! }, noWait);
    assert.deepEqual(detail.matchedRules?.map((r) => r.ruleId), ['Rule_others']);
    assert.deepEqual(detail.evaluatedInputs?.map((i) => [i.inputName, i.inputValue]), [['Tier', '"bronze"'], ['Order amount', '40']]);
  });

  it('searches decision definitions and requirements and reads their XML (8.8 client)', async () => {
    const client = camunda.getOrchestrationClusterApiClient();
    const definitions = await client.searchDecisionDefinitions({ filter: { decisionDefinitionId: 'discount' as never } }, noWait);
    assert.equal(definitions.items!.length, 1);
    const definition = definitions.items![0]!;
    assert.equal(definition.name, 'Discount');
    const same = await client.getDecisionDefinition({ decisionDefinitionKey: definition.decisionDefinitionKey! }, noWait);
    assert.equal(same.decisionRequirementsId, 'discount-rules');
    const requirements = await client.searchDecisionRequirements({ filter: { decisionRequirementsId: 'discount-rules' } }, noWait);
    assert.equal(requirements.items![0]?.decisionRequirementsName, 'Discount rules');
    const xml = await client.getDecisionRequirementsXml({ decisionRequirementsKey: requirements.items![0]!.decisionRequirementsKey! }, noWait);
    assert.match(String(xml), /<decision id="discount" name="Discount">/);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertProblem, deployed, engineForFile, fixture } from '../api/support';

const DISCOUNT = () => fixture('discount.dmn');

/** The decision definitions and the decision requirements of a deployment answer. */
function decisionsOf(body: any) {
  return {
    decisions: body.deployments.filter((d: any) => d.decisionDefinition).map((d: any) => d.decisionDefinition),
    requirements: body.deployments.filter((d: any) => d.decisionRequirements).map((d: any) => d.decisionRequirements),
  };
}

describe('decision deployments: .dmn in POST /v2/deployments', () => {
  const ctx = engineForFile('api_decision_deployments');

  it('deploys a Camunda Modeler DMN file beside a BPMN file, answering Camunda 8 shapes', async () => {
    // given a DMN file drawn in Camunda Modeler (two tables, one requiring the other, DMNDI) and a process
    const body = await deployed(ctx.api, { name: 'discount.dmn', content: DISCOUNT() }, { name: 'invoice.bpmn', content: fixture('invoice.bpmn') });
    // then each decision and the requirements graph are their own entries
    const { decisions, requirements } = decisionsOf(body);
    assert.equal(requirements.length, 1);
    const { decisionRequirementsKey, ...drg } = requirements[0];
    assert.match(decisionRequirementsKey, /^\d+$/);
    assert.deepEqual(drg, { decisionRequirementsId: 'discount-rules', decisionRequirementsName: 'Discount rules', version: 1, resourceName: 'discount.dmn', tenantId: '<default>' });
    assert.deepEqual(
      decisions.map((d: any) => [d.decisionDefinitionId, d.name, d.version, d.decisionRequirementsId, d.decisionRequirementsKey === decisionRequirementsKey]),
      [['customer-tier', 'Customer tier', 1, 'discount-rules', true], ['discount', 'Discount', 1, 'discount-rules', true]],
    );
    assert.ok(decisions.every((d: any) => /^\d+$/.test(d.decisionDefinitionKey)));
    assert.ok(body.deployments.some((d: any) => d.processDefinition?.processDefinitionId === 'invoice'));
  });

  it('versions per decision id: an identical redeployment is the same version, a changed file the next', async () => {
    const first = decisionsOf(await deployed(ctx.api, { name: 'discount.dmn', content: DISCOUNT() }));
    const again = decisionsOf(await deployed(ctx.api, { name: 'discount.dmn', content: DISCOUNT() }));
    assert.deepEqual(again, first);
    const changed = decisionsOf(await deployed(ctx.api, { name: 'discount.dmn', content: DISCOUNT().replace('&gt;= 50', '&gt;= 40') }));
    assert.deepEqual(changed.decisions.map((d: any) => d.version), [first.decisions[0].version + 1, first.decisions[1].version + 1]);
    assert.equal(changed.requirements[0].version, first.requirements[0].version + 1);
    assert.notEqual(changed.decisions[0].decisionDefinitionKey, first.decisions[0].decisionDefinitionKey);
  });

  it('checks the whole deployment first: every DMN problem is listed and nothing is stored', async () => {
    // given a DMN file with a FEEL error in an entry, an aggregation on UNIQUE and a missing required decision
    const broken = DISCOUNT()
      .replace('id="discount-rules"', 'id="broken-rules"')
      .replace('id="customer-tier"', 'id="tier-x"')
      .replace('<text>&gt;= 1000</text>', '<text>&gt;= </text>')
      .replace('hitPolicy="UNIQUE"', 'hitPolicy="UNIQUE" aggregation="SUM"');
    const res = await ctx.api.deploy({ name: 'broken.dmn', content: broken }, { name: 'fine.bpmn', content: fixture('invoice.bpmn').replace('id="invoice"', 'id="not-stored"') });
    assertProblem(res, 400, /broken\.dmn: 'UnaryTests_2'|broken\.dmn: 'Rule_gold_big'/, /aggregation only with the hit policy COLLECT/, /required decision 'customer-tier' of decision 'discount' to exist/);
    const stored = await ctx.api.post('/v2/process-definitions/search', { filter: { processDefinitionId: 'not-stored' } });
    assert.equal(stored.body.items.length, 0);
  });

  it('refuses hostile XML (a DOCTYPE with entities) before parsing it', async () => {
    const hostile = `<?xml version="1.0"?><!DOCTYPE definitions [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>${DISCOUNT().replace(/^<\?xml[^>]*>/, '')}`;
    assertProblem(await ctx.api.deploy({ name: 'hostile.dmn', content: hostile }), 400, /hostile\.dmn: Expected a DMN document without a document type declaration/);
  });
});

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertProblem, deployed, engineForFile, fixture, ok, search, startInstance } from '../api/support';
import { ruleProcess } from './rule-process';

describe('decision API: evaluation, definitions, requirements and instances over REST', () => {
  const ctx = engineForFile('api_decisions');
  let deployment: any;
  const decisionKey = (id: string) => deployment.deployments.find((d: any) => d.decisionDefinition?.decisionDefinitionId === id).decisionDefinition.decisionDefinitionKey as string;

  before(async () => {
    deployment = await deployed(ctx.api, { name: 'discount.dmn', content: fixture('discount.dmn') });
  });

  it('evaluates a decision by id: the output, and every evaluated decision with inputs and matched rules', async () => {
    const body = ok(await ctx.api.post('/v2/decision-definitions/evaluation', { decisionDefinitionId: 'discount', variables: { customer: { orders: 12 }, amount: 800 } }));
    assert.equal(body.decisionDefinitionId, 'discount');
    assert.equal(body.decisionDefinitionKey, decisionKey('discount'));
    assert.equal(body.decisionDefinitionName, 'Discount');
    assert.equal(body.decisionRequirementsId, 'discount-rules');
    assert.deepEqual(JSON.parse(body.output), { rate: 0.05, reason: 'silver customer' });
    assert.equal(body.failedDecisionDefinitionId, '');
    assert.match(body.decisionEvaluationKey, /^\d+$/);
    const [tier, discount] = body.evaluatedDecisions;
    assert.equal(tier.decisionDefinitionId, 'customer-tier');
    assert.equal(tier.output, '"silver"');
    assert.deepEqual(tier.evaluatedInputs, [{ inputId: 'Input_orders', inputName: 'Orders last year', inputValue: '12' }]);
    assert.deepEqual(tier.matchedRules, [{ ruleId: 'Rule_silver', ruleIndex: 2, evaluatedOutputs: [{ outputId: 'Output_tier', outputName: 'tier', outputValue: '"silver"' }] }]);
    assert.equal(discount.decisionDefinitionType, 'DECISION_TABLE');
    assert.deepEqual(discount.matchedRules.map((r: any) => r.ruleId), ['Rule_others']);
    assert.equal(discount.decisionEvaluationInstanceKey, `${body.decisionEvaluationKey}-2`);
  });

  it('evaluates by key; a failing decision answers which one failed and why, and is stored as FAILED', async () => {
    // given a UNIQUE table whose rules overlap
    const overlap = `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="overlap-drg" name="Overlap" namespace="x">
      <decision id="size" name="Size"><decisionTable id="t" hitPolicy="UNIQUE">
        <input id="in" label="Weight"><inputExpression id="e" typeRef="number"><text>weight</text></inputExpression></input>
        <output id="out" name="size" typeRef="string" />
        <rule id="small"><inputEntry id="a"><text>&lt;= 10</text></inputEntry><outputEntry id="b"><text>"S"</text></outputEntry></rule>
        <rule id="medium"><inputEntry id="c"><text>[10..50]</text></inputEntry><outputEntry id="d"><text>"M"</text></outputEntry></rule>
      </decisionTable></decision></definitions>`;
    const drg = await deployed(ctx.api, { name: 'overlap.dmn', content: overlap });
    const key = drg.deployments.find((d: any) => d.decisionDefinition).decisionDefinition.decisionDefinitionKey;
    const body = ok(await ctx.api.post('/v2/decision-definitions/evaluation', { decisionDefinitionKey: key, variables: { weight: 10 } }));
    assert.equal(body.failedDecisionDefinitionId, 'size');
    assert.equal(body.output, '');
    assert.match(body.failureMessage, /decision 'Size' \('size'\)/);
    assert.match(body.failureMessage, /rules 'small' \(#1\) and 'medium' \(#2\) matched/);
    assert.match(body.failureMessage, /Weight = 10/);
    const [failed] = await search(ctx.api, 'decision-instances', { decisionEvaluationKey: body.decisionEvaluationKey, state: 'FAILED' });
    assert.equal(failed.decisionDefinitionId, 'size');
    assert.equal(failed.decisionDefinitionKey, key);
    assert.match(failed.evaluationFailure, /hit policy UNIQUE/);
  });

  it('refuses an evaluation naming no decision, or one that is not deployed', async () => {
    assertProblem(await ctx.api.post('/v2/decision-definitions/evaluation', { variables: {} }), 400, /decisionDefinitionId or decisionDefinitionKey/);
    assertProblem(await ctx.api.post('/v2/decision-definitions/evaluation', { decisionDefinitionId: 'nope' }), 404, /'nope'/);
    assertProblem(await ctx.api.post('/v2/decision-definitions/evaluation', { decisionDefinitionId: 'discount', variables: [1] }), 400, /variables/);
  });

  it('searches and reads decision definitions and requirements, with their XML', async () => {
    const [definition] = await search(ctx.api, 'decision-definitions', { decisionDefinitionId: 'customer-tier' });
    assert.deepEqual(
      { ...definition, decisionDefinitionKey: undefined, decisionRequirementsKey: undefined },
      { decisionDefinitionKey: undefined, decisionDefinitionId: 'customer-tier', name: 'Customer tier', version: 1, versionTag: 'tiers-1', decisionRequirementsKey: undefined, decisionRequirementsId: 'discount-rules', tenantId: '<default>' },
    );
    assert.deepEqual(ok(await ctx.api.get(`/v2/decision-definitions/${definition.decisionDefinitionKey}`)), definition);
    const xml = await fetch(`${ctx.api.baseUrl}/v2/decision-definitions/${definition.decisionDefinitionKey}/xml`);
    assert.match(await xml.text(), /<decision id="customer-tier"/);
    const [requirements] = await search(ctx.api, 'decision-requirements', { decisionRequirementsId: 'discount-rules' });
    assert.equal(requirements.decisionRequirementsName, 'Discount rules');
    assert.equal(requirements.resourceName, 'discount.dmn');
    const drgXml = await fetch(`${ctx.api.baseUrl}/v2/decision-requirements/${requirements.decisionRequirementsKey}/xml`);
    assert.equal(drgXml.headers.get('content-type'), 'text/xml; charset=utf-8');
    assert.equal(await drgXml.text(), fixture('discount.dmn'));
    assertProblem(await ctx.api.get('/v2/decision-definitions/123'), 404);
  });

  it('keeps each evaluation of a business-rule task as decision instances of its process instance and element', async () => {
    await deployed(ctx.api, { name: 'order.bpmn', content: ruleProcess('api-order', 'decisionId="discount" resultVariable="discount"') });
    const processInstanceKey = await startInstance(ctx.api, 'api-order', { customer: { orders: 70 }, amount: 100 });
    const instances = await search(ctx.api, 'decision-instances', { processInstanceKey }, { sort: [{ field: 'decisionEvaluationInstanceKey' }] });
    assert.deepEqual(instances.map((i: any) => [i.decisionDefinitionId, i.state, i.elementId, JSON.parse(i.result)]), [
      ['customer-tier', 'EVALUATED', 'decide', 'gold'],
      ['discount', 'EVALUATED', 'decide', { rate: 0.1, reason: 'gold customer' }],
    ]);
    assert.ok(instances.every((i: any) => i.rootDecisionDefinitionKey === decisionKey('discount') && /^\d+$/.test(i.elementInstanceKey)));
    const detail = ok(await ctx.api.get(`/v2/decision-instances/${instances[1].decisionEvaluationInstanceKey}`));
    assert.deepEqual(detail.evaluatedInputs, [
      { inputId: 'Input_tier', inputName: 'Tier', inputValue: '"gold"' },
      { inputId: 'Input_amount', inputName: 'Order amount', inputValue: '100' },
    ]);
    assert.deepEqual(detail.matchedRules, [
      {
        ruleId: 'Rule_gold_small',
        ruleIndex: 2,
        evaluatedOutputs: [
          { outputId: 'Output_rate', outputName: 'rate', outputValue: '0.1' },
          { outputId: 'Output_reason', outputName: 'reason', outputValue: '"gold customer"' },
        ],
      },
    ]);
    assertProblem(await ctx.api.get('/v2/decision-instances/1-1'), 404);
    assertProblem(await ctx.api.get('/v2/decision-instances/not-a-key'), 404);
  });

  it('tries a decision of a file that is not deployed (the modeler), storing nothing', async () => {
    const xml = fixture('discount.dmn').replace('id="discount-rules"', 'id="draft-rules"');
    const body = ok(await ctx.api.post('/v2/osprey/decision-evaluation', { xml, decisionId: 'customer-tier', variables: { customer: { orders: 50 } } }));
    assert.equal(body.output, '"gold"');
    assert.deepEqual(body.evaluatedDecisions[0].matchedRules.map((r: any) => r.ruleIndex), [1]);
    assert.deepEqual(await search(ctx.api, 'decision-requirements', { decisionRequirementsId: 'draft-rules' }), []);
    assertProblem(await ctx.api.post('/v2/osprey/decision-evaluation', { xml: xml.replace('&gt;= 50', '&gt;= '), decisionId: 'customer-tier' }), 400, /UnaryTests_gold|Rule_gold/);
    assertProblem(await ctx.api.post('/v2/osprey/decision-evaluation', { xml, decisionId: 'nope' }), 400, /customer-tier, discount/);
  });
});

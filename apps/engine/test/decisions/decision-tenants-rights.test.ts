import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertDenied } from '../auth/auth-fixtures';
import { TENANT_A, TENANT_B, tenantEngineForFile } from '../auth/tenant-fixtures';
import { fixture } from '../support/bpmn';

describe('decisions are scoped by tenant and by rights, like processes', () => {
  const ctx = tenantEngineForFile('api_decision_tenants');
  let definitionKey: string;
  let requirementsKey: string;
  let evaluationKey: string;

  before(async () => {
    const a = await ctx.admin('alice', [TENANT_A]);
    const res = await a.deploy('discount.dmn', fixture('discount.dmn'), TENANT_A);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const tier = res.body.deployments.find((d: any) => d.decisionDefinition?.decisionDefinitionId === 'customer-tier').decisionDefinition;
    assert.equal(tier.tenantId, TENANT_A);
    definitionKey = tier.decisionDefinitionKey;
    requirementsKey = tier.decisionRequirementsKey;
    const evaluated = await a.call('POST', '/v2/decision-definitions/evaluation', { decisionDefinitionId: 'customer-tier', tenantId: TENANT_A, variables: { customer: { orders: 5 } } });
    assert.equal(evaluated.status, 200, JSON.stringify(evaluated.body));
    assert.equal(evaluated.body.tenantId, TENANT_A);
    evaluationKey = evaluated.body.decisionEvaluationKey;
  });

  it("another tenant's admin finds none of tenant A's decisions, requirements or instances", async () => {
    const b = await ctx.admin('bob', [TENANT_B]);
    for (const entity of ['decision-definitions', 'decision-requirements', 'decision-instances']) {
      const found = await b.call('POST', `/v2/${entity}/search`, {});
      assert.equal(found.status, 200);
      assert.deepEqual(found.body.items, [], entity);
    }
    for (const path of [`/v2/decision-definitions/${definitionKey}`, `/v2/decision-definitions/${definitionKey}/xml`, `/v2/decision-requirements/${requirementsKey}/xml`, `/v2/decision-instances/${evaluationKey}-1`]) {
      assert.equal((await b.call('GET', path)).status, 404, path);
    }
    assert.equal((await b.call('POST', '/v2/decision-definitions/evaluation', { decisionDefinitionKey: definitionKey, variables: {} })).status, 404);
    assert.equal((await b.call('POST', '/v2/decision-definitions/evaluation', { decisionDefinitionId: 'customer-tier', variables: {} })).status, 404);
    const a = await ctx.admin('alice', [TENANT_A]);
    const own = await a.call('POST', '/v2/decision-instances/search', { filter: { decisionEvaluationKey: evaluationKey } });
    assert.equal(own.body.items.length, 1);
  });

  it('reading decisions takes the read right; evaluating one takes the start right', async () => {
    const viewer = await ctx.user('vera', ['viewer']);
    const starter = await ctx.user('sam', ['starter']);
    assertDenied(await viewer.call('POST', '/v2/decision-definitions/evaluation', { decisionDefinitionId: 'customer-tier', variables: {} }), 403);
    assertDenied(await starter.call('POST', '/v2/decision-definitions/search', {}), 403);
    assertDenied(await starter.call('POST', '/v2/decision-instances/search', {}), 403);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { oneTaskProcess } from '../support/bpmn';
import type { Caller } from './auth-fixtures';
import { tenantEngineForFile, TENANT_A } from './tenant-fixtures';

const DEFAULT = '<default>';

/** Idempotent starts (`operationReference`): one reference, one instance, per tenant. */
describe('operation references', () => {
  const ctx = tenantEngineForFile('op_refs');
  let dora: Caller;
  let alice: Caller;

  const start = (caller: Caller, operationReference: string, tenantId?: string) =>
    caller.call('POST', '/v2/process-instances', { processDefinitionId: 'ref-order', operationReference, ...(tenantId ? { tenantId } : {}) });

  it('given process ref-order deployed in the default tenant and in tenant A', async () => {
    dora = await ctx.admin('dora', [DEFAULT]);
    alice = await ctx.admin('alice', [TENANT_A]);
    assert.equal((await dora.deploy('ref-order.bpmn', oneTaskProcess('ref-order', 'ref-work'))).status, 200);
    assert.equal((await alice.deploy('ref-order.bpmn', oneTaskProcess('ref-order', 'ref-work'), TENANT_A)).status, 200);
  });

  it("does not let a default-tenant caller plant another tenant's reference", async () => {
    // given a default-tenant start whose reference spells tenant A's stored form of order-42
    const planted = await start(dora, `tenant:${TENANT_A}:order-42`);
    assert.equal(planted.status, 200);
    assert.equal(planted.body.tenantId, DEFAULT);

    // when tenant A starts with its own reference order-42, twice
    const own = await start(alice, 'order-42');
    const retried = await start(alice, 'order-42');

    // then tenant A gets its own instance, once, and the planted one stays the default tenant's
    assert.equal(own.status, 200);
    assert.equal(own.body.tenantId, TENANT_A);
    assert.notEqual(own.body.processInstanceKey, planted.body.processInstanceKey);
    assert.equal(retried.body.processInstanceKey, own.body.processInstanceKey);
    assert.equal((await start(dora, `tenant:${TENANT_A}:order-42`)).body.processInstanceKey, planted.body.processInstanceKey);
  });

  it('keeps plain default-tenant references as they were', async () => {
    const first = await start(dora, 'order-7');
    const again = await start(dora, 'order-7');
    assert.equal(again.body.processInstanceKey, first.body.processInstanceKey);
  });

  it('answers every one of concurrent starts with one reference with the same instance, and starts one', async () => {
    // when ten clients start with one reference at the same moment
    const answers = await Promise.all(Array.from({ length: 10 }, () => start(alice, 'burst-1')));

    // then every answer is 200 with one instance, and only that instance exists
    assert.deepEqual(answers.map((a) => a.status), Array(10).fill(200));
    const keys = new Set(answers.map((a) => a.body.processInstanceKey));
    assert.equal(keys.size, 1);
    const jobs = await alice.call('POST', '/v2/jobs/search', { filter: { type: 'ref-work', tenantId: TENANT_A } });
    const started = new Set(jobs.body.items.map((j: { processInstanceKey: string }) => j.processInstanceKey));
    assert.ok(started.has([...keys][0]));
    assert.equal(started.size, 2); // order-42 and burst-1
  });
});

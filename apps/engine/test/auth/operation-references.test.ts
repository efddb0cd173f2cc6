import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
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

  // Given process ref-order deployed in the default tenant and in tenant A.

  before(async () => {
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

  it('keeps references stored by the previous release working, and never hands out another tenant\'s instance for them', async () => {
    // given rows as the previous release stored them: a default-tenant reference that begins
    // with a reserved prefix, kept as sent, and a default-tenant instance planted under tenant A's form
    const legacy = await start(dora, 'will-be-legacy');
    const planted = await start(dora, 'will-be-planted');
    const pg = new Client({ connectionString: ctx.db.url });
    await pg.connect();
    try {
      await pg.query(`UPDATE operation_reference SET reference = 'default:order-1' WHERE reference = 'will-be-legacy'`);
      await pg.query(`UPDATE operation_reference SET reference = $1 WHERE reference = 'will-be-planted'`, [`tenant:${TENANT_A}:order-99`]);
    } finally {
      await pg.end();
    }

    // when each tenant starts again with those references
    const again = await start(dora, 'default:order-1');
    const own = await start(alice, 'order-99');
    const ownAgain = await start(alice, 'order-99');

    // then the default tenant gets its instance back, and tenant A its own instance, once
    assert.equal(again.body.processInstanceKey, legacy.body.processInstanceKey);
    assert.equal(own.status, 200);
    assert.equal(own.body.tenantId, TENANT_A);
    assert.notEqual(own.body.processInstanceKey, planted.body.processInstanceKey);
    assert.equal(ownAgain.body.processInstanceKey, own.body.processInstanceKey);
  });

  it('answers every one of concurrent starts with one reference with the same instance, and starts one', async () => {
    const startedInA = async () => {
      const jobs = await alice.call('POST', '/v2/jobs/search', { filter: { type: 'ref-work', tenantId: TENANT_A } });
      return new Set(jobs.body.items.map((j: { processInstanceKey: string }) => j.processInstanceKey));
    };
    const before = await startedInA();

    // when ten clients start with one reference at the same moment
    const answers = await Promise.all(Array.from({ length: 10 }, () => start(alice, 'burst-1')));

    // then every answer is 200 with one instance, and only that instance was started
    assert.deepEqual(answers.map((a) => a.status), Array(10).fill(200));
    const keys = new Set(answers.map((a) => a.body.processInstanceKey));
    assert.equal(keys.size, 1);
    const after = await startedInA();
    assert.deepEqual([...after].filter((k) => !before.has(k)), [...keys]);
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { Client } from 'pg';
import { activateJobOf, assertProblem, deployed, engineForFile, ok, search, untilState, variablesOf } from '../api/support';
import { collect, testKafka, uniquePrefix, type Received } from '../support/kafka';

/**
 * An order is signed by a worker, archived by a FEEL script, amended by an operator and confirmed
 * by a message. Its variables are ordinary business sizes — a 10 KB order, a 4 KB signature of
 * random bytes that does not compress — far below the 1 MiB limit, and every step keeps them.
 */
const SIGNED_ORDER = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="signed-order" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="sign"><bpmn:extensionElements><zeebe:taskDefinition type="sign-order" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:scriptTask id="archive">
      <bpmn:extensionElements><zeebe:script expression="={order: order, signature: signature}" resultVariable="archived" /></bpmn:extensionElements>
    </bpmn:scriptTask>
    <bpmn:intermediateCatchEvent id="confirmed"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
    <bpmn:serviceTask id="ship"><bpmn:extensionElements><zeebe:taskDefinition type="ship-signed" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sign" />
    <bpmn:sequenceFlow id="f2" sourceRef="sign" targetRef="archive" />
    <bpmn:sequenceFlow id="f3" sourceRef="archive" targetRef="confirmed" />
    <bpmn:sequenceFlow id="f4" sourceRef="confirmed" targetRef="ship" />
    <bpmn:sequenceFlow id="f5" sourceRef="ship" targetRef="end" />
  </bpmn:process>
  <bpmn:message id="m" name="order-confirmed"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>
</bpmn:definitions>`;

/** A random signature: `bytes` random bytes in base64, which compresses to about its own size. */
const signature = (bytes = 3072) => randomBytes(bytes).toString('base64');

/** An order of about 10 KB: forty lines with descriptions. */
function order(id: string): Record<string, unknown> {
  const lines = Array.from({ length: 40 }, (_, i) => ({ sku: `SKU-${i}`, quantity: i + 1, description: `Line ${i} `.repeat(20) }));
  return { id, customer: 'ACME Industrial', lines };
}

describe('large variables: a 10 KB order with a 4 KB signature goes through every path', () => {
  const prefix = uniquePrefix('large');
  const kafka = testKafka();
  const ctx = engineForFile('large_vars', {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    OSPREY_KAFKA_PREFIX: prefix,
    OSPREY_KAFKA_JOB_TYPES: 'ship-signed',
    OSPREY_KAFKA_GROUP_ID: `engine-${prefix}`,
  });
  let producer: Producer;
  let received: Received[];
  let stopCollecting: () => Promise<void>;

  before(async () => {
    ({ messages: received, stop: stopCollecting } = await collect(kafka, [`${prefix}.jobs.ship-signed`]));
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
    await deployed(ctx.api, { name: 'signed-order.bpmn', content: SIGNED_ORDER });
  });

  after(async () => {
    await producer?.disconnect();
    await stopCollecting?.();
  });

  /** Starts a signed order up to its Kafka shipping job; returns its key and the job message. */
  async function untilShipping(orderId: string): Promise<{ key: string; sig: string; job: Received }> {
    const start = ok(await ctx.api.post('/v2/process-instances', { processDefinitionId: 'signed-order', variables: { orderId, order: order(orderId) } }));
    const key = start.processInstanceKey as string;
    const sig = signature();
    const signing = await activateJobOf(ctx.api, 'sign-order', key);
    ok(await ctx.api.post(`/v2/jobs/${signing.jobKey}/completion`, { variables: { signature: sig } }), 204);
    ok(await ctx.api.request('PUT', `/v2/element-instances/${key}/variables`, { variables: { auditTrail: signature(3000) } }), 204);
    ok(await ctx.api.post('/v2/messages/correlation', { name: 'order-confirmed', correlationKey: orderId, variables: { confirmation: signature() } }));
    const job = await ctx.api.until(async () => received.find((m) => m.value.processInstanceKey === key), 15_000, `the shipping job of ${orderId}`);
    return { key, sig, job };
  }

  it('keeps them through start, job completion, PUT variables, correlation, a FEEL script and Kafka results', async () => {
    // given two signed orders waiting for their Kafka shipping jobs
    const first = await untilShipping('O-1');
    const second = await untilShipping('O-2');

    // when both shipping results arrive on one results partition, each with another large label
    await producer.send({
      topic: `${prefix}.job-results`,
      messages: [first, second].map(({ job }) => ({
        key: 'one-partition',
        value: JSON.stringify({ resultId: randomUUID(), jobKey: job.value.jobKey, attempt: job.value.attempt, kind: 'complete', variables: { label: signature() } }),
      })),
    });

    // then both orders complete: the first large result did not hold up the second
    await untilState(ctx.api, first.key, 'COMPLETED');
    await untilState(ctx.api, second.key, 'COMPLETED');
    // and every variable is kept whole, the FEEL result included
    const vars = await variablesOf(ctx.api, first.key);
    assert.deepEqual(vars.order, order('O-1'));
    assert.equal(vars.signature, first.sig);
    assert.deepEqual(vars.archived, { order: order('O-1'), signature: first.sig });
    for (const name of ['auditTrail', 'confirmation', 'label']) assert.equal(typeof vars[name], 'string');
  });

  it('skips a result PostgreSQL itself refuses, so the results behind it on the partition still apply', async () => {
    // given two orders at their shipping jobs, and a database that refuses one variable name
    const refused = await untilShipping('O-5');
    const next = await untilShipping('O-6');
    const pg = new Client({ connectionString: ctx.db.url });
    await pg.connect();
    try {
      await pg.query(`
        CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.name = 'poison' THEN RAISE EXCEPTION 'value refused' USING ERRCODE = '22023'; END IF; RETURN NEW; END $$;
        CREATE TRIGGER refuse_poison BEFORE INSERT ON variable FOR EACH ROW EXECUTE FUNCTION refuse_poison();`);

      // when the refused result and then a good one arrive on one partition
      await producer.send({
        topic: `${prefix}.job-results`,
        messages: [
          { job: refused.job, variables: { poison: true } },
          { job: next.job, variables: { label: 'ok' } },
        ].map(({ job, variables }) => ({
          key: 'one-partition',
          value: JSON.stringify({ resultId: randomUUID(), jobKey: job.value.jobKey, attempt: job.value.attempt, kind: 'complete', variables }),
        })),
      });

      // then the good one completes its order, and the refused one left its job waiting
      await untilState(ctx.api, next.key, 'COMPLETED');
      assert.equal(ok(await ctx.api.get(`/v2/process-instances/${refused.key}`)).state, 'ACTIVE');
    } finally {
      await pg.query(`DROP TRIGGER IF EXISTS refuse_poison ON variable; DROP FUNCTION IF EXISTS refuse_poison()`);
      await pg.end();
    }
  });

  it('finds an instance by the value of a large variable', async () => {
    const { key, sig } = await untilShipping('O-3');

    const found = await search(ctx.api, 'variables', { name: 'signature', value: JSON.stringify(sig) });
    const foundIn = await search(ctx.api, 'variables', { name: 'signature', value: { $in: [JSON.stringify(sig), '"other"'] } });
    const none = await search(ctx.api, 'variables', { name: 'signature', value: JSON.stringify(signature()) });

    assert.deepEqual(found.map((v) => v.processInstanceKey), [key]);
    assert.deepEqual(foundIn.map((v) => v.processInstanceKey), [key]);
    assert.deepEqual(none, []);
  });

  it('reaches the documented 1 MiB limit: a variable just under it starts, one over it is refused with 413', async () => {
    // random text, so compression cannot hide its size from PostgreSQL
    const under = randomBytes(786_000).toString('base64'); // 1,048,000 characters + 2 quotes
    const over = randomBytes(786_500).toString('base64');

    const started = ok(await ctx.api.post('/v2/process-instances', { processDefinitionId: 'signed-order', variables: { orderId: 'O-big', scan: under } }));
    const refused = await ctx.api.post('/v2/process-instances', { processDefinitionId: 'signed-order', variables: { orderId: 'O-bigger', scan: over } });

    const found = await search(ctx.api, 'variables', { processInstanceKey: started.processInstanceKey, name: 'scan' });
    assert.equal(JSON.parse(found[0].value), under);
    assertProblem(refused, 413, /variables\.scan: Expected at most 1048576 bytes/);
  });
});

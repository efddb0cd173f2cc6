import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Producer } from 'kafkajs';
import { parseKafkaJobMessage } from '@osprey/contracts';
import type { TestDatabase } from '@osprey/testing';
import type { RunningEngine } from '../../src/server';
import { Api, bootEngine, freshDatabase } from '../support/engine-harness';
import { collect, testKafka, uniquePrefix, type Received } from '../support/kafka';

const PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="kafka-order" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="pack"><bpmn:extensionElements><zeebe:taskDefinition type="pack" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:intermediateCatchEvent id="paid">
      <bpmn:messageEventDefinition messageRef="m" />
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pack" />
    <bpmn:sequenceFlow id="f2" sourceRef="pack" targetRef="paid" />
    <bpmn:sequenceFlow id="f3" sourceRef="paid" targetRef="end" />
  </bpmn:process>
  <bpmn:message id="m" name="order-paid"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>
</bpmn:definitions>`;

/** Kafka-dispatched jobs, results and inbound messages on the real broker. */
describe('Kafka: jobs out, results and messages in, events out', () => {
  const prefix = uniquePrefix('jobs');
  const kafka = testKafka();
  let db: TestDatabase;
  let engine: RunningEngine;
  let api: Api;
  let pg: Client;
  let producer: Producer;
  let received: Received[];
  let stopCollecting: () => Promise<void>;

  before(async () => {
    db = await freshDatabase('kafkajobs');
    ({ messages: received, stop: stopCollecting } = await collect(kafka, [`${prefix}.jobs.pack`, `${prefix}.events`]));
    engine = await bootEngine({
      DATABASE_URL: db.url,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS,
      OSPREY_KAFKA_PREFIX: prefix,
      OSPREY_KAFKA_JOB_TYPES: 'pack',
      OSPREY_KAFKA_GROUP_ID: `engine-${prefix}`,
      OSPREY_MAX_VARIABLE_BYTES: '1000',
    });
    api = new Api(engine.url);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
    assert.equal((await api.deploy({ name: 'kafka-order.bpmn', content: PROCESS })).status, 200);
  });

  after(async () => {
    await producer?.disconnect();
    await stopCollecting?.();
    await engine?.stop();
    await pg?.end();
    if (!process.env.KEEP_TEST_DB) await db?.drop();
  });

  /** Waits until instance `key` waits at the payment event (its packing job is done). */
  function untilWaitingForPayment(key: string, what: string) {
    return api.until(
      async () => (await api.post('/v2/element-instances/search', { filter: { processInstanceKey: key, elementId: 'paid', state: 'ACTIVE' } })).body.items.length === 1,
      15_000,
      what,
    );
  }

  it('dispatches the job to its topic, applies a duplicated result once, and a duplicated message once', async () => {
    // given an order whose packing job goes over Kafka
    const key = (await api.post('/v2/process-instances', { processDefinitionId: 'kafka-order', variables: { orderId: 'K-1' } })).body
      .processInstanceKey as string;
    // then the job arrives on <prefix>.jobs.pack, keyed by the instance, with its variables and attempt
    const job = await api.until(async () => received.find((m) => m.topic === `${prefix}.jobs.pack` && m.key === key), 15_000, 'the job message');
    assert.equal(job.value.attempt, 1);
    assert.equal(job.value.variables.orderId, 'K-1');
    assert.ok(job.value.deadline > Date.now());
    // and it follows the one contract workers parse it with (every field, none missing)
    assert.deepEqual(parseKafkaJobMessage(JSON.stringify(job.value)), job.value);
    // and REST workers never see it
    assert.deepEqual(await api.activate('pack'), []);

    // when a worker sends its result twice (a redelivery) and a stale one from an older attempt
    const result = { resultId: randomUUID(), jobKey: job.value.jobKey, attempt: 1, kind: 'complete', variables: { parcels: 2 } };
    const stale = { resultId: randomUUID(), jobKey: job.value.jobKey, attempt: 0, kind: 'fail', retries: 0, errorMessage: 'stale' };
    await producer.send({
      topic: `${prefix}.job-results`,
      messages: [stale, result, result].map((r) => ({ key: key, value: JSON.stringify(r) })),
    });
    // then the job completes exactly once and the stale failure changed nothing
    await untilWaitingForPayment(key, 'the instance to wait for payment');
    const completions = await pg.query(
      `SELECT count(*)::int AS n FROM history_entry WHERE process_instance_key = $1 AND value_type = 'JOB' AND intent = 'COMPLETED'`,
      [key],
    );
    assert.equal(completions.rows[0].n, 1);
    const incidents = await api.post('/v2/incidents/search', { filter: { processInstanceKey: key } });
    assert.equal(incidents.body.items.length, 0);
    const parcels = await api.post('/v2/variables/search', { filter: { processInstanceKey: key, name: 'parcels' } });
    assert.equal(parcels.body.items[0].value, '2');

    // when the payment message arrives on <prefix>.messages twice with one message id
    const message = { name: 'order-paid', correlationKey: 'K-1', messageId: `pay-${key}`, variables: { paidAt: 'now' } };
    await producer.send({ topic: `${prefix}.messages`, messages: [message, message].map((m) => ({ key: 'K-1', value: JSON.stringify(m) })) });
    // then the instance completes, having correlated it once
    await api.until(async () => (await api.get(`/v2/process-instances/${key}`)).body.state === 'COMPLETED', 15_000, 'completion');
    const correlated = await pg.query(
      `SELECT count(*)::int AS n FROM history_entry WHERE process_instance_key = $1 AND value_type = 'MESSAGE_SUBSCRIPTION' AND intent = 'CORRELATED'`,
      [key],
    );
    assert.equal(correlated.rows[0].n, 1);

    // and the record stream reached <prefix>.events in order for this instance, ending with its completion
    const events = await api.until(async () => {
      const list = received.filter((m) => m.topic === `${prefix}.events` && m.key === key);
      return list.some((e) => e.value.intent === 'ELEMENT_COMPLETED' && e.value.value.bpmnElementType === 'PROCESS') && list;
    }, 15_000, 'the completion event');
    const ids = events.map((e) => BigInt(e.value.eventId));
    assert.deepEqual(ids, [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    assert.ok(events.some((e) => e.value.valueType === 'JOB' && e.value.intent === 'CREATED'));
  });

  it('applies a burst of results sent together once each, in order per instance: redeliveries and a second answer are recognised', async () => {
    // given 24 orders whose packing jobs went out over Kafka
    const keys: string[] = [];
    for (let i = 0; i < 24; i++) {
      keys.push((await api.post('/v2/process-instances', { processDefinitionId: 'kafka-order', variables: { orderId: `B-${i}` } })).body.processInstanceKey as string);
    }
    const jobs = await api.until(async () => {
      const list = keys.map((key) => received.find((m) => m.topic === `${prefix}.jobs.pack` && m.key === key));
      return list.every(Boolean) && list.map((m) => m!.value);
    }, 15_000, 'the 24 job messages');

    // when a worker sends every result twice in one batch (the engine applies a batch's results
    // together), and, last, a second answer to the first job under a new result id
    const results = jobs.map((job, i) => ({ resultId: randomUUID(), jobKey: job.jobKey, attempt: job.attempt, kind: 'complete', variables: { parcels: i } }));
    const stale = { ...results[0]!, resultId: randomUUID(), variables: { parcels: 99 } };
    await producer.send({
      topic: `${prefix}.job-results`,
      messages: [...results, ...results, stale].map((r, i) => ({ key: keys[i % keys.length]!, value: JSON.stringify(r) })),
    });

    // then every order completed its job exactly once, with its own result, and no incident
    for (const [i, key] of keys.entries()) {
      await untilWaitingForPayment(key, `order ${i} to wait for payment`);
      const parcels = await api.post('/v2/variables/search', { filter: { processInstanceKey: key, name: 'parcels' } });
      assert.equal(parcels.body.items[0].value, String(i));
    }
    const completions = await pg.query(
      `SELECT process_instance_key::text AS key, count(*)::int AS n FROM history_entry
        WHERE process_instance_key = ANY($1::bigint[]) AND value_type = 'JOB' AND intent = 'COMPLETED' GROUP BY 1`,
      [keys],
    );
    assert.deepEqual(completions.rows.map((r) => r.n), keys.map(() => 1));
    const incidents = await api.post('/v2/incidents/search', { filter: { processInstanceKey: keys[0] } });
    assert.equal(incidents.body.items.length, 0);
    // and each result id, the refused second answer's too, was recorded once
    const recorded = await pg.query(`SELECT count(*)::int AS n FROM consumed_message WHERE consumer = 'job-results' AND id = ANY($1::text[])`, [
      [stale, ...results].map((r) => r.resultId),
    ]);
    assert.equal(recorded.rows[0].n, 25);
  });

  it('refuses results and messages with variables over the limits without blocking their partitions; the next ones apply', async () => {
    const key = (await api.post('/v2/process-instances', { processDefinitionId: 'kafka-order', variables: { orderId: 'K-3' } })).body
      .processInstanceKey as string;
    const job = await api.until(async () => received.find((m) => m.topic === `${prefix}.jobs.pack` && m.key === key), 15_000, 'the job message');

    // when an oversized result and then a fitting one arrive on the same partition
    await producer.send({
      topic: `${prefix}.job-results`,
      messages: [
        { key, value: JSON.stringify({ resultId: randomUUID(), jobKey: job.value.jobKey, attempt: 1, kind: 'complete', variables: { label: 'x'.repeat(2000) } }) },
        { key, value: JSON.stringify({ resultId: randomUUID(), jobKey: job.value.jobKey, attempt: 1, kind: 'complete', variables: { parcels: 1 } }) },
      ],
    });

    // then the fitting one completes the job and the oversized one left nothing behind
    await untilWaitingForPayment(key, 'the instance to move on');
    const label = await api.post('/v2/variables/search', { filter: { processInstanceKey: key, name: 'label' } });
    assert.equal(label.body.items.length, 0);

    // when a message PostgreSQL could not store (U+0000) and then a good one arrive for it
    const bad = `{"name":"order-paid","correlationKey":"K-3","variables":{"note":"a\\u0000b"}}`;
    const good = JSON.stringify({ name: 'order-paid', correlationKey: 'K-3', variables: { paidAt: 'now' } });
    await producer.send({ topic: `${prefix}.messages`, messages: [bad, good].map((value) => ({ key: 'K-3', value })) });
    // then the bad one is skipped and the good one completes the instance
    await api.until(async () => (await api.get(`/v2/process-instances/${key}`)).body.state === 'COMPLETED', 15_000, 'completion');
  });

  it('dispatches the job again with the next attempt when its lease expires', async () => {
    // given a job whose lease is cut short
    const key = (await api.post('/v2/process-instances', { processDefinitionId: 'kafka-order', variables: { orderId: 'K-2' } })).body
      .processInstanceKey as string;
    await api.until(async () => received.find((m) => m.topic === `${prefix}.jobs.pack` && m.key === key), 15_000, 'the first dispatch');
    await pg.query(`UPDATE job SET deadline = now() - interval '1 second', available_at = now() - interval '1 second' WHERE process_instance_key = $1`, [key]);
    // then it is dispatched again with attempt 2 within a second
    const second = await api.until(
      async () => received.find((m) => m.topic === `${prefix}.jobs.pack` && m.key === key && m.value.attempt === 2),
      5_000,
      'the second dispatch',
    );
    // and a late result from attempt 1 is refused while attempt 2 is accepted
    await producer.send({
      topic: `${prefix}.job-results`,
      messages: [
        { key, value: JSON.stringify({ resultId: randomUUID(), jobKey: second.value.jobKey, attempt: 1, kind: 'complete', variables: { late: true } }) },
        { key, value: JSON.stringify({ resultId: randomUUID(), jobKey: second.value.jobKey, attempt: 2, kind: 'complete' }) },
      ],
    });
    await untilWaitingForPayment(key, 'the instance to move on');
    const late = await api.post('/v2/variables/search', { filter: { processInstanceKey: key, name: 'late' } });
    assert.equal(late.body.items.length, 0);
  });
});

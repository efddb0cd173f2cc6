import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import { OspreyClient, createWorker, type Worker } from '@osprey/client';
import type { TestDatabase } from '@osprey/testing';
import { kafkaBrokers, migratedTestDatabase, startEngineProcess, until, type EngineProcess } from '../src';

/** start → `outage-pack` (dispatched over Kafka) → end. */
const PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="outage-order" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="pack"><bpmn:extensionElements><zeebe:taskDefinition type="outage-pack" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pack" />
    <bpmn:sequenceFlow id="f2" sourceRef="pack" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

const ORDERS = 12;
/** The engine's Kafka lease (short, so the outage can outlast it) and how many expiries make an incident. */
const LEASE_MS = 4_000;
const MAX_LEASE_EXPIRIES = 2;

/**
 * Kafka refuses every write to the job topic while its `max.message.bytes` is below any job
 * message: the relay's sends fail, as they do while the brokers holding the topic are down. The
 * shared test broker cannot be stopped by one test; one topic can be closed for this test alone.
 * (`min.insync.replicas` above the replica count does not refuse writes on a one-broker KRaft
 * cluster.)
 */
async function setMaxMessageBytes(admin: Admin, topic: string, bytes: number): Promise<void> {
  await admin.alterConfigs({
    validateOnly: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'max.message.bytes', value: String(bytes) }] }],
  });
}

describe('Kafka-dispatched jobs while Kafka cannot take them (an outage of their topic)', () => {
  const prefix = `t${Date.now().toString(36)}${randomUUID().slice(0, 6)}.outage`;
  const jobTopic = `${prefix}.jobs.outage-pack`;
  const kafka = new Kafka({ clientId: 'e2e-outage', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  let admin: Admin;
  let db: TestDatabase;
  let engine: EngineProcess;
  let client: OspreyClient;
  let worker: Worker | undefined;

  before(async () => {
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: jobTopic, numPartitions: 2, configEntries: [{ name: 'max.message.bytes', value: '16' }] }, { topic: `${prefix}.job-results` }],
    });
    db = await migratedTestDatabase('e2e_kafka_outage');
    engine = await startEngineProcess({
      databaseUrl: db.url,
      env: {
        KAFKA_BROKERS: kafkaBrokers().join(','),
        OSPREY_KAFKA_PREFIX: prefix,
        OSPREY_KAFKA_JOB_TYPES: 'outage-pack',
        OSPREY_KAFKA_GROUP_ID: `engine-${prefix}`,
        OSPREY_KAFKA_JOB_TIMEOUT_MS: String(LEASE_MS),
        OSPREY_MAX_LEASE_EXPIRIES: String(MAX_LEASE_EXPIRIES),
        OSPREY_TIMER_POLL_MS: '100',
      },
    });
    client = new OspreyClient({ baseUrl: engine.url });
    await client.deploy([{ name: 'outage-order.bpmn', content: PROCESS }]);
  });

  after(async () => {
    await worker?.stop({ drainMs: 1_000 });
    await engine?.stop();
    await db?.drop();
    await admin?.deleteTopics({ topics: [jobTopic, `${prefix}.job-results`] }).catch(() => undefined);
    await admin?.disconnect();
  });

  async function get(path: string): Promise<any> {
    return (await fetch(`${engine.url}${path}`)).json();
  }
  async function post(path: string, body: unknown): Promise<any> {
    const res = await fetch(`${engine.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(res.status, 200, `POST ${path} answered ${res.status}: ${await res.clone().text()}`);
    return res.json();
  }
  /** `osprey_job_lease_expiries_total` of the job type (0 before the first expiry). */
  async function leaseExpiries(): Promise<number> {
    const text = await (await fetch(`${engine.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('osprey_job_lease_expiries_total{') && l.includes('type="outage-pack"'));
    return line ? Number(line.split(' ').pop()) : 0;
  }

  it('delivers the jobs dispatched while Kafka refused them once it is back, and the worker completes each once; none becomes an incident', async () => {
    // given Kafka refusing the job topic's writes
    // and the packing worker running, as it keeps running through an outage
    const packed = new Map<string, number>();
    worker = createWorker({
      type: 'outage-pack',
      transport: 'kafka',
      kafka: { brokers: kafkaBrokers(), topicPrefix: prefix, fromBeginning: true },
      client,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      handler: (job) => {
        const orderId = String(job.variables.orderId);
        packed.set(orderId, (packed.get(orderId) ?? 0) + 1);
        return { packed: true };
      },
    });
    await worker.start();
    // when orders start during the outage, and it outlasts the leases the jobs may lose
    const keys: string[] = [];
    for (let i = 0; i < ORDERS; i++) keys.push((await post('/v2/process-instances', { processDefinitionId: 'outage-order', variables: { orderId: `O-${i}` } })).processInstanceKey);
    await new Promise((r) => setTimeout(r, (MAX_LEASE_EXPIRIES + 0.5) * LEASE_MS));
    // then the orders wait for their packing, none has become an incident, and no lease has run out
    assert.deepEqual((await post('/v2/incidents/search', { filter: { processDefinitionId: 'outage-order' } })).items, []);
    for (const key of keys) assert.equal((await get(`/v2/process-instances/${key}`)).state, 'ACTIVE');
    assert.equal(packed.size, 0);
    assert.equal(await leaseExpiries(), 0, 'a job Kafka never took has no lease to lose');

    // when Kafka takes writes again
    await setMaxMessageBytes(admin, jobTopic, 1_048_588);

    // then every order completes, each packed once, and none became an incident
    await until(
      async () => {
        const states = await Promise.all(keys.map(async (key) => (await get(`/v2/process-instances/${key}`)).state));
        return states.every((s) => s === 'COMPLETED');
      },
      'every order to complete after the outage',
      60_000,
      250,
    );
    assert.deepEqual([...packed.values()], Array(ORDERS).fill(1), 'each order packed once');
    assert.deepEqual((await post('/v2/incidents/search', { filter: { processDefinitionId: 'outage-order' } })).items, []);
    assert.equal(await leaseExpiries(), 0);
  });
});

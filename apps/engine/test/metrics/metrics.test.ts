import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import type { TestDatabase } from '@osprey/testing';
import type { RunningEngine } from '../../src/server';
import { DatabaseGauges, KafkaLag } from '../../src/metrics';
import { LabelCap, OTHER } from '../../src/metrics/label-cap';
import { Api, bootEngine, freshDatabase, tempDataDir } from '../support/engine-harness';
import { oneTaskProcess } from '../support/bpmn';
import { testKafka, uniquePrefix } from '../support/kafka';
import { parseExposition, valueOf, type Family } from './exposition';

/** start → 0.2 s timer → service task `metrics-pack` → end. */
const TIMER_THEN_TASK = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="metrics-timed" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT0.2S</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:taskDefinition type="metrics-pack" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="task" />
    <bpmn:sequenceFlow id="f3" sourceRef="task" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

async function scrape(api: Api): Promise<Map<string, Family>> {
  const res = await fetch(`${api.baseUrl}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return parseExposition(await res.text());
}

async function started(api: Api, processDefinitionId: string): Promise<string> {
  const res = await api.post('/v2/process-instances', { processDefinitionId });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.processInstanceKey as string;
}

describe('GET /metrics on a PostgreSQL server', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let api: Api;

  before(async () => {
    db = await freshDatabase('metrics');
    engine = await bootEngine({ DATABASE_URL: db.url });
    api = new Api(engine.url);
    // Every scrape samples the database afresh (production reuses a sample for 5 s).
    engine.app.get(DatabaseGauges).minIntervalMs = 0;
  });
  after(async () => {
    await engine?.stop();
    await db?.drop();
  });

  it('counts instances, transitions, activations, incidents and timer lag from what the engine did', async () => {
    // given a one-task process and a process that waits on a short timer
    const deploy = await api.deploy(
      { name: 'order.bpmn', content: oneTaskProcess('metrics-order', 'metrics-ship') },
      { name: 'timed.bpmn', content: TIMER_THEN_TASK },
    );
    assert.equal(deploy.status, 200, JSON.stringify(deploy.body));
    // when three orders start: one completes, one is cancelled, one fails into an incident
    const [done, cancelled] = [await started(api, 'metrics-order'), await started(api, 'metrics-order')];
    await started(api, 'metrics-order');
    const timed = await started(api, 'metrics-timed');
    const jobs = await api.activate('metrics-ship', 3);
    assert.equal(jobs.length, 3);
    const jobOf = (key: string) => jobs.find((j) => j.processInstanceKey === key)!;
    assert.equal((await api.post(`/v2/jobs/${jobOf(done).jobKey}/completion`, {})).status, 204);
    assert.equal((await api.post(`/v2/process-instances/${cancelled}/cancellation`, {})).status, 204);
    const failing = jobs.find((j) => j.processInstanceKey !== done && j.processInstanceKey !== cancelled)!;
    assert.equal((await api.post(`/v2/jobs/${failing.jobKey}/failure`, { retries: 0, errorMessage: 'no stock' })).status, 204);
    // and the timer fires, leaving a job nobody has activated yet
    await api.until(async () => (await api.post('/v2/jobs/search', { filter: { processInstanceKey: timed } })).body.items?.length > 0, 10_000, 'the timer to fire');

    // then the scrape parses and shows all of it
    const m = await api.until(async () => {
      const families = await scrape(api);
      return valueOf(families, 'osprey_job_activation_latency_seconds_count') >= 1 ? families : undefined;
    }, 10_000, 'the activation latency to be measured');
    const process = { process: 'metrics-order' };
    assert.equal(valueOf(m, 'osprey_process_instances_started_total', process), 3);
    assert.equal(valueOf(m, 'osprey_process_instances_completed_total', process), 1);
    assert.equal(valueOf(m, 'osprey_process_instances_terminated_total', process), 1);
    assert.equal(valueOf(m, 'osprey_process_instances_started_total', { process: 'metrics-timed' }), 1);
    assert.equal(valueOf(m, 'osprey_element_transitions_total', { element_type: 'SERVICE_TASK', intent: 'ELEMENT_ACTIVATED' }), 4);
    assert.equal(valueOf(m, 'osprey_element_transitions_total', { element_type: 'SERVICE_TASK', intent: 'ELEMENT_COMPLETED' }), 1);
    assert.equal(valueOf(m, 'osprey_job_transitions_total', { type: 'metrics-ship', intent: 'CREATED' }), 3);
    assert.equal(valueOf(m, 'osprey_job_transitions_total', { type: 'metrics-ship', intent: 'FAILED' }), 1);
    assert.equal(valueOf(m, 'osprey_jobs_activated_total', { type: 'metrics-ship' }), 3);
    assert.equal(valueOf(m, 'osprey_job_activation_latency_seconds_count'), 3, 'every first activation is measured, not a sample');
    assert.ok(valueOf(m, 'osprey_job_activation_latency_seconds_sum') < 60, 'latency is measured in seconds');
    assert.equal(valueOf(m, 'osprey_incidents_created_total', process), 1);
    assert.equal(valueOf(m, 'osprey_timer_lag_seconds_count'), 1);
    // and the database gauges: one incident open, one job waiting, nothing overdue or in the outbox
    assert.equal(valueOf(m, 'osprey_incidents_open'), 1);
    assert.equal(valueOf(m, 'osprey_jobs_backlog', { type: 'metrics-pack' }), 1);
    assert.equal(valueOf(m, 'osprey_jobs_backlog', { type: 'metrics-ship' }), 0);
    assert.ok(valueOf(m, 'osprey_timers_overdue_seconds') < 5);
    assert.equal(valueOf(m, 'osprey_outbox_rows'), 0);
    assert.equal(valueOf(m, 'osprey_outbox_lag_seconds'), 0);
    // and the pool of this process, and Node's own metrics
    assert.ok(valueOf(m, 'osprey_db_pool_connections', { state: 'total' }) >= 1);
    assert.equal(valueOf(m, 'osprey_db_pool_max_connections'), 20);
    assert.ok(m.has('process_cpu_user_seconds_total') && m.has('nodejs_heap_size_used_bytes'));
    // and Kafka is off, so its lag family is declared but empty
    assert.equal(m.get('osprey_kafka_consumer_lag')?.samples.length, 0);
  });

  it('labels HTTP requests by route pattern, never by the raw URL', async () => {
    // given requests to a parametrised route, one answered 404
    await api.get('/v2/process-instances/2251799813999999');
    await api.post('/v2/no-such-endpoint', {});
    // when scraped
    const m = await scrape(api);
    // then the route label is the pattern, and no label anywhere carries a key
    const http = m.get('osprey_http_request_duration_seconds')!;
    assert.ok(valueOf(m, 'osprey_http_request_duration_seconds_count', { method: 'GET', route: '/v2/process-instances/:key', status: '404' }) >= 1, JSON.stringify(http.samples.filter((s) => s.name.endsWith('_count')).map((s) => s.labels)));
    assert.ok(valueOf(m, 'osprey_http_request_duration_seconds_count', { method: 'POST', route: 'unmatched', status: '404' }) >= 1);
    assert.ok(valueOf(m, 'osprey_http_request_duration_seconds_count', { method: 'POST', route: '/v2/jobs/activation', status: '200' }) >= 1);
    for (const family of m.values()) {
      for (const s of family.samples) {
        for (const v of Object.values(s.labels)) assert.doesNotMatch(v, /\d{10,}/, `${s.name} carries a key in ${JSON.stringify(s.labels)}`);
      }
    }
  });

  it('counts lease expiries by job type when the job is handed out again and when it becomes an incident', async () => {
    // given a job whose worker takes it with a short lease and never reports (5 expiries raise an incident by default)
    assert.equal((await api.deploy({ name: 'expiring.bpmn', content: oneTaskProcess('metrics-expiring', 'metrics-stuck') })).status, 200);
    const key = await started(api, 'metrics-expiring');
    const take = async () =>
      (await api.post('/v2/jobs/activation', { type: 'metrics-stuck', maxJobsToActivate: 1, timeout: 150, requestTimeout: 2_000, worker: 'w' })).body.jobs as { attempt: number }[];
    assert.equal((await take())[0]?.attempt, 1);
    assert.equal(valueOf(await scrape(api), 'osprey_job_lease_expiries_total', { type: 'metrics-stuck' }), 0, 'a first activation is no expiry');
    // when the lease runs out and another worker takes the job
    assert.equal((await take())[0]?.attempt, 2);
    // then one expiry is counted, under the job type only
    assert.equal(valueOf(await scrape(api), 'osprey_job_lease_expiries_total', { type: 'metrics-stuck' }), 1);
    // when the lease keeps running out until the job becomes an incident
    for (let attempt = 3; attempt <= 5; attempt++) assert.equal((await take())[0]?.attempt, attempt);
    await api.until(
      async () => (await api.post('/v2/incidents/search', { filter: { processInstanceKey: key } })).body.items?.length > 0,
      10_000,
      'the lease-expiry incident',
    );
    // then every expiry was counted: four re-activations and the one that raised the incident
    const m = await scrape(api);
    assert.equal(valueOf(m, 'osprey_job_lease_expiries_total', { type: 'metrics-stuck' }), 5);
    assert.deepEqual(m.get('osprey_job_lease_expiries_total')?.samples.map((s) => Object.keys(s.labels)), [['type']]);
  });
});

describe('GET /metrics on the embedded database', () => {
  it('answers without pool metrics (there is no pool)', async () => {
    // given an engine on the embedded database
    const engine = await bootEngine({ OSPREY_DATA_DIR: tempDataDir(), DATABASE_URL: undefined });
    try {
      // when scraped, then it parses and shows the database gauges but no pool
      const m = await scrape(new Api(engine.url));
      assert.equal(valueOf(m, 'osprey_incidents_open'), 0);
      assert.equal(m.get('osprey_db_pool_connections')?.samples.length, 0);
    } finally {
      await engine.stop();
    }
  });
});

describe('GET /metrics with Kafka', () => {
  let db: TestDatabase;
  let engine: RunningEngine | undefined;
  const prefix = uniquePrefix('lag');
  const results = `${prefix}.job-results`;

  // Given three unreadable job results waiting before an engine with the executor role starts.
  before(async () => {
    db = await freshDatabase('metrics_kafka');
    const kafka = testKafka();
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: results, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: results, messages: [1, 2, 3].map((n) => ({ key: `k${n}`, value: 'not a job result' })) });
    await producer.disconnect();
    engine = await bootEngine({
      DATABASE_URL: db.url,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS,
      OSPREY_KAFKA_PREFIX: prefix,
      OSPREY_KAFKA_GROUP_ID: `${prefix}-engine`,
      // Short Kafka leases, for the re-dispatch test below.
      OSPREY_KAFKA_JOB_TIMEOUT_MS: '1000',
    });
    engine.app.get(KafkaLag).minIntervalMs = 0;
  });
  after(async () => {
    await engine?.stop();
    await db?.drop();
  });

  it('reports the consumer lag of the inbound topics from committed offsets', async () => {
    const api = new Api(engine!.url);
    // the lag of both inbound topics is reported, and reaches 0 once the engine consumed the results and committed
    const m = await api.until(async () => {
      const families = await scrape(api);
      const lag = families.get('osprey_kafka_consumer_lag')!.samples;
      return lag.length === 2 && valueOf(families, 'osprey_kafka_consumer_lag', { topic: results }) === 0 ? families : undefined;
    }, 20_000, 'the consumer lag to reach 0');
    assert.equal(valueOf(m, 'osprey_kafka_consumer_lag', { topic: `${prefix}.messages` }), 0);
  });

  it('counts a Kafka job re-dispatched after its lease ran out as a lease expiry', async () => {
    // given a job dispatched over Kafka (task header) that no worker answers
    const api = new Api(engine!.url);
    const xml = oneTaskProcess('metrics-kafka', 'metrics-kafka-stuck').replace(
      '<zeebe:taskDefinition type="metrics-kafka-stuck" retries="3" />',
      '<zeebe:taskDefinition type="metrics-kafka-stuck" retries="3" /><zeebe:taskHeaders><zeebe:header key="osprey:transport" value="kafka" /></zeebe:taskHeaders>',
    );
    assert.equal((await api.deploy({ name: 'kafka-stuck.bpmn', content: xml })).status, 200);
    const key = await started(api, 'metrics-kafka');
    // when its 1 s leases run out and the executor sends it again
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      // then the counter matches the expiries the job row recorded, once it has seen two
      await api.until(async () => {
        const counted = valueOf(await scrape(api), 'osprey_job_lease_expiries_total', { type: 'metrics-kafka-stuck' });
        const { rows } = await pg.query(`SELECT lease_expiries AS n FROM job WHERE process_instance_key = $1`, [key]);
        return counted >= 2 && counted === rows[0]?.n;
      }, 15_000, 'two re-dispatches counted exactly');
    } finally {
      await pg.end();
    }
  });
});

describe('LabelCap', () => {
  it('keeps the first values by name and folds the rest into other', () => {
    // given a cap of two
    const cap = new LabelCap(2);
    // when three values arrive, then the third is other; kept values stay kept; long values are cut
    assert.deepEqual([cap.of('a'), cap.of('b'), cap.of('c'), cap.of('a')], ['a', 'b', OTHER, 'a']);
    assert.equal(new LabelCap().of('x'.repeat(500)).length, 100);
  });
});

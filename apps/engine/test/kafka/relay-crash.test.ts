import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import type { TestDatabase } from '@osprey/testing';
import type { RunningEngine } from '../../src/server';
import { Api, bootEngine, freshDatabase } from '../support/engine-harness';
import { collect, testKafka, uniquePrefix, type Received } from '../support/kafka';
import { spawnEngine } from '../support/engine-process';
import { oneTaskProcess } from '../support/bpmn';

const JOBS = 1000;

/**
 * The relay is killed (SIGKILL, a real process) while it publishes 1,000 jobs: after another
 * relay takes over, every job has arrived, and per-instance order of the record stream holds.
 */
describe('outbox relay killed mid-publish', () => {
  const prefix = uniquePrefix('relay');
  const kafka = testKafka();
  let db: TestDatabase;
  let engine: RunningEngine;
  let pg: Client;
  let received: Received[];
  let stopCollecting: () => Promise<void>;
  const kafkaEnv = () => ({
    DATABASE_URL: db.url,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    OSPREY_KAFKA_PREFIX: prefix,
    OSPREY_KAFKA_JOB_TYPES: 'relay-job',
    OSPREY_KAFKA_EVENTS: 'PROCESS_INSTANCE,JOB',
  });

  before(async () => {
    db = await freshDatabase('relaycrash');
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    ({ messages: received, stop: stopCollecting } = await collect(kafka, [`${prefix}.jobs.relay-job`, `${prefix}.events`]));
    // The API/executor engine writes the outbox; no relay runs in it.
    engine = await bootEngine({ ...kafkaEnv(), ENGINE_ROLES: 'api,executor' });
  });
  after(async () => {
    await stopCollecting?.();
    await engine?.stop();
    await pg?.end();
    await db?.drop();
  });

  it('loses nothing and keeps per-instance order', async () => {
    // given 1,000 instances whose jobs wait in the outbox
    const api = new Api(engine.url);
    assert.equal((await api.deploy({ name: 'relay.bpmn', content: oneTaskProcess('relay-process', 'relay-job') })).status, 200);
    const keys: string[] = [];
    for (let i = 0; i < JOBS; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, () => api.post('/v2/process-instances', { processDefinitionId: 'relay-process' })),
      );
      const failed = batch.filter((r) => r.status !== 200);
      assert.deepEqual(failed.map((r) => r.body), [], 'every start succeeds');
      keys.push(...batch.map((r) => r.body.processInstanceKey as string));
    }
    const pending = Number((await pg.query(`SELECT count(*) AS n FROM outbox`)).rows[0].n);
    assert.ok(pending >= JOBS, `expected at least ${JOBS} outbox rows, found ${pending}`);

    // when a relay process starts publishing and is killed part-way
    const first = await spawnEngine({ ...kafkaEnv(), ENGINE_ROLES: 'relay' });
    await api.until(async () => Number((await pg.query(`SELECT count(*) AS n FROM outbox`)).rows[0].n) < pending, 30_000, 'the relay to start');
    first.child.kill('SIGKILL');
    await first.exited;
    const left = Number((await pg.query(`SELECT count(*) AS n FROM outbox`)).rows[0].n);

    // and another relay takes over
    const second = await spawnEngine({ ...kafkaEnv(), ENGINE_ROLES: 'relay' });
    try {
      await api.until(async () => Number((await pg.query(`SELECT count(*) AS n FROM outbox`)).rows[0].n) === 0, 60_000, 'the outbox to drain');
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }

    // then every job arrived (duplicates are allowed, losses are not)
    const jobsTopic = `${prefix}.jobs.relay-job`;
    await api.until(async () => new Set(received.filter((m) => m.topic === jobsTopic).map((m) => m.key)).size === JOBS, 30_000, 'every job').catch((error: Error) => {
      const got = new Set(received.filter((m) => m.topic === jobsTopic).map((m) => m.key)).size;
      throw new Error(`${error.message}: ${got} of ${JOBS} jobs arrived (${received.length} messages in all)`);
    });
    const jobInstances = new Set(received.filter((m) => m.topic === jobsTopic).map((m) => m.value.processInstanceKey));
    assert.deepEqual([...keys].filter((k) => !jobInstances.has(k)), []);

    // and for every instance, events arrived in record order (first sightings strictly increasing)
    const seen = new Map<string, bigint[]>();
    const firstSighting = new Set<string>();
    for (const m of received.filter((r) => r.topic === `${prefix}.events`)) {
      if (firstSighting.has(m.value.eventId)) continue;
      firstSighting.add(m.value.eventId);
      const list = seen.get(m.key) ?? [];
      list.push(BigInt(m.value.eventId));
      seen.set(m.key, list);
    }
    for (const [key, ids] of seen) {
      for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1]! < ids[i]!, `events of instance ${key} out of order: ${ids.join(' ')}`);
    }
    assert.ok(left < pending, 'the first relay published part of the outbox before it was killed');
  });
});

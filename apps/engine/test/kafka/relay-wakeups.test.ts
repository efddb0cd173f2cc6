import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import type { TestDatabase } from '@osprey/testing';
import type { RunningEngine } from '../../src/server';
import { Api, bootEngine, freshDatabase } from '../support/engine-harness';
import { collect, testKafka, uniquePrefix, type Received } from '../support/kafka';
import { spawnEngine, type EngineProcess } from '../support/engine-process';
import { oneTaskProcess } from '../support/bpmn';

/**
 * Far longer than the waits below: the relay can only publish within them when it is woken.
 * Not a performance threshold, just two orders of magnitude apart on any machine.
 */
const RELAY_POLL_MS = 600_000;
const WAIT_MS = 60_000;

/**
 * The relay leads on replica R, a separate engine process that re-checks the outbox on its own
 * only every 10 minutes here (`OSPREY_OUTBOX_POLL_MS`). Replica A, without the relay role,
 * writes the outbox rows. A's commands send no NOTIFY inside their transactions any more; A
 * announces its committed outbox rows afterwards (docs/adr/0024-outbox-wake-ups-after-commit.md),
 * and only that announcement lets R publish within a minute.
 */
describe('outbox rows written on one replica wake the relay leading on another', () => {
  const prefix = uniquePrefix('relaywake');
  const kafka = testKafka();
  let db: TestDatabase;
  let replicaA: RunningEngine;
  let relay: EngineProcess;
  let api: Api;
  let pg: Client;
  let received: Received[];
  let stopCollecting: () => Promise<void>;
  const kafkaEnv = () => ({
    DATABASE_URL: db.url,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    OSPREY_KAFKA_PREFIX: prefix,
    OSPREY_KAFKA_JOB_TYPES: 'wake-pack',
    OSPREY_KAFKA_EVENTS: 'none',
    OSPREY_KAFKA_GROUP_ID: `engine-${prefix}`,
  });
  const jobsFor = (instanceKey: string) =>
    received.filter((m) => m.topic === `${prefix}.jobs.wake-pack` && m.value.processInstanceKey === instanceKey);

  before(async () => {
    db = await freshDatabase('relaywake');
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    ({ messages: received, stop: stopCollecting } = await collect(kafka, [`${prefix}.jobs.wake-pack`]));
    relay = await spawnEngine({ ...kafkaEnv(), ENGINE_ROLES: 'relay', OSPREY_OUTBOX_POLL_MS: String(RELAY_POLL_MS) });
    // A lease of 1 s, so the second case gets a re-dispatch soon.
    replicaA = await bootEngine({ ...kafkaEnv(), ENGINE_ROLES: 'api,executor', OSPREY_KAFKA_JOB_TIMEOUT_MS: '1000' });
    api = new Api(replicaA.url);
    // R leads once it holds the relay's advisory lock in this database (and then sleeps on its poll).
    await api.until(
      async () =>
        (
          await pg.query(
            `SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database
              WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()`,
          )
        ).rowCount! > 0,
      30_000,
      'the relay process to lead',
    );
    assert.equal((await api.deploy({ name: 'wake-pack.bpmn', content: oneTaskProcess('wake-pack-process', 'wake-pack') })).status, 200);
  });
  after(async () => {
    await stopCollecting?.();
    await replicaA?.stop();
    relay?.child.kill('SIGTERM');
    await relay?.exited;
    await pg?.end();
    await db?.drop();
  });

  it('publishes a job started on the other replica long before the relay would poll', async () => {
    // given the relay leading on R, asleep on its 10-minute poll
    // when replica A starts an instance whose job goes to Kafka
    const started = await api.post('/v2/process-instances', { processDefinitionId: 'wake-pack-process' });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    const key = started.body.processInstanceKey as string;
    // then the job's message arrives, and the outbox is empty again
    const [message] = await api.until(async () => jobsFor(key).length > 0 && jobsFor(key), WAIT_MS, 'the job message');
    assert.equal(message!.value.type, 'wake-pack');
    assert.equal(message!.value.attempt, 1);
    await api.until(async () => Number((await pg.query(`SELECT count(*) AS n FROM outbox`)).rows[0].n) === 0, WAIT_MS, 'the outbox to drain');
  });

  it('publishes the re-dispatch of a job whose lease ran out on the other replica', async () => {
    // given a Kafka job nobody answers, with a lease of 1 s
    const started = await api.post('/v2/process-instances', { processDefinitionId: 'wake-pack-process' });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    const key = started.body.processInstanceKey as string;
    // when its lease runs out and replica A's executor dispatches it again through the outbox
    // then the relay on R publishes the next attempt as well
    const attempts = await api.until(async () => {
      const seen = jobsFor(key).map((m) => m.value.attempt as number);
      return seen.includes(2) && seen;
    }, WAIT_MS, 'the second attempt');
    assert.deepEqual(attempts.slice(0, 2), [1, 2]);
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import type { Admin, Producer } from 'kafkajs';
import type { TestDatabase } from '@osprey/testing';
import { Api, bootEngine, freshDatabase } from '../support/engine-harness';
import { testKafka, uniquePrefix } from '../support/kafka';
import { spawnEngine, type EngineProcess } from '../support/engine-process';
import { parcelProcess } from './parcel-process';

/** A parcel waits for its arrival scan, then ends. */
const PARCEL = parcelProcess('end');

/**
 * The inbound consumers (the engine's Kafka microservice) while the database is away: the
 * partition pauses instead of retrying, no offset moves past a record that was not applied,
 * and when the database is back every record is applied once.
 */
describe('Kafka inbound consumers through a database outage', () => {
  const prefix = uniquePrefix('outage');
  const group = `engine-${prefix}`;
  const kafka = testKafka();
  let db: TestDatabase;
  let pg: Client;
  /** On the server's main database: a database cannot close its doors from inside. */
  let ctl: Client;
  let admin: Admin;
  let producer: Producer;
  let executor: EngineProcess | undefined;

  before(async () => {
    db = await freshDatabase('kafka_outage');
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    ctl = new Client({ connectionString: process.env.DATABASE_URL });
    await ctl.connect();
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
    admin = kafka.admin();
    await admin.connect();
  });

  after(async () => {
    await ctl?.query(`ALTER DATABASE "${pg.database}" WITH ALLOW_CONNECTIONS true`).catch(() => undefined);
    await ctl?.end();
    executor?.child.kill('SIGKILL');
    await executor?.exited;
    await producer?.disconnect();
    await admin?.disconnect();
    await pg?.end();
    await db?.drop();
  });

  const keys = new Map<string, string>();
  /** How often the parcel's scan correlated, and whether its instance completed (its history). */
  const state = async (parcelId: string) => {
    const { rows } = await pg.query<{ correlated: string; completed: string }>(
      `SELECT count(*) FILTER (WHERE value_type = 'MESSAGE_SUBSCRIPTION' AND intent = 'CORRELATED') AS correlated,
              count(*) FILTER (WHERE value_type = 'PROCESS_INSTANCE' AND intent = 'ELEMENT_COMPLETED' AND element_id = 'parcel') AS completed
         FROM history_entry WHERE process_instance_key = $1`,
      [keys.get(parcelId)],
    );
    return { correlated: Number(rows[0].correlated), completed: Number(rows[0].completed) === 1 };
  };
  const send = (parcelId: string) =>
    producer.send({ topic: `${prefix}.messages`, messages: [{ key: parcelId, value: JSON.stringify({ name: 'parcel-arrived', correlationKey: parcelId, messageId: `scan-${parcelId}` }) }] });
  const committed = async () => {
    const [topic] = await admin.fetchOffsets({ groupId: group, topics: [`${prefix}.messages`] });
    return topic.partitions.reduce((sum, p) => sum + Math.max(Number(p.offset), 0), 0);
  };

  it('pauses while the database is away, commits nothing past what was not applied, and applies every message once when it is back', async () => {
    // given three parcels waiting for their scans, and an executor consuming `<prefix>.messages`
    const api = await bootEngine({ DATABASE_URL: db.url, ENGINE_ROLES: 'api' });
    const client = new Api(api.url);
    assert.equal((await client.deploy({ name: 'parcel.bpmn', content: PARCEL })).status, 200);
    for (const parcelId of ['P-1', 'P-2', 'P-3']) {
      const started = await client.post('/v2/process-instances', { processDefinitionId: 'parcel', variables: { parcelId } });
      assert.equal(started.status, 200);
      keys.set(parcelId, started.body.processInstanceKey as string);
    }
    await api.stop();
    executor = await spawnEngine({ DATABASE_URL: db.url, KAFKA_BROKERS: process.env.KAFKA_BROKERS, OSPREY_KAFKA_PREFIX: prefix, OSPREY_KAFKA_GROUP_ID: group, ENGINE_ROLES: 'executor' });
    await send('P-1');
    await client.until(async () => (await state('P-1')).completed, 60_000, 'the first scan to complete its parcel');
    await client.until(async () => (await committed()) === 1, 30_000, 'the first offset to be committed');

    // when the database stops taking connections and drops the executor's, and two scans arrive
    const own = (await pg.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    await ctl.query(`ALTER DATABASE "${pg.database}" WITH ALLOW_CONNECTIONS false`);
    await ctl.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> $2`, [pg.database, own]);
    await send('P-2');
    await send('P-3');

    // then the executor pauses the partition, stays up, and commits no offset for the scans it could not apply
    await client.until(async () => executor!.output().includes('Kafka partition paused until the database answers again'), 60_000, 'the partition to pause');
    assert.equal(executor.child.exitCode, null, executor.output());
    assert.equal(await committed(), 1);

    // and when the database is back, both scans are applied, each once, and their offsets committed
    await ctl.query(`ALTER DATABASE "${pg.database}" WITH ALLOW_CONNECTIONS true`);
    for (const parcelId of ['P-2', 'P-3']) {
      await client.until(async () => (await state(parcelId)).completed, 60_000, `the scan of ${parcelId} to complete it`);
    }
    for (const parcelId of ['P-1', 'P-2', 'P-3']) assert.equal((await state(parcelId)).correlated, 1, parcelId);
    await client.until(async () => (await committed()) === 3, 30_000, 'the offsets to be committed');
    assert.match(executor.output(), /Kafka partition resumed/);
  });
});

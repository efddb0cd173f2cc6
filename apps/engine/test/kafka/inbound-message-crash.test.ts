import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import type { Producer } from 'kafkajs';
import type { TestDatabase } from '@osprey/testing';
import type { RunningEngine } from '../../src/server';
import { Api, bootEngine, freshDatabase } from '../support/engine-harness';
import { testKafka, uniquePrefix } from '../support/kafka';
import { spawnEngine, type EngineProcess } from '../support/engine-process';
import { parcelProcess } from './parcel-process';

/** A parcel waits for its arrival scan, then waits for a job that keeps the instance open. */
const PARCEL = parcelProcess('shelve');

/** Makes every buffered-message insert wait for advisory lock 4242, which the test holds. */
const HOLD_MESSAGE_INSERTS = `
  CREATE FUNCTION hold_message_insert() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN PERFORM pg_advisory_lock(4242); PERFORM pg_advisory_unlock(4242); RETURN NEW; END $$;
  CREATE TRIGGER hold_message_insert BEFORE INSERT ON message FOR EACH ROW EXECUTE FUNCTION hold_message_insert();`;

/**
 * Inbound messages on `<prefix>.messages` are applied once (ADR 0002): the consumed id commits in
 * the transaction that publishes the message. An engine killed inside that transaction must not
 * leave the id behind, or the redelivered message would be taken for a duplicate and lost.
 */
describe('Kafka inbound messages: de-duplication commits with the publication', () => {
  const prefix = uniquePrefix('inbound');
  const kafka = testKafka();
  let db: TestDatabase;
  let api: RunningEngine;
  let client: Api;
  let pg: Client;
  let producer: Producer;
  let consumer: EngineProcess | undefined;
  const consumerEnv = () => ({
    DATABASE_URL: db.url,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    OSPREY_KAFKA_PREFIX: prefix,
    OSPREY_KAFKA_GROUP_ID: `engine-${prefix}`,
    ENGINE_ROLES: 'executor',
  });

  before(async () => {
    db = await freshDatabase('inbound_crash');
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    // The API engine without Kafka: the consumers run only in the spawned executor process.
    api = await bootEngine({ DATABASE_URL: db.url, ENGINE_ROLES: 'api' });
    client = new Api(api.url);
    assert.equal((await client.deploy({ name: 'parcel.bpmn', content: PARCEL })).status, 200);
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
  });

  after(async () => {
    consumer?.child.kill('SIGKILL');
    await consumer?.exited;
    await producer?.disconnect();
    await api?.stop();
    await pg?.end();
    await db?.drop();
  });

  const start = async (parcelId: string) =>
    (await client.post('/v2/process-instances', { processDefinitionId: 'parcel', variables: { parcelId } })).body.processInstanceKey as string;
  const correlations = async (key: string) =>
    Number(
      (
        await pg.query(
          `SELECT count(*) AS n FROM history_entry WHERE process_instance_key = $1 AND value_type = 'MESSAGE_SUBSCRIPTION' AND intent = 'CORRELATED'`,
          [key],
        )
      ).rows[0].n,
    );
  const send = (message: object) => producer.send({ topic: `${prefix}.messages`, messages: [{ key: 'scan', value: JSON.stringify(message) }] });

  it('publishes a message delivered twice once', async () => {
    consumer = await spawnEngine(consumerEnv());
    const key = await start('P-1');
    const scan = { name: 'parcel-arrived', correlationKey: 'P-1', messageId: 'scan-P-1', timeToLive: 60_000 };

    await send(scan);
    await send(scan);
    await client.until(async () => (await correlations(key)) === 1, 60_000, 'the scan to correlate');
    // a third copy behind it shows the consumer went past both
    await send({ name: 'parcel-arrived', correlationKey: 'P-none', messageId: 'marker-1', timeToLive: 60_000 });
    await client.until(async () => (await pg.query(`SELECT 1 FROM consumed_message WHERE id = 'id:marker-1'`)).rowCount === 1, 60_000, 'the marker');

    assert.equal(await correlations(key), 1);
  });

  it('does not mark a message consumed when the engine dies inside its transaction; the redelivery publishes it', async () => {
    // given a parcel waiting for its scan, and buffered-message inserts held at a lock the test owns
    const key = await start('P-2');
    await pg.query(HOLD_MESSAGE_INSERTS);
    await pg.query(`SELECT pg_advisory_lock(4242)`);

    // when the scan arrives and the engine is killed while its transaction waits
    await send({ name: 'parcel-arrived', correlationKey: 'P-2', messageId: 'scan-P-2', timeToLive: 60_000 });
    await client.until(
      async () => (await pg.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory' AND datname = current_database()`)).rowCount! > 0,
      60_000,
      'the publication to wait inside its transaction',
    );
    consumer!.child.kill('SIGKILL');
    await consumer!.exited;
    await pg.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event = 'advisory' AND datname = current_database()`);
    await pg.query(`SELECT pg_advisory_unlock(4242)`);
    await pg.query(`DROP TRIGGER hold_message_insert ON message; DROP FUNCTION hold_message_insert()`);

    // then the id was not recorded and nothing correlated
    assert.equal((await pg.query(`SELECT 1 FROM consumed_message WHERE id = 'id:scan-P-2'`)).rowCount, 0);
    assert.equal(await correlations(key), 0);

    // and when an engine consumes again, the redelivered scan correlates, once
    consumer = await spawnEngine(consumerEnv());
    await client.until(async () => (await correlations(key)) === 1, 60_000, 'the redelivered scan to correlate');
    assert.equal((await pg.query(`SELECT 1 FROM consumed_message WHERE id = 'id:scan-P-2'`)).rowCount, 1);
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { migratedTestDatabase, type TestDatabase } from '@osprey/testing';
import { Database, insertOutbox } from '@osprey/store';
import { OutboxRelay } from '../src';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
const kafka = new Kafka({ clientId: 'osprey-relay-test', brokers, logLevel: logLevel.NOTHING });

let db: TestDatabase;
let database: Database;
let consumer: Consumer;
const topic = `osprey.relay-test.${randomUUID()}`;
const received: { key: string; n: number; outboxId: string }[] = [];

before(async () => {
  assert.ok(brokers.length > 0, 'Expected KAFKA_BROKERS to be set (npm test sets it through scripts/services)');
  db = await migratedTestDatabase('kafka_relay');
  database = await Database.connect({ kind: 'server', url: db.url, poolSize: 4 });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  consumer = kafka.consumer({ groupId: `osprey-relay-test-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const payload = JSON.parse(message.value!.toString()) as { n: number };
      received.push({ key: message.key!.toString(), n: payload.n, outboxId: message.headers?.['osprey-outbox-id']?.toString() ?? '' });
    },
  });
});

after(async () => {
  await consumer?.disconnect();
  await database?.close();
  await db?.drop();
});

/** Commits `count` outbox rows numbered from `from`, as a command would. */
async function commitRows(from: number, count: number): Promise<void> {
  await database.transaction((sql) =>
    insertOutbox(
      sql,
      Array.from({ length: count }, (_, i) => ({ topic, key: 'instance-1', payload: { n: from + i } })),
    ),
  );
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Expected ${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the outbox relay on PostgreSQL and Kafka', () => {
  it('lets one of two relays lead, publishes every row once in commit order, and deletes what it published', async () => {
    const relays = [0, 1].map(() => new OutboxRelay(database, kafka, { listenUrl: db.url }));
    await Promise.all(relays.map((r) => r.start()));
    try {
      await commitRows(0, 20);
      await until('20 messages', () => received.length >= 20);
      await until('the outbox to be empty', async () => (await database.rows(`SELECT 1 FROM outbox`)).length === 0);
      assert.equal(relays.filter((r) => r.leader).length, 1, 'Expected exactly one leader');
      assert.deepEqual(
        received.map((m) => m.n),
        Array.from({ length: 20 }, (_, i) => i),
      );
      assert.equal(new Set(received.map((m) => m.outboxId)).size, 20, 'Expected a distinct outbox id on every message');

      // when the leader stops, the other relay takes over and publishes what comes next
      const leader = relays.find((r) => r.leader)!;
      await leader.stop();
      await commitRows(20, 5);
      await until('25 messages', () => received.length >= 25, 40_000);
      assert.deepEqual(
        received.map((m) => m.n).slice(20),
        [20, 21, 22, 23, 24],
      );
      assert.ok(relays.find((r) => r !== leader)!.leader);
    } finally {
      await Promise.all(relays.map((r) => r.stop()));
    }
  });

  it('publishes a row committed while it is busy publishing at once, not at its next poll', async () => {
    // given a relay that polls only every 10 s, so only its wake-ups can explain a quick delivery
    const relay = new OutboxRelay(database, kafka, { pollMs: 10_000 });
    await relay.start();
    const before = received.length;
    let release!: () => void;
    let holding: Promise<void> | undefined;
    try {
      await until('the relay to lead', () => relay.leader);
      // and a row the relay publishes but cannot yet delete: another transaction holds its row lock
      await commitRows(99, 1);
      let locked!: () => void;
      const lockTaken = new Promise<void>((resolve) => (locked = resolve));
      holding = database.transaction(async (sql) => {
        await sql.rows(`SELECT id FROM outbox FOR UPDATE`);
        locked();
        await new Promise<void>((resolve) => (release = resolve));
      });
      await lockTaken;
      relay.poke();
      await until('the first row on Kafka', () => received.length >= before + 1, 5_000);
      // when the next row commits, and pokes the relay, while the relay is still busy with the first
      await commitRows(100, 1);
      relay.poke();
      release();
      await holding;
      // then the relay goes on to publish it at once, instead of sleeping to its next poll
      await until('the second row on Kafka', () => received.length >= before + 2, 3_000);
      assert.deepEqual(
        received.slice(before).map((m) => m.n),
        [99, 100],
      );
    } finally {
      release?.();
      await holding?.catch(() => undefined);
      await relay.stop();
    }
  });
});

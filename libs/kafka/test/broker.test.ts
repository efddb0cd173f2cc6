import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);

describe('the Kafka broker of the test environment', () => {
  it('delivers a produced message to a kafkajs consumer', async () => {
    assert.ok(brokers.length > 0, 'Expected KAFKA_BROKERS to be set (npm test sets it through scripts/services)');
    // given a fresh topic on the real broker
    const kafka = new Kafka({ clientId: 'osprey-test', brokers, logLevel: logLevel.NOTHING });
    const topic = `osprey.test.${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const consumer = kafka.consumer({ groupId: `osprey-test-${randomUUID()}` });
    const producer = kafka.producer({ idempotent: true });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const received = new Promise<{ key: string; value: string }>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) => resolve({ key: message.key!.toString(), value: message.value!.toString() }),
        });
      });
      // when a message is produced
      await producer.connect();
      await producer.send({ topic, messages: [{ key: 'order-1', value: JSON.stringify({ hello: 'osprey' }) }] });
      // then the consumer receives it, key and value intact
      const message = await Promise.race([
        received,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no message within 30 s')), 30_000)),
      ]);
      assert.equal(message.key, 'order-1');
      assert.deepEqual(JSON.parse(message.value), { hello: 'osprey' });
    } finally {
      await producer.disconnect();
      await consumer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { ensureTopics, inboundTopics } from '../src';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);

describe('the engine creating its inbound topics', () => {
  let kafka: Kafka;
  let admin: Admin;
  const created: string[] = [];

  before(async () => {
    assert.ok(brokers.length > 0, 'Expected KAFKA_BROKERS to be set (npm test sets it through scripts/services)');
    kafka = new Kafka({ clientId: 'osprey-test', brokers, logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
  });

  after(async () => {
    await admin.deleteTopics({ topics: created }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates the missing topic when a worker already created the other, and both have leaders when it returns', async () => {
    for (let round = 0; round < 5; round++) {
      // given the results topic a worker created before the engine started, and no messages topic
      const { results, messages } = inboundTopics(`osprey-test-${randomUUID().slice(0, 8)}`);
      created.push(results, messages);
      await admin.createTopics({ topics: [{ topic: results }], waitForLeaders: true });

      // when the engine ensures both
      await ensureTopics(admin, [results, messages]);

      // then another client sees both at once, every partition with a leader (a consumer can subscribe)
      const other = kafka.admin();
      await other.connect();
      try {
        const { topics } = await other.fetchTopicMetadata({ topics: [results, messages] });
        assert.deepEqual(topics.map((t) => t.name).sort(), [messages, results].sort());
        for (const topic of topics) {
          assert.ok(topic.partitions.length > 0, `${topic.name} has no partitions`);
          for (const p of topic.partitions) assert.ok(p.leader >= 0, `${topic.name}-${p.partitionId} has no leader`);
        }
      } finally {
        await other.disconnect();
      }
    }
  });

  it('stops with the name of a topic that can be neither created nor found, without waiting out the metadata delay', async () => {
    // given a name Kafka refuses (a topic name may not hold '/')
    const refused = `osprey-test/${randomUUID().slice(0, 8)}`;
    const started = Date.now();
    // when the engine ensures it, then the error names it
    await assert.rejects(ensureTopics(admin, [refused]), (error: Error) => {
      assert.match(error.message, /Expected the Kafka topics osprey-test\/.* to exist or be creatable/);
      return true;
    });
    // and a refusal is not mistaken for a topic still on its way
    assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
  });
});

import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';

/** The test broker (`KAFKA_BROKERS`, set by `npm test`). */
export function brokers(): string[] {
  const list = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (list.length === 0) throw new Error('Expected KAFKA_BROKERS to be set (npm test sets it through scripts/services)');
  return list;
}

/** A kafkajs client for tests. */
export function testKafka(): Kafka {
  return new Kafka({ clientId: 'osprey-test', brokers: brokers(), logLevel: logLevel.NOTHING });
}

/** A unique topic prefix so test runs never see each other's messages. */
export function uniquePrefix(name: string): string {
  return `t${Date.now().toString(36)}${randomUUID().slice(0, 6)}.${name}`;
}

/** A received message. */
export interface Received {
  topic: string;
  key: string;
  value: any;
}

/** Collects every message of some topics from the beginning. */
export async function collect(kafka: Kafka, topics: string[]): Promise<{ messages: Received[]; stop: () => Promise<void>; consumer: Consumer }> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 3 })), waitForLeaders: true }).catch(() => undefined);
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: `collector-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  const messages: Received[] = [];
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      messages.push({ topic, key: message.key?.toString() ?? '', value: JSON.parse(message.value!.toString()) });
    },
  });
  return { messages, consumer, stop: () => consumer.disconnect() };
}

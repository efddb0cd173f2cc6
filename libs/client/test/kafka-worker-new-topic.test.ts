import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka, logLevel, Partitioners, type Consumer, type Producer } from 'kafkajs';
import { createWorker, jobTopic, parseKafkaJobResult, resultsTopic, type KafkaJobMessage, type KafkaJobResult, type Worker } from '../src';
import { eventually } from './support/engine-process';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * A Kafka worker deployed before anything was ever dispatched to its job type — a new type, a
 * fresh cluster, a new topic prefix — starts, and works the first job that arrives.
 */
describe('Kafka worker whose job topic does not exist yet', () => {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  const prefix = `osprey-new-${process.pid}-${Date.now() % 1e8}`;
  const kafka = new Kafka({ clientId: 'osprey-test-engine', brokers, logLevel: logLevel.NOTHING });
  let worker: Worker | undefined;
  let producer: Producer | undefined;
  let results: Consumer | undefined;

  after(async () => {
    await worker?.stop({ drainMs: 0 });
    await results?.disconnect();
    await producer?.disconnect();
  });

  it('starts, then completes the first job published to the topic', async () => {
    // given no topic for the type
    const admin = kafka.admin();
    await admin.connect();
    const before = await admin.listTopics();
    await admin.disconnect();
    assert.ok(!before.includes(jobTopic(prefix, 'first-type')));

    // when a worker for it starts
    worker = createWorker<{ n: number }, { m: number }>({
      type: 'first-type',
      transport: 'kafka',
      kafka: { brokers, topicPrefix: prefix },
      logger: quiet,
      handler: (job) => ({ m: job.variables.n + 1 }),
    });
    await worker.start();

    // and the engine then publishes the first job of that type
    const received: KafkaJobResult[] = [];
    results = kafka.consumer({ groupId: `${prefix}-engine`, maxWaitTimeInMs: 100 });
    await results.connect();
    await results.subscribe({ topic: resultsTopic(prefix), fromBeginning: true });
    await results.run({ eachMessage: async ({ message }) => void received.push(parseKafkaJobResult(message.value)) });
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const job: KafkaJobMessage = {
      jobKey: '91',
      attempt: 1,
      deadline: Date.now() + 60_000,
      type: 'first-type',
      processInstanceKey: '71',
      elementId: 'Task',
      elementInstanceKey: '81',
      processDefinitionId: 'p',
      processDefinitionKey: '61',
      tenantId: '<default>',
      customHeaders: {},
      variables: { n: 1 },
      retries: 3,
    };
    await producer.send({ topic: jobTopic(prefix, 'first-type'), messages: [{ key: job.processInstanceKey, value: JSON.stringify(job) }] });

    // then the worker completes it
    const result = await eventually(async () => received.find((r) => r.jobKey === '91'), 'the result of the first job', 30_000);
    assert.equal(result.kind, 'complete');
    assert.deepEqual(result.kind === 'complete' && result.variables, { m: 2 });
  });
});

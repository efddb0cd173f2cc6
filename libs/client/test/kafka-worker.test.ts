import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka, logLevel, Partitioners, type Consumer, type Producer } from 'kafkajs';
import {
  BpmnError,
  OspreyClient,
  createWorker,
  jobTopic,
  parseKafkaJobResult,
  resultsTopic,
  type Job,
  type KafkaJobMessage,
  type KafkaJobResult,
  type Variables,
  type Worker,
  type WorkerOptions,
} from '../src';
import { eventually, oneTaskProcess, startEngineProcess, type EngineProcess } from './support/engine-process';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The worker side of the Kafka job contract on a real broker: the test plays the engine,
 * producing job messages and reading the result messages the worker produces.
 */
describe('Kafka worker on a real broker', () => {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  const prefix = `osprey-test-${process.pid}-${Date.now() % 1e8}`;
  const types = ['round-trip', 'failures', 'bounded', 'concurrent', 'stopping', 'expired'];
  let kafka: Kafka;
  let producer: Producer;
  let results: Consumer;
  const received: { key: string | undefined; result: KafkaJobResult }[] = [];
  const workers: Worker[] = [];
  let nextKey = 1000;

  before(async () => {
    assert.ok(
      brokers.length > 0,
      'Expected KAFKA_BROKERS to name a broker (npm test sets it through scripts/services)',
    );
    kafka = new Kafka({ clientId: 'osprey-test-engine', brokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [resultsTopic(prefix), ...types.map((t) => jobTopic(prefix, t))].map((topic) => ({
        topic,
        numPartitions: 3,
      })),
    });
    await admin.disconnect();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    results = kafka.consumer({ groupId: `${prefix}-engine` });
    await results.connect();
    await results.subscribe({ topic: resultsTopic(prefix), fromBeginning: true });
    await results.run({
      eachMessage: async ({ message }) => {
        received.push({ key: message.key?.toString(), result: parseKafkaJobResult(message.value) });
      },
    });
  });

  after(async () => {
    await Promise.all(workers.map((w) => w.stop({ drainMs: 0 })));
    await results?.disconnect();
    await producer?.disconnect();
  });

  /** Publishes a job as the engine would. */
  async function publishJob(type: string, fields: Partial<KafkaJobMessage> = {}): Promise<KafkaJobMessage> {
    const key = String(nextKey++);
    const job: KafkaJobMessage = {
      jobKey: `9${key}`,
      attempt: 1,
      deadline: Date.now() + 30_000,
      type,
      processInstanceKey: `7${key}`,
      elementId: 'Task',
      elementInstanceKey: `8${key}`,
      processDefinitionKey: `6${key}`,
      processDefinitionId: 'kafka-process',
      customHeaders: { currency: 'EUR' },
      tenantId: '<default>',
      variables: {},
      retries: 3,
      ...fields,
    };
    await producer.send({
      topic: jobTopic(prefix, type),
      messages: [{ key: job.processInstanceKey, value: JSON.stringify(job) }],
    });
    return job;
  }

  function resultOf(jobKey: string) {
    return eventually(
      async () => received.find((r) => r.result.jobKey === jobKey),
      `the result of job ${jobKey}`,
      20_000,
    );
  }

  async function worker<V extends object = Variables, O extends object = Variables>(
    options: Omit<WorkerOptions<V, O>, 'transport' | 'kafka' | 'logger'>,
  ) {
    const w = createWorker<V, O>({
      transport: 'kafka',
      kafka: { brokers, topicPrefix: prefix },
      logger: quiet,
      ...options,
    });
    workers.push(w);
    await w.start();
    return w;
  }

  it('round-trips a job message to a complete result', async () => {
    // given a worker that adds one
    let seen: Job<{ a: number }> | undefined;
    await worker({
      type: 'round-trip',
      handler: (job: Job<{ a: number }, { b: number }>) => {
        seen = job;
        return { b: job.variables.a + 1 };
      },
    });

    // when the engine publishes a job
    const job = await publishJob('round-trip', { variables: { a: 41 }, attempt: 2 });

    // then the handler sees it as a REST job would look
    const { key, result } = await resultOf(job.jobKey);
    assert.equal(seen?.key, job.jobKey);
    assert.equal(seen?.processInstanceKey, job.processInstanceKey);
    assert.equal(seen?.headers.currency, 'EUR');
    assert.equal(seen?.retries, 3);
    assert.equal(seen?.deadline, job.deadline);
    // and the result is keyed by instance, fenced by attempt, and unique
    assert.equal(key, job.processInstanceKey);
    assert.equal(result.kind, 'complete');
    assert.equal(result.attempt, 2);
    assert.deepEqual(result.kind === 'complete' && result.variables, { b: 42 });
    assert.match(result.resultId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('turns a thrown error into a fail result and a BpmnError into an error result', async () => {
    // given a worker that throws
    await worker({
      type: 'failures',
      handler: (job: Job<{ bpmn: boolean }>) => {
        if (job.variables.bpmn) throw new BpmnError('OUT_OF_STOCK', 'no pens', { missing: 'pen' });
        throw new Error('card declined');
      },
    });

    // when jobs arrive
    const plain = await publishJob('failures', { variables: { bpmn: false } });
    const bpmn = await publishJob('failures', { variables: { bpmn: true } });

    // then the error fails the job with one retry less, and the BPMN error is thrown as such
    assert.deepEqual((await resultOf(plain.jobKey)).result, {
      resultId: (await resultOf(plain.jobKey)).result.resultId,
      jobKey: plain.jobKey,
      attempt: 1,
      kind: 'fail',
      retries: 2,
      retryBackOff: 0,
      errorMessage: 'card declined',
    });
    const error = (await resultOf(bpmn.jobKey)).result;
    assert.equal(error.kind, 'error');
    assert.equal(error.kind === 'error' && error.errorCode, 'OUT_OF_STOCK');
    assert.equal(error.kind === 'error' && error.errorMessage, 'no pens');
    assert.deepEqual(error.variables, { missing: 'pen' });
  });

  it('never runs more handlers than its concurrency', async () => {
    // given a worker with room for two slow jobs
    let running = 0;
    let most = 0;
    await worker({
      type: 'bounded',
      concurrency: 2,
      handler: async () => {
        most = Math.max(most, ++running);
        await sleep(150);
        running--;
      },
    });

    // when six jobs arrive at once, on one partition and on several
    const jobs = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) => publishJob('bounded', i < 3 ? { processInstanceKey: '70' } : {})),
    );

    // then all six complete, never more than two at a time
    for (const job of jobs) assert.equal((await resultOf(job.jobKey)).result.kind, 'complete');
    assert.equal(most, 2);
  });

  it('runs as many handlers at once as its concurrency and answers each job exactly once', async () => {
    // given a worker with room for four jobs, whose handlers wait until four are running
    const concurrency = 4;
    let running = 0;
    let most = 0;
    const handled: string[] = [];
    const full = new Set<() => void>();
    await worker({
      type: 'concurrent',
      concurrency,
      handler: async (job: Job<{ n: number }, { n: number }>) => {
        handled.push(job.key);
        most = Math.max(most, ++running);
        if (running >= concurrency) for (const release of full) release();
        else
          await new Promise<void>((resolve) => {
            full.add(resolve);
            // Released by the fourth handler; the last jobs of the run may never see four.
            setTimeout(resolve, 3_000);
          }).finally(() => full.clear());
        running--;
        return { n: job.variables.n };
      },
    });

    // when twelve jobs arrive at once, four of them on one partition
    const jobs = await Promise.all(
      Array.from({ length: 12 }, (_, n) => publishJob('concurrent', n < 4 ? { processInstanceKey: '72', variables: { n } } : { variables: { n } })),
    );

    // then four handlers ran at once, each job ran once, and each got exactly one result
    for (const job of jobs) {
      const { result } = await resultOf(job.jobKey);
      assert.deepEqual(result.kind === 'complete' && result.variables, job.variables);
    }
    await sleep(500);
    assert.equal(most, concurrency);
    assert.deepEqual([...handled].sort(), jobs.map((j) => j.jobKey).sort());
    for (const job of jobs)
      assert.equal(received.filter((r) => r.result.jobKey === job.jobKey).length, 1, `results of job ${job.jobKey}`);
  });

  it('hands a running job back on stop, with its retries intact', async () => {
    // given a worker whose handler runs until its job is taken away
    let started: Job | undefined;
    const w = await worker({
      type: 'stopping',
      handler: (job) =>
        new Promise(() => {
          started = job;
        }),
    });
    const job = await publishJob('stopping', { retries: 2 });
    await eventually(async () => started, 'the handler to start', 20_000);

    // when the worker stops with a short drain
    await w.stop({ drainMs: 200 });

    // then the job goes back: same retries, no back-off
    const { result } = await resultOf(job.jobKey);
    assert.equal(result.kind, 'fail');
    assert.equal(result.kind === 'fail' && result.retries, 2);
    assert.equal(result.kind === 'fail' && result.retryBackOff, 0);
    assert.equal(result.kind === 'fail' && result.errorMessage, 'worker shutting down');
    assert.equal(started!.signal.aborted, true);
    assert.equal(w.running, false);
  });

  it('skips a job whose lease ended before it arrived', async () => {
    // given a job whose deadline has passed, followed by a live one on the same partition
    const seen: string[] = [];
    const expired = await publishJob('expired', { deadline: Date.now() - 1_000, processInstanceKey: '71' });
    const live = await publishJob('expired', { processInstanceKey: '71' });

    // when a worker consumes them
    await worker({ type: 'expired', handler: (job) => void seen.push(job.key) });

    // then only the live one is handled and answered
    await resultOf(live.jobKey);
    await sleep(200);
    assert.deepEqual(seen, [live.jobKey]);
    assert.equal(
      received.some((r) => r.result.jobKey === expired.jobKey),
      false,
    );
  });
});

/** The Kafka transport against the engine's side of the contract, end to end. */
describe('Kafka worker with the engine', () => {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  const prefix = `osprey-e2e-${process.pid}-${Date.now() % 1e8}`;
  let engine: EngineProcess;
  let client: OspreyClient;
  const workers: Worker[] = [];

  before(async () => {
    const kafka = new Kafka({ clientId: 'osprey-test-admin', brokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [resultsTopic(prefix), jobTopic(prefix, 'kafka-e2e'), jobTopic(prefix, 'kafka-slow')].map(
        (topic) => ({ topic, numPartitions: 3 }),
      ),
    });
    await admin.disconnect();
    engine = await startEngineProcess('client_kafka', {
      KAFKA_BROKERS: brokers.join(','),
      OSPREY_KAFKA_PREFIX: prefix,
      OSPREY_KAFKA_JOB_TYPES: 'kafka-e2e,kafka-slow',
      // One-second leases, so only lease extension keeps a slow handler's job.
      OSPREY_KAFKA_JOB_TIMEOUT_MS: '1000',
      OSPREY_KAFKA_GROUP_ID: `engine-${prefix}`,
    });
    client = new OspreyClient({ baseUrl: engine.url });
    await client.deploy([
      { name: 'kafka-e2e.bpmn', content: oneTaskProcess('kafka-e2e', 'kafka-e2e') },
      { name: 'kafka-slow.bpmn', content: oneTaskProcess('kafka-slow', 'kafka-slow') },
    ]);
  });

  after(async () => {
    await Promise.all(workers.map((w) => w.stop({ drainMs: 0 })));
    await engine?.stop();
  });

  async function worker<V extends object = Variables, O extends object = Variables>(
    options: Omit<WorkerOptions<V, O>, 'transport' | 'kafka' | 'logger' | 'client'>,
  ) {
    const w = createWorker<V, O>({
      transport: 'kafka',
      kafka: { brokers, topicPrefix: prefix },
      client,
      logger: quiet,
      ...options,
    });
    workers.push(w);
    await w.start();
    return w;
  }

  function completed(key: string) {
    return eventually(
      async () => (await client.getProcessInstance(key)).state === 'COMPLETED',
      `instance ${key} to complete`,
      20_000,
    );
  }

  it('completes a job the engine dispatched over Kafka, and the instance completes', async () => {
    // given a Kafka worker for the type
    await worker({
      type: 'kafka-e2e',
      handler: (job: Job<{ n: number }, { doubled: number }>) => ({ doubled: job.variables.n * 2 }),
    });

    // when an instance reaches the task
    const started = await client.startInstance({
      processDefinitionId: 'kafka-e2e',
      variables: { n: 21 },
      awaitCompletion: true,
      requestTimeout: 20_000,
    });

    // then the result from Kafka completes it with the handler's variables
    assert.equal(started.variables?.doubled, 42);
  });

  it('keeps a slow job over Kafka by extending its lease through the API', async () => {
    // given a handler that needs 2.5 s of a one-second lease
    const attempts: number[] = [];
    await worker({
      type: 'kafka-slow',
      handler: async (job) => {
        attempts.push(job.attempt);
        await sleep(2_500);
        return { by: 'slow' };
      },
    });

    // when an instance reaches the task
    const { processInstanceKey } = await client.startInstance({ processDefinitionId: 'kafka-slow' });

    // then the slow answer completes the instance, and the job never reached a second handler
    // (a first dispatch that arrives after its one-second lease is skipped, so the attempt that
    // ran may be a later one)
    await completed(processInstanceKey);
    assert.equal(attempts.length, 1, `one handler run, but saw attempts ${attempts.join(', ')}`);
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createWorker,
  OspreyClient,
  type Job,
  type JobFailureReason,
  type Variables,
  type Worker,
  type WorkerOptions,
} from '../src';
import {
  eventually,
  freePort,
  oneTaskProcess,
  startEngineProcess,
  type EngineProcess,
} from './support/engine-process';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('REST worker on a real engine', () => {
  let engine: EngineProcess;
  let client: OspreyClient;
  const workers: Worker[] = [];

  before(async () => {
    engine = await startEngineProcess('client_rest');
    client = new OspreyClient({ baseUrl: engine.url });
  });

  after(async () => {
    await Promise.all(workers.map((w) => w.stop({ drainMs: 0 })));
    await engine?.stop();
  });

  async function deploy(id: string, retries = 3) {
    await client.deploy([{ name: `${id}.bpmn`, content: oneTaskProcess(id, id, retries) }]);
  }

  async function start(id: string, variables: Record<string, unknown> = {}) {
    return (await client.startInstance({ processDefinitionId: id, variables })).processInstanceKey;
  }

  function completed(key: string) {
    return eventually(
      async () => (await client.getProcessInstance(key)).state === 'COMPLETED',
      `instance ${key} to complete`,
    );
  }

  function worker<V extends object = Variables, O extends object = Variables>(
    options: Omit<WorkerOptions<V, O>, 'client' | 'logger'>,
  ) {
    const w = createWorker<V, O>({ client, logger: quiet, pollRequestTimeout: 1_000, ...options });
    workers.push(w);
    return w;
  }

  it('completes the jobs of a one-task process, and the instances complete', async () => {
    // given a deployed one-task process and three instances
    await deploy('rest-complete');
    const keys = await Promise.all([1, 2, 3].map((n) => start('rest-complete', { n })));
    let running = 0;
    let most = 0;
    const completions: number[] = [];

    // when a worker with room for two jobs doubles n
    const w = worker({
      type: 'rest-complete',
      concurrency: 2,
      metrics: { onJobCompleted: (ms) => completions.push(ms) },
      handler: async (job: Job<{ n: number }, { doubled: number }>) => {
        most = Math.max(most, ++running);
        await sleep(100);
        running--;
        return { doubled: job.variables.n * 2 };
      },
    });
    await w.start();
    assert.equal(w.running, true);

    // then every instance completes, never more than two jobs at once
    await Promise.all(keys.map(completed));
    assert.ok(most <= 2, `at most two handlers at once, but saw ${most}`);
    assert.equal(completions.length, 3);

    // and the variables the handler returned reach the process
    const awaited = await client.startInstance({
      processDefinitionId: 'rest-complete',
      variables: { n: 21 },
      awaitCompletion: true,
      requestTimeout: 10_000,
    });
    assert.equal(awaited.variables?.doubled, 42);
    await w.stop();
    assert.equal(w.running, false);
  });

  it('fails the job when the handler throws, and the retry succeeds', async () => {
    // given a process whose task has three retries
    await deploy('rest-retry', 3);
    const key = await start('rest-retry');
    const seen: { retries: number; attempt: number }[] = [];
    const failures: { reason: JobFailureReason; message: string }[] = [];

    // when the handler throws the first time
    const w = worker({
      type: 'rest-retry',
      metrics: { onJobFailed: (_job, reason, message) => failures.push({ reason, message }) },
      handler: async (job) => {
        seen.push({ retries: job.retries, attempt: job.attempt });
        if (seen.length === 1) throw new Error('card declined');
        return { charged: true };
      },
    });
    await w.start();

    // then the job fails with one retry less and the error's message, and the retry completes it
    await completed(key);
    assert.deepEqual(failures, [{ reason: 'failed', message: 'card declined' }]);
    assert.equal(seen.length, 2);
    assert.equal(seen[0].retries, 3);
    assert.equal(seen[1].retries, 2);
    assert.ok(seen[1].attempt > seen[0].attempt, 'the retry is a new attempt');
    await w.stop();
  });

  /** A rival that keeps asking for jobs of `type` without waiting, for `ms`. */
  async function rival(type: string, ms: number) {
    const got: { jobKey: string; attempt: number }[] = [];
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const jobs = await client.activateJobs({
        type,
        worker: 'rival',
        timeout: 10_000,
        maxJobsToActivate: 1,
        requestTimeout: -1,
      });
      for (const j of jobs) {
        got.push({ jobKey: j.jobKey, attempt: j.attempt });
        await client.completeJob(j.jobKey, { variables: { by: 'rival' }, attempt: j.attempt });
      }
      await sleep(100);
    }
    return got;
  }

  it('extends the lease so a slow handler keeps its job', async () => {
    // given a one-second lease and a handler that needs 2.5 s
    await deploy('rest-lease');
    const key = await start('rest-lease');
    const failures: JobFailureReason[] = [];
    const deadlines: number[] = [];
    let calls = 0;
    const w = worker({
      type: 'rest-lease',
      timeout: 1_000,
      metrics: { onJobFailed: (_job, reason) => failures.push(reason) },
      handler: async (job) => {
        calls++;
        deadlines.push(job.deadline);
        await sleep(2_500);
        deadlines.push(job.deadline);
        return { by: 'slow' };
      },
    });
    await w.start();
    await eventually(async () => calls === 1, 'the slow handler to start');

    // when another worker asks for the same type all the while
    const stolen = await rival('rest-lease', 3_000);

    // then it never gets the job, and the slow handler's completion is accepted
    assert.deepEqual(stolen, []);
    await completed(key);
    assert.equal(calls, 1);
    assert.deepEqual(failures, []);
    assert.ok(deadlines[1] > deadlines[0] + 1_000, 'the lease moved on');
    await w.stop();
  });

  it('without lease extension the slow handler loses its job to another worker (control)', async () => {
    // given the same slow handler, lease extension off
    await deploy('rest-no-lease');
    const key = await start('rest-no-lease');
    const failures: JobFailureReason[] = [];
    let calls = 0;
    const w = worker({
      type: 'rest-no-lease',
      timeout: 1_000,
      extendLease: false,
      // With room for one job only, this worker does not poll while its handler runs.
      concurrency: 1,
      metrics: { onJobFailed: (_job, reason) => failures.push(reason) },
      handler: async () => {
        calls++;
        await sleep(2_500);
        return { by: 'slow' };
      },
    });
    await w.start();
    await eventually(async () => calls === 1, 'the slow handler to start');

    // when another worker asks for the type
    const stolen = await rival('rest-no-lease', 2_000);

    // then it gets the job once the lease ends, and the slow handler's late answer is refused
    assert.equal(stolen.length, 1);
    await completed(key);
    await eventually(async () => failures.length === 1, 'the refused completion');
    assert.deepEqual(failures, ['lease-lost']);
    await w.stop();
  });

  it('hands an in-flight job back on stop, and another worker completes it', async () => {
    // given a worker whose handler runs until its job is taken away
    await deploy('rest-stop', 3);
    const key = await start('rest-stop');
    let first: Job | undefined;
    const handedBack: string[] = [];
    const a = worker({
      type: 'rest-stop',
      metrics: { onJobFailed: (_job, reason, message) => handedBack.push(`${reason}: ${message}`) },
      handler: (job) =>
        new Promise(() => {
          first = job;
        }),
    });
    await a.start();
    await eventually(async () => first, 'the first worker to take the job');

    // when it stops, its drain outlasting its 1 s long-poll
    const stopping = Date.now();
    await a.stop({ drainMs: 1_500 });

    // then it stops promptly, the handler is told, and the job goes back with its retries intact
    assert.ok(Date.now() - stopping < 3_000, `stop took ${Date.now() - stopping} ms`);
    assert.equal(a.running, false);
    assert.equal(first!.signal.aborted, true);
    assert.deepEqual(handedBack, ['handed-back: worker shutting down']);
    let second: { retries: number; attempt: number } | undefined;
    const b = worker({
      type: 'rest-stop',
      handler: (job) => {
        second = { retries: job.retries, attempt: job.attempt };
        return { by: 'b' };
      },
    });
    await b.start();
    await completed(key);
    assert.deepEqual(second, { retries: first!.retries, attempt: first!.attempt + 1 });
    await b.stop();
  });
});

describe('REST worker without an engine', () => {
  it('backs off exponentially while the engine is unreachable, never spinning', async () => {
    // given a worker pointed at a port nobody listens on
    const port = await freePort();
    const errors: number[] = [];
    const w = createWorker({
      type: 'nowhere',
      baseUrl: `http://127.0.0.1:${port}`,
      logger: quiet,
      metrics: { onError: () => errors.push(Date.now()) },
      handler: () => undefined,
    });

    // when it polls for 1.6 s
    await w.start();
    await sleep(1_600);
    await w.stop();

    // then it tried a handful of times (100, 200, 400, 800 ms apart), not thousands
    assert.ok(errors.length >= 3 && errors.length <= 6, `expected 3 to 6 tries, but saw ${errors.length}`);
    const gaps = errors.slice(1).map((t, i) => t - errors[i]);
    assert.ok(
      gaps.every((g, i) => i === 0 || g >= gaps[i - 1]),
      `gaps grow: ${gaps.join(', ')}`,
    );
  });
});

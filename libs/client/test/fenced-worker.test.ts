import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorker, OspreyClient, type Worker } from '../src';
import { eventually, oneTaskProcess, startEngineProcess, type EngineProcess } from './support/engine-process';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * The SDK fences every answer with the attempt of its lease, so it works against an engine that
 * refuses unfenced answers (OSPREY_REQUIRE_JOB_ATTEMPT=true, docs/adr/0008-fencing-job-answers.md).
 */
describe('REST worker on an engine that requires the attempt', () => {
  let engine: EngineProcess;
  let client: OspreyClient;
  let worker: Worker | undefined;

  before(async () => {
    engine = await startEngineProcess('client_fenced', { OSPREY_REQUIRE_JOB_ATTEMPT: 'true' });
    client = new OspreyClient({ baseUrl: engine.url });
    await client.deploy([{ name: 'fenced.bpmn', content: oneTaskProcess('fenced-sdk', 'fenced-sdk', 3) }]);
  });

  after(async () => {
    await worker?.stop({ drainMs: 0 });
    await engine?.stop();
  });

  it('fails a job, then completes it on the next attempt; the engine accepts both answers', async () => {
    // given an instance and a worker whose first try fails
    const { processInstanceKey } = await client.startInstance({ processDefinitionId: 'fenced-sdk', variables: {} });
    const attempts: number[] = [];
    worker = createWorker<object, { tries: number }>({
      type: 'fenced-sdk',
      client,
      logger: quiet,
      pollRequestTimeout: 1_000,
      handler: (job) => {
        attempts.push(job.attempt);
        if (attempts.length === 1) throw new Error('first try fails');
        return { tries: attempts.length };
      },
    });
    await worker.start();

    // then the failure was taken (a second activation came) and the completion too
    await eventually(async () => (await client.getProcessInstance(processInstanceKey)).state === 'COMPLETED', 'the instance to complete', 20_000);
    assert.deepEqual(attempts, [1, 2]);
  });
});

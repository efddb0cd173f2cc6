import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createWorker, OspreyClient, type Worker } from '../src';
import { eventually, oneTaskProcess, startEngineProcess, type EngineProcess } from './support/engine-process';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const KEY = `osk_${randomBytes(32).toString('base64url')}`;

describe('a REST worker with tenantIds (multi-tenancy on)', () => {
  let engine: EngineProcess;
  let client: OspreyClient;
  let worker: Worker | undefined;

  before(async () => {
    const keys = [
      {
        id: 'both',
        sha256: createHash('sha256').update(KEY).digest('hex'),
        roles: ['admin'],
        tenants: ['tenant-a', 'tenant-b'],
      },
    ];
    engine = await startEngineProcess('client_tenants', {
      OSPREY_MULTI_TENANCY: 'true',
      OSPREY_AUTH_ANONYMOUS: 'false',
      OSPREY_API_KEYS: JSON.stringify(keys),
    });
    client = new OspreyClient({ baseUrl: engine.url, token: KEY });
  });

  after(async () => {
    await worker?.stop({ drainMs: 0 });
    await engine?.stop();
  });

  it("works only the named tenant's jobs", async () => {
    // given the same process waiting for a worker in tenants A and B
    const started: Record<string, string> = {};
    for (const tenantId of ['tenant-a', 'tenant-b']) {
      await client.deploy([{ name: 'mt.bpmn', content: oneTaskProcess('mt', 'mt-work') }], { tenantId });
      started[tenantId] = (
        await client.startInstance({ processDefinitionId: 'mt', tenantId })
      ).processInstanceKey;
    }
    // when a worker of both tenants asks for B's jobs only
    const seen: string[] = [];
    worker = createWorker({
      client,
      logger: quiet,
      type: 'mt-work',
      tenantIds: ['tenant-b'],
      pollRequestTimeout: 500,
      handler: async (job) => {
        seen.push(job.processInstanceKey);
        return {};
      },
    });
    await worker.start();
    // then B's instance completes and A's job is left alone
    await eventually(
      async () => (await client.getProcessInstance(started['tenant-b']!)).state === 'COMPLETED',
      "B's instance to complete",
    );
    await new Promise((r) => setTimeout(r, 700));
    assert.deepEqual(seen, [started['tenant-b']]);
    assert.equal((await client.getProcessInstance(started['tenant-a']!)).state, 'ACTIVE');
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '@osprey/testing';
import { Api, freshDatabase } from '../support/engine-harness';
import { fixture } from '../support/bpmn';
import { spawnEngine } from '../support/engine-process';
import { deployed, ok } from '../api/support';

describe('bounded commands survive a crash', () => {
  it('given a loop running in slices, when its engine is killed with SIGKILL mid-run, then the next engine on the database carries it on to the end', async () => {
    const db = await freshDatabase('hostile_crash');
    try {
      const port = String(await freePort());
      // Without Kafka: a SIGKILLed engine's consumer stays in its group until the session times
      // out, and the next engine's start would wait for that rebalance, which is not under test.
      const env = { DATABASE_URL: db.url, PORT: port, KAFKA_BROKERS: undefined };
      const api = new Api(`http://127.0.0.1:${port}`);
      // given a loop of 10,000 iterations counting in slices
      const first = await spawnEngine(env);
      await deployed(api, { name: 'busy-loop.bpmn', content: fixture('busy-loop.bpmn') });
      const started = ok(await api.post('/v2/process-instances', { processDefinitionId: 'busy-loop', variables: { n: 0, limit: 10_000 } }));
      const counted = async () => {
        const [n] = ok(await api.post('/v2/variables/search', { filter: { processInstanceKey: started.processInstanceKey, name: 'n' } })).items;
        return Number(n?.value ?? 0);
      };
      await api.until(async () => (await counted()) > 100, 60_000, 'the loop to count past 100');

      // when the engine dies mid-run
      first.child.kill('SIGKILL');
      await first.exited;
      const reached = await counted().catch(() => undefined);
      assert.equal(reached, undefined, 'the engine is gone');

      // then the next engine on the same database continues the loop to its end
      const second = await spawnEngine(env);
      try {
        await api.until(async () => ok(await api.get(`/v2/process-instances/${started.processInstanceKey}`)).state === 'COMPLETED', 300_000, 'the loop to complete');
        assert.equal(await counted(), 10_000);
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
    } finally {
      await db.drop();
    }
  });
});

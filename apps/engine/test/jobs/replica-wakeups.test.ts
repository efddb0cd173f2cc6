import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { TestDatabase } from '@osprey/testing';
import type { RunningEngine } from '../../src/server';
import { Api, bootEngine, freshDatabase } from '../support/engine-harness';
import { spawnEngine, type EngineProcess } from '../support/engine-process';
import { oneTaskProcess } from '../support/bpmn';

/** A free TCP port on the loopback interface. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** How long the long-polls wait. At its end a long-poll looks once more, so a job is found even without a wake-up. */
const REQUEST_TIMEOUT_MS = 30_000;

/** Long-polls `type` on `api`; resolves with the answer and when it came. */
async function longPoll(api: Api, type: string, max = 1) {
  const res = await api.post('/v2/jobs/activation', { type, maxJobsToActivate: max, timeout: 60_000, requestTimeout: REQUEST_TIMEOUT_MS, worker: 'replica-b' });
  return { ...res, answeredAt: performance.now() };
}

/**
 * Not a performance threshold: a woken long-poll answers within milliseconds, one that was not
 * woken only when its 30 s run out. Half of that tells the two apart on any machine.
 */
function assertWokenBeforeTimeout(answeredAt: number, since: number) {
  assert.ok(answeredAt - since < REQUEST_TIMEOUT_MS / 2, `Expected the wake-up to answer the long-poll, but it answered after ${(answeredAt - since).toFixed(0)} ms`);
}

/**
 * Replica A creates jobs; a worker long-polls replica B, a separate engine process on the same
 * database. B re-checks the table on its own only every 10 minutes here
 * (`OSPREY_JOB_POLL_FALLBACK_MS`), so a long-poll of 30 s can only get the job through the
 * wake-up that A sends after its commit (NOTIFY, docs/adr/0015-job-wake-ups-after-commit.md).
 */
describe('a job created on one replica wakes a long-poll on another', () => {
  let db: TestDatabase;
  let replicaA: RunningEngine;
  let replicaB: EngineProcess;
  let a: Api;
  let b: Api;

  before(async () => {
    db = await freshDatabase('wakeups');
    replicaA = await bootEngine({ DATABASE_URL: db.url });
    const port = await freePort();
    replicaB = await spawnEngine({ DATABASE_URL: db.url, PORT: String(port), OSPREY_JOB_POLL_FALLBACK_MS: '600000' });
    a = new Api(replicaA.url);
    b = new Api(`http://127.0.0.1:${port}`);
    for (const [id, type] of [['wake-one', 'wake-one'], ['wake-x', 'wake-x'], ['wake-y', 'wake-y']]) {
      assert.equal((await a.deploy({ name: `${id}.bpmn`, content: oneTaskProcess(id!, type!) })).status, 200);
    }
  });
  after(async () => {
    replicaB?.child.kill('SIGTERM');
    await replicaB?.exited;
    await replicaA?.stop();
    await db?.drop();
  });

  it('hands the job to the long-poll waiting on the other replica', async (t) => {
    // given a worker waiting on replica B for a type that has no jobs yet
    const waiting = longPoll(b, 'wake-one');
    await new Promise((r) => setTimeout(r, 1_000)); // let B's first, empty query pass
    // when replica A starts an instance that creates such a job
    const sentAt = performance.now();
    const started = await a.post('/v2/process-instances', { processDefinitionId: 'wake-one' });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    const committedAt = performance.now();
    // then B's long-poll answers with that job, long before its own re-check or its timeout
    const answer = await waiting;
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(
      answer.body.jobs.map((j: { processInstanceKey: string }) => j.processInstanceKey),
      [started.body.processInstanceKey],
    );
    assertWokenBeforeTimeout(answer.answeredAt, sentAt);
    t.diagnostic(`woken ${(answer.answeredAt - committedAt).toFixed(1)} ms after the start answered`);
  });

  it('wakes the waiters of every type when many commands commit at once', async () => {
    // given workers waiting on replica B for two types
    const waitingX = longPoll(b, 'wake-x', 50);
    const waitingY = longPoll(b, 'wake-y', 50);
    await new Promise((r) => setTimeout(r, 1_000));
    // when replica A starts instances of both types concurrently (their announcements share NOTIFYs)
    const sentAt = performance.now();
    const starts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => a.post('/v2/process-instances', { processDefinitionId: i % 2 === 0 ? 'wake-x' : 'wake-y' })),
    );
    assert.deepEqual(starts.filter((s) => s.status !== 200).map((s) => s.body), []);
    // then both long-polls answer with jobs of their type
    const [x, y] = await Promise.all([waitingX, waitingY]);
    assert.equal(x.status, 200);
    assert.equal(y.status, 200);
    assertWokenBeforeTimeout(x.answeredAt, sentAt);
    assertWokenBeforeTimeout(y.answeredAt, sentAt);
    assert.ok(x.body.jobs.length > 0, 'the wake-x waiter got jobs');
    assert.ok(y.body.jobs.length > 0, 'the wake-y waiter got jobs');
    assert.ok(x.body.jobs.every((j: { type: string }) => j.type === 'wake-x'));
    assert.ok(y.body.jobs.every((j: { type: string }) => j.type === 'wake-y'));
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ResultBatcher } from '../../src/worker/result-batcher';

/** A broker stand-in whose requests the test acknowledges or fails one at a time. */
function broker() {
  const requests: { messages: string[]; ack: () => void; fail: (e: Error) => void }[] = [];
  const send = (messages: string[]) =>
    new Promise<void>((ack, fail) => requests.push({ messages, ack, fail }));
  return { requests, send };
}
const turn = () => new Promise((r) => setImmediate(r));

describe('ResultBatcher', () => {
  it('sends answers given while a request is under way together in the next one', async () => {
    // given one answer on its way
    const { requests, send } = broker();
    const batcher = new ResultBatcher(send);
    const first = batcher.add('a');
    await turn();
    assert.deepEqual(requests.map((r) => r.messages), [['a']]);

    // when three more come before it is acknowledged
    const rest = ['b', 'c', 'd'].map((m) => batcher.add(m));
    await turn();
    assert.equal(requests.length, 1);
    requests[0].ack();
    await first;
    await turn();

    // then they leave in one request, and resolve only when it is acknowledged
    assert.deepEqual(requests.map((r) => r.messages), [['a'], ['b', 'c', 'd']]);
    let settled = false;
    void Promise.all(rest).then(() => (settled = true));
    await turn();
    assert.equal(settled, false);
    requests[1].ack();
    await Promise.all(rest);
  });

  it('fails only the answers of the request that failed', async () => {
    const { requests, send } = broker();
    const batcher = new ResultBatcher(send);
    const lost = batcher.add('a');
    await turn();
    const next = batcher.add('b');
    requests[0].fail(new Error('broker gone'));
    await assert.rejects(lost, /broker gone/);
    await turn();
    requests[1].ack();
    await next;
    assert.deepEqual(requests.map((r) => r.messages), [['a'], ['b']]);
  });

  it('keeps each request within its largest batch', async () => {
    const { requests, send } = broker();
    const batcher = new ResultBatcher(send, 2);
    const all = ['a', 'b', 'c'].map((m) => batcher.add(m));
    await turn();
    requests[0].ack();
    await turn();
    requests[1].ack();
    await Promise.all(all);
    assert.deepEqual(requests.map((r) => r.messages), [['a', 'b'], ['c']]);
  });
});

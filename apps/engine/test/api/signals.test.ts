import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertProblem,
  deployed,
  elementsOf,
  engineForFile,
  fixture,
  ok,
  startInstance,
  untilState,
  variablesOf,
} from './support';

describe('signals: POST /v2/signals/broadcast', () => {
  const ctx = engineForFile('api_signals');

  before(async () => {
    await deployed(ctx.api, { name: 'await-signal.bpmn', content: fixture('signal-catch.bpmn') });
  });

  it('reaches every instance waiting at a signal catch event with the name', async () => {
    // given two instances waiting for the go-ahead signal
    const first = await startInstance(ctx.api, 'await-signal', { batch: 1 });
    const second = await startInstance(ctx.api, 'await-signal', { batch: 2 });
    for (const key of [first, second]) {
      await ctx.api.until(
        async () => (await elementsOf(ctx.api, key, 'go')).some((e) => e.state === 'ACTIVE'),
        10_000,
        'the catch event',
      );
    }
    // when a signal of another name is broadcast
    ok(await ctx.api.post('/v2/signals/broadcast', { signalName: 'stand-by' }));
    // then nobody moves
    assert.equal(ok(await ctx.api.get(`/v2/process-instances/${first}`)).state, 'ACTIVE');
    // when the go-ahead is broadcast with a variable
    const body = ok(
      await ctx.api.post('/v2/signals/broadcast', {
        signalName: 'go-ahead',
        variables: { approvedBy: 'ops' },
      }),
    );
    // then the answer carries a signal key, and both instances complete with the variable
    assert.match(body.signalKey, /^\d+$/);
    for (const key of [first, second]) {
      await untilState(ctx.api, key, 'COMPLETED');
      assert.equal((await variablesOf(ctx.api, key)).approvedBy, 'ops');
    }
  });

  it('answers 400 naming the field when the signal has no name', async () => {
    assertProblem(await ctx.api.post('/v2/signals/broadcast', { variables: {} }), 400, /signalName/);
  });
});

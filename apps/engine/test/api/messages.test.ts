import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertProblem,
  deployed,
  elementsOf,
  engineForFile,
  fixture,
  instanceState,
  ok,
  search,
  startInstance,
  untilState,
  variablesOf,
} from './support';

describe('messages: correlation, buffered publication, de-duplication, message start', () => {
  const ctx = engineForFile('api_messages');

  before(async () => {
    await deployed(ctx.api, { name: 'await-payment.bpmn', content: fixture('message-catch.bpmn') });
    await deployed(ctx.api, { name: 'order-by-message.bpmn', content: fixture('message-start.bpmn') });
  });

  /** Waits until the instance's catch event is waiting for its message. */
  async function waiting(key: string): Promise<void> {
    await ctx.api.until(
      async () => (await elementsOf(ctx.api, key, 'payment')).some((e) => e.state === 'ACTIVE'),
      10_000,
      'the catch event',
    );
  }

  it('correlates a message to the instance waiting with its correlation key, and only that one', async () => {
    // given two instances waiting for a payment, for different orders
    const first = await startInstance(ctx.api, 'await-payment', { orderId: 'M-1' });
    const second = await startInstance(ctx.api, 'await-payment', { orderId: 'M-2' });
    await waiting(first);
    await waiting(second);
    // when the payment for M-1 is correlated
    const body = ok(
      await ctx.api.post('/v2/messages/correlation', {
        name: 'payment-received',
        correlationKey: 'M-1',
        variables: { paid: 120 },
      }),
    );
    // then the answer names the instance it reached
    assert.equal(body.processInstanceKey, first);
    assert.match(body.messageKey, /^\d+$/);
    // and that instance moved on with the message's variables, the other still waits
    await untilState(ctx.api, first, 'COMPLETED');
    assert.equal((await variablesOf(ctx.api, first)).paid, 120);
    assert.equal(ok(await ctx.api.get(`/v2/process-instances/${second}`)).state, 'ACTIVE');
    assert.equal((await variablesOf(ctx.api, second)).paid, undefined);
  });

  it('answers 404 when a correlation finds no receiver', async () => {
    const res = await ctx.api.post('/v2/messages/correlation', {
      name: 'payment-received',
      correlationKey: 'nobody-waits',
    });
    assertProblem(res, 404, /payment-received/, /nobody-waits/);
    assertProblem(await ctx.api.post('/v2/messages/correlation', { correlationKey: 'x' }), 400, /name/);
  });

  it('buffers a published message for its time to live and correlates it when the subscription opens', async () => {
    // when a payment is published before anyone waits for it
    const published = ok(
      await ctx.api.post('/v2/messages/publication', {
        name: 'payment-received',
        correlationKey: 'M-3',
        timeToLive: 60_000,
        variables: { paid: 75 },
      }),
    );
    assert.match(published.messageKey, /^\d+$/);
    // and the order's instance starts afterwards
    const key = await startInstance(ctx.api, 'await-payment', { orderId: 'M-3' });
    // then the buffered message is correlated as soon as the catch event opens
    await untilState(ctx.api, key, 'COMPLETED');
    assert.equal((await variablesOf(ctx.api, key)).paid, 75);
  });

  it(
    'correlates a message once per process, as Camunda 8 does: other instances of the process keep waiting',
    async () => {
      // given two instances of one process waiting for the same order's payment
      const first = await startInstance(ctx.api, 'await-payment', { orderId: 'M-6' });
      const second = await startInstance(ctx.api, 'await-payment', { orderId: 'M-6' });
      await waiting(first);
      await waiting(second);
      // when the payment is published, buffered for a minute
      ok(
        await ctx.api.post('/v2/messages/publication', {
          name: 'payment-received',
          correlationKey: 'M-6',
          timeToLive: 60_000,
        }),
      );
      // then exactly one of them moves on
      const states = async () => [await instanceState(ctx.api, first), await instanceState(ctx.api, second)];
      await ctx.api.until(
        async () => (await states()).includes('COMPLETED'),
        10_000,
        'one instance to complete',
      );
      assert.deepEqual((await states()).sort(), ['ACTIVE', 'COMPLETED']);
      // and an instance of the process that starts later does not receive the buffered message again
      const later = await startInstance(ctx.api, 'await-payment', { orderId: 'M-6' });
      await waiting(later);
      assert.equal(await instanceState(ctx.api, later), 'ACTIVE');
    },
  );

  it('treats an empty message id as none: two buffered publications with it both succeed', async () => {
    // given a client that sends every field, empty where it has nothing (as generated clients do)
    const publish = () =>
      ctx.api.post('/v2/messages/publication', { name: 'unused-message', correlationKey: 'E-1', timeToLive: 60_000, messageId: '', tenantId: '<default>' });
    // when it publishes twice, then neither is refused as a duplicate nor fails
    ok(await publish());
    ok(await publish());
    // and a real message id still de-duplicates, as a 409
    ok(await ctx.api.post('/v2/messages/publication', { name: 'unused-message', timeToLive: 60_000, messageId: 'm-1' }));
    assertProblem(await ctx.api.post('/v2/messages/publication', { name: 'unused-message', timeToLive: 60_000, messageId: 'm-1' }), 409, /already published/);
  });

  it('does not buffer a message published without a time to live', async () => {
    ok(await ctx.api.post('/v2/messages/publication', { name: 'payment-received', correlationKey: 'M-4' }));
    const key = await startInstance(ctx.api, 'await-payment', { orderId: 'M-4' });
    await waiting(key);
    assert.equal(ok(await ctx.api.get(`/v2/process-instances/${key}`)).state, 'ACTIVE');
  });

  it('refuses a second message with the same messageId with a 409', async () => {
    const message = {
      name: 'payment-received',
      correlationKey: 'M-5',
      messageId: 'payment-M-5',
      timeToLive: 60_000,
    };
    ok(await ctx.api.post('/v2/messages/publication', message));
    const duplicate = await ctx.api.post('/v2/messages/publication', message);
    assertProblem(duplicate, 409, /payment-M-5/);
  });

  it('starts an instance at a message start event', async () => {
    // when an order-placed message is published
    ok(
      await ctx.api.post('/v2/messages/publication', {
        name: 'order-placed',
        correlationKey: 'O-1',
        variables: { orderId: 'O-1' },
      }),
    );
    // then one instance of the process starts, at the message start event, with the variables
    const [instance] = await ctx.api.until(
      async () => {
        const items = await search(ctx.api, 'process-instances', { processDefinitionId: 'order-by-message' });
        return items.length > 0 ? items : undefined;
      },
      10_000,
      'an instance started by message',
    );
    assert.equal(instance.state, 'ACTIVE');
    assert.deepEqual(
      (await elementsOf(ctx.api, instance.processInstanceKey, 'placed')).map((e) => e.state),
      ['COMPLETED'],
    );
    assert.equal((await variablesOf(ctx.api, instance.processInstanceKey)).orderId, 'O-1');
    // and a correlation starts one too, naming it
    const correlated = ok(
      await ctx.api.post('/v2/messages/correlation', {
        name: 'order-placed',
        correlationKey: 'O-2',
        variables: { orderId: 'O-2' },
      }),
    );
    assert.equal(
      ok(await ctx.api.get(`/v2/process-instances/${correlated.processInstanceKey}`)).processDefinitionId,
      'order-by-message',
    );
    assert.equal((await variablesOf(ctx.api, correlated.processInstanceKey)).orderId, 'O-2');
  });
});

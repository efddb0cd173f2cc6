import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { assertProblem, deployed, elementsOf, engineForFile, fixture, instanceState, ok, startInstance, untilState, variablesOf } from '../api/support';

const SECRET = 'whsec-0123456789abcdef0123456789abcdef';

/** The webhook under test: a payment provider confirming payments for orders. */
const WEBHOOKS = [
  {
    name: 'payments',
    secret: SECRET,
    messageName: '="payment-received"',
    correlationKey: '=body.orderId',
    variables: '={paid: body.amount, provider: get value(headers, "x-provider")}',
  },
];

/** The signature headers a sender computes: HMAC-SHA256 of "<timestamp>.<raw body>". */
function sign(rawBody: string, timestamp = Math.floor(Date.now() / 1000), secret = SECRET): Record<string, string> {
  const hex = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
  return { 'x-osprey-timestamp': String(timestamp), 'x-osprey-signature': `sha256=${hex}` };
}

describe('webhooks: signed deliveries become messages', () => {
  const ctx = engineForFile('webhooks', { OSPREY_WEBHOOKS: JSON.stringify(WEBHOOKS) });

  before(async () => {
    await deployed(ctx.api, { name: 'await-payment.bpmn', content: fixture('message-catch.bpmn') });
  });

  /** Posts a delivery as a sender would. */
  async function deliver(name: string, rawBody: string, headers: Record<string, string>) {
    const res = await fetch(`${ctx.api.baseUrl}/v2/webhooks/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-provider': 'acme-pay', ...headers },
      body: rawBody,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }

  /** Starts an instance waiting for the payment of `orderId`. */
  async function waitingFor(orderId: string): Promise<string> {
    const key = await startInstance(ctx.api, 'await-payment', { orderId });
    await ctx.api.until(async () => (await elementsOf(ctx.api, key, 'payment')).some((e) => e.state === 'ACTIVE'), 10_000, 'the catch event');
    return key;
  }

  /** Asserts the instance still waits and received nothing. */
  async function unchanged(key: string): Promise<void> {
    assert.equal(await instanceState(ctx.api, key), 'ACTIVE');
    assert.equal((await variablesOf(ctx.api, key)).paid, undefined);
  }

  it('resumes the waiting instance with a correctly signed delivery', async () => {
    // given an instance waiting for the payment of order W-1
    const key = await waitingFor('W-1');
    // when the provider posts a signed confirmation
    const body = JSON.stringify({ orderId: 'W-1', amount: 99.5 });
    const res = await deliver('payments', body, sign(body));
    // then the message is published and the instance moves on with the mapped variables
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.match(res.body.messageKey, /^\d+$/);
    await untilState(ctx.api, key, 'COMPLETED');
    const vars = await variablesOf(ctx.api, key);
    assert.equal(vars.paid, 99.5);
    assert.equal(vars.provider, 'acme-pay');
  });

  it('refuses a bad signature with 401 and changes nothing', async () => {
    const key = await waitingFor('W-2');
    const body = JSON.stringify({ orderId: 'W-2', amount: 10 });
    // signed with another secret, signed over another body, and not signed at all
    assertProblem(await deliver('payments', body, sign(body, undefined, 'not-the-secret-at-all')), 401, /does not match/);
    assertProblem(await deliver('payments', body, sign(JSON.stringify({ orderId: 'W-2', amount: 1 }))), 401, /does not match/);
    assertProblem(await deliver('payments', body, {}), 401, /missing/);
    assertProblem(await deliver('payments', body, { ...sign(body), 'x-osprey-signature': 'sha256=abc' }), 401);
    await unchanged(key);
  });

  it('refuses a stale timestamp with 401 and changes nothing', async () => {
    const key = await waitingFor('W-3');
    const body = JSON.stringify({ orderId: 'W-3', amount: 10 });
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    assertProblem(await deliver('payments', body, sign(body, tenMinutesAgo)), 401, /within 300 s/, /600 s off/);
    assertProblem(await deliver('payments', body, sign(body, tenMinutesAgo + 1200)), 401, /within 300 s/);
    await unchanged(key);
  });

  it('refuses a replayed delivery with 401 and publishes nothing the second time', async () => {
    // given a delivery that was accepted
    const first = await waitingFor('W-4');
    const body = JSON.stringify({ orderId: 'W-4', amount: 5 });
    const headers = sign(body);
    ok(await deliver('payments', body, headers));
    await untilState(ctx.api, first, 'COMPLETED');
    // when exactly the same delivery arrives again while another instance waits for that order
    const second = await waitingFor('W-4');
    const replay = await deliver('payments', body, headers);
    // then it is refused and the second instance still waits
    assertProblem(replay, 401, /replay/);
    await unchanged(second);
    // and a fresh signature of the same content is a new delivery
    ok(await deliver('payments', body, sign(body, Math.floor(Date.now() / 1000) + 1)));
    await untilState(ctx.api, second, 'COMPLETED');
  });

  it('answers 404 for an unknown webhook and 400 for a body that is not JSON', async () => {
    const body = JSON.stringify({ orderId: 'W-5' });
    assertProblem(await deliver('nobody', body, sign(body)), 404, /nobody/);
    const notJson = '{"orderId": ';
    assertProblem(await deliver('payments', notJson, sign(notJson)), 400, /JSON/);
    // a body the expressions cannot read (no orderId) is refused too, and not remembered as delivered
    const noOrder = JSON.stringify({ amount: 3 });
    const headers = sign(noOrder);
    assertProblem(await deliver('payments', noOrder, headers), 400, /correlationKey/);
    assertProblem(await deliver('payments', noOrder, headers), 400, /correlationKey/);
    // and a body sent as text is not taken for JSON
    assertProblem(await deliver('payments', body, { ...sign(body), 'content-type': 'text/plain' }), 400, /content-type application\/json/);
  });
});

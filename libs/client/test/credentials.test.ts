import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { startTestOidcProvider, type TestOidcProvider } from '@osprey/testing';
import { createWorker, OspreyApiError, OspreyClient, TokenRequestError, type Worker } from '../src';
import { eventually, oneTaskProcess, startEngineProcess, type EngineProcess } from './support/engine-process';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A production-shaped engine: anonymous access off, an OIDC provider, and API keys. Workers
 * authenticate with an API key or with OIDC client credentials, renewed as tokens expire.
 */
describe('worker credentials on an engine with OIDC and API keys', () => {
  const workerKey = `osk_${randomBytes(32).toString('base64url')}`;
  let engine: EngineProcess;
  let provider: TestOidcProvider;
  let shortLived: TestOidcProvider;
  let admin: OspreyClient;
  const workers: Worker[] = [];

  before(async () => {
    // tokens that expire after 2 s, and whose engine-side lifetime is 1 s while the provider says 1 hour (revoked early)
    provider = await startTestOidcProvider({ clientId: 'orders-worker', clientSecret: 's3cret', claims: { roles: ['worker', 'starter', 'modeler', 'viewer'] }, expiresIn: 2 });
    shortLived = await startTestOidcProvider({ clientId: 'orders-worker', clientSecret: 's3cret', claims: { roles: ['worker', 'starter', 'modeler', 'viewer'] }, expiresIn: 3600, jwtLifetime: 1 });
    engine = await startEngineProcess('client_credentials', {
      OSPREY_AUTH_ANONYMOUS: 'false',
      ...provider.engineEnv,
      OSPREY_API_KEYS: JSON.stringify([
        { id: 'payments', sha256: createHash('sha256').update(workerKey).digest('hex'), roles: ['worker', 'starter', 'modeler', 'viewer'] },
      ]),
    });
    admin = new OspreyClient({ baseUrl: engine.url, apiKey: workerKey });
    await admin.deploy([{ name: 'charge.bpmn', content: oneTaskProcess('charge', 'charge', 3) }]);
  });

  after(async () => {
    await Promise.all(workers.map((w) => w.stop({ drainMs: 0 })));
    await engine?.stop();
    await provider?.close();
    await shortLived?.close();
  });

  async function runsAJob(client: OspreyClient, orderId: string): Promise<void> {
    const { processInstanceKey } = await client.startInstance({ processDefinitionId: 'charge', variables: { orderId } });
    await eventually(async () => (await admin.getProcessInstance(processInstanceKey)).state === 'COMPLETED', `order ${orderId} to be charged`);
  }

  it('refuses a client without credentials with 401', async () => {
    const anonymous = new OspreyClient({ baseUrl: engine.url });
    await assert.rejects(anonymous.startInstance({ processDefinitionId: 'charge' }), (e: unknown) => e instanceof OspreyApiError && e.status === 401);
  });

  it('works jobs with an API key', async () => {
    const client = new OspreyClient({ baseUrl: engine.url, apiKey: workerKey });
    workers.push(createWorker({ type: 'charge', client, logger: quiet, pollRequestTimeout: 500, handler: () => ({ charged: true }) }));
    await workers.at(-1)!.start();
    await runsAJob(client, 'order-key-1');
    await workers.pop()!.stop({ drainMs: 0 });
  });

  it('works jobs with client credentials, fetching a new token when the last one expires', async () => {
    // given a worker that signs in with client credentials
    const client = new OspreyClient({ baseUrl: engine.url, oauth: { tokenUrl: provider.tokenUrl, clientId: 'orders-worker', clientSecret: 's3cret', audience: provider.audience } });
    workers.push(createWorker({ type: 'charge', client, logger: quiet, pollRequestTimeout: 500, handler: () => ({ charged: true }) }));
    await workers.at(-1)!.start();
    await runsAJob(client, 'order-oidc-1');

    // when its token has expired, then it fetches another and keeps working
    await sleep(2_200);
    await runsAJob(client, 'order-oidc-2');
    assert.ok(provider.issued >= 2, `expected a renewed token, but the provider issued ${provider.issued}`);
    await workers.pop()!.stop({ drainMs: 0 });
  });

  it('fetches a fresh token once when the engine refuses a cached one with 401', async () => {
    // given a provider whose tokens the engine stops accepting before the provider said they expire
    const engine2 = await startEngineProcess('client_credentials_401', { OSPREY_AUTH_ANONYMOUS: 'false', ...shortLived.engineEnv });
    try {
      const client = new OspreyClient({ baseUrl: engine2.url, oauth: { tokenUrl: shortLived.tokenUrl, clientId: 'orders-worker', clientSecret: 's3cret' } });
      await client.deploy([{ name: 'charge.bpmn', content: oneTaskProcess('charge', 'charge', 3) }]);
      const before = shortLived.issued;
      await sleep(1_500);
      // when the cached token is refused, then the call succeeds with a new one
      await client.deploy([{ name: 'charge.bpmn', content: oneTaskProcess('charge', 'charge', 3) }]);
      assert.equal(shortLived.issued, before + 1);
    } finally {
      await engine2.stop();
    }
  });

  it('names the client and the provider error when the secret is wrong', async () => {
    const client = new OspreyClient({ baseUrl: engine.url, oauth: { tokenUrl: provider.tokenUrl, clientId: 'orders-worker', clientSecret: 'wrong' } });
    await assert.rejects(client.startInstance({ processDefinitionId: 'charge' }), (e: unknown) => {
      assert.ok(e instanceof TokenRequestError);
      assert.match(e.message, /client 'orders-worker'.*invalid_client/);
      return true;
    });
  });
});

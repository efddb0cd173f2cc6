import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Kafka, logLevel } from 'kafkajs';
import { OspreyClient, jobTopic, resultsTopic } from '@osprey/client';
import {
  eventually,
  kill,
  REPO_ROOT,
  startEngineProcess,
  type EngineProcess,
} from './support/engine-process';

/** One JSON log line of the workers. */
interface LogLine {
  msg: string;
  jobType?: string;
  processInstanceKey?: string;
  outcome?: string;
  [field: string]: unknown;
}

/** An engine with the order process deployed, and `npm run workers` pointed at it. */
class OrderFixture {
  engine!: EngineProcess;
  client!: OspreyClient;
  workers!: ChildProcess;
  readonly lines: LogLine[] = [];

  /** Credential headers of the fixture's own calls; none while the engine allows anonymous access. */
  private auth: Record<string, string> = {};

  /**
   * @param cwd where the engine and the workers run; with it, the engine runs as `npm start`
   *   does with no identity configured (anonymous access off), and the test reads the
   *   development key from there as the workers do
   */
  async start(
    engineEnv: Record<string, string> = {},
    workersEnv: Record<string, string> = {},
    cwd?: string,
  ): Promise<void> {
    this.engine = await startEngineProcess('workers_order', cwd ? { OSPREY_AUTH_ANONYMOUS: '', OSPREY_DEV_API_KEY_FILE: '', ...engineEnv } : engineEnv, { cwd });
    const apiKey = cwd ? readFileSync(join(cwd, '.osprey/dev-api-key'), 'utf8').trim() : undefined;
    if (apiKey) this.auth = { 'x-api-key': apiKey };
    this.client = new OspreyClient({ baseUrl: this.engine.url, apiKey });
    await this.client.deploy([
      join(REPO_ROOT, 'processes/order-fulfilment.bpmn'),
      join(REPO_ROOT, 'processes/order-approval.form'),
    ]);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      OSPREY_URL: this.engine.url,
      LOG_LEVEL: 'info',
      WORKER_DRAIN_MS: '2000',
    };
    delete env.KAFKA_BROKERS;
    for (const name of ['OSPREY_API_KEY', 'OSPREY_TOKEN', 'OSPREY_OIDC_CLIENT_ID', 'OSPREY_DEV_API_KEY_FILE', 'OSPREY_DATA_DIR']) delete env[name];
    // Against an engine with anonymous access, no development key a local engine left behind.
    if (!cwd) env.OSPREY_DEV_API_KEY_FILE = 'off';
    Object.assign(env, workersEnv);
    this.workers = spawn(process.execPath, [join(REPO_ROOT, 'apps/workers/dist/src/main.js')], {
      cwd: cwd ?? REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: this.workers.stdout! }).on('line', (line) => {
      try {
        this.lines.push(JSON.parse(line) as LogLine);
      } catch {
        assert.fail(`Expected JSON log lines, but found: ${line}`);
      }
    });
    await eventually(
      async () => this.lines.some((l) => l.msg === 'order-fulfilment workers started'),
      'the workers to start',
    );
  }

  async stop(): Promise<void> {
    if (this.workers) await kill(this.workers);
    await this.engine?.stop();
  }

  async place(variables: Record<string, unknown>): Promise<string> {
    return (await this.client.startInstance({ processDefinitionId: 'order-fulfilment', variables }))
      .processInstanceKey;
  }

  /** Waits for the order to end; its end event and root variables. */
  async finished(processInstanceKey: string) {
    await eventually(
      async () => (await this.client.getProcessInstance(processInstanceKey)).state === 'COMPLETED',
      `order ${processInstanceKey} to finish`,
    );
    const ends = await this.search<{ elementId: string }>('/v2/element-instances/search', {
      filter: { processInstanceKey, type: 'END_EVENT' },
    });
    const vars = await this.search<{ name: string; value: string }>('/v2/variables/search', {
      filter: { processInstanceKey, scopeKey: processInstanceKey },
    });
    return {
      end: ends.map((e) => e.elementId),
      variables: Object.fromEntries(vars.map((v) => [v.name, JSON.parse(v.value) as unknown])),
    };
  }

  /** `job type: outcome` of each job log line of an order. */
  jobLines(processInstanceKey: string): string[] {
    return this.lines
      .filter((l) => l.processInstanceKey === processInstanceKey && l.msg.startsWith('job '))
      .map((l) => `${l.jobType}: ${l.outcome}`)
      .sort();
  }

  private async search<T>(path: string, body: unknown): Promise<T[]> {
    const res = await fetch(`${this.engine.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...this.auth },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 200);
    return ((await res.json()) as { items: T[] }).items;
  }
}

/** `npm run workers` against a real engine: orders placed through the API run to their end unattended. */
describe('order-fulfilment workers over REST', () => {
  const fixture = new OrderFixture();
  before(() => fixture.start());
  after(() => fixture.stop());

  it('fulfils a small order: stock checked, paid, confirmed, shipped, customer told', async () => {
    // given a small order (no manager approval needed)
    const key = await fixture.place({
      orderId: 'order-1001',
      orderTotal: 80,
      items: ['pen', { name: 'lamp', quantity: 2 }],
      customerEmail: 'ada@example.com',
    });

    // when the workers do their work, then the order ends fulfilled
    const { end, variables } = await fixture.finished(key);
    assert.deepEqual(end, ['EndEvent_OrderFulfilled']);
    assert.equal(variables.inStock, true);
    assert.match(String(variables.paymentId), /^pay_[0-9a-f]{16}$/);
    assert.equal(variables.paymentStatus, 'CONFIRMED');
    assert.match(String(variables.trackingId), /^TRK-[0-9A-F]{10}$/);
    assert.equal(variables.notificationChannel, 'email');

    // and each job left one JSON log line
    assert.deepEqual(fixture.jobLines(key), [
      'customer-notification: completed',
      'inventory-check: completed',
      'payment-charge: completed',
      'shipping: completed',
    ]);
  });

  it('cancels an order with an item that is never in stock, refunding the payment and releasing the stock', async () => {
    // given an order for unobtainium
    const key = await fixture.place({ orderId: 'order-1002', orderTotal: 40, items: ['unobtainium'] });

    // then shipping throws SHIPPING_FAILED, the saga undoes payment and reservation, and the order ends cancelled
    const { end, variables } = await fixture.finished(key);
    assert.deepEqual(end, ['EndEvent_OrderCancelled']);
    assert.equal(variables.inStock, false);
    assert.equal(variables.trackingId, undefined);
    assert.match(String(variables.paymentId), /^pay_[0-9a-f]{16}$/);
    assert.match(String(variables.refundId), /^ref_[0-9a-f]{16}$/);
    assert.equal(variables.refundedAmount, 40);
    assert.match(String(variables.releasedReservationId), /^res_[0-9a-f]{16}$/);
    assert.deepEqual(fixture.jobLines(key), [
      'inventory-check: completed',
      'payment-charge: completed',
      'refund-payment: completed',
      'release-stock: completed',
      'shipping: bpmn-error',
    ]);
  });

  it('stops gracefully on SIGTERM', async () => {
    assert.equal(await kill(fixture.workers), 0);
  });
});

/**
 * `npm start` with no identity configured, then `npm run workers` from the same folder with
 * nothing set: the engine writes a development API key, the workers find it, orders complete.
 */
describe('order-fulfilment workers against an engine with no identity configured', () => {
  const fixture = new OrderFixture();
  const cwd = mkdtempSync(join(tmpdir(), 'osprey-dev-key-'));
  before(() => fixture.start({}, {}, cwd));
  after(async () => {
    await fixture.stop();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('refuses callers without a credential, and the workers authenticate with the development key', async () => {
    // given the engine refuses anonymous calls
    const anonymous = await fetch(`${fixture.engine.url}/v2/process-instances/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(anonymous.status, 401);

    // when an order is placed, then the workers (started with no credential set) fulfil it
    const key = await fixture.place({ orderId: 'order-dev-1', orderTotal: 80, items: ['pen'] });
    const { end } = await fixture.finished(key);
    assert.deepEqual(end, ['EndEvent_OrderFulfilled']);
    assert.ok(fixture.lines.some((l) => l.msg === 'authenticating to the engine' && String(l.credential).endsWith('dev-api-key')));
  });
});

describe('order-fulfilment workers with customer notifications over Kafka', () => {
  const fixture = new OrderFixture();
  const brokers = process.env.KAFKA_BROKERS ?? '';
  const prefix = `osprey-workers-${process.pid}-${Date.now() % 1e8}`;

  before(async () => {
    assert.ok(brokers, 'Expected KAFKA_BROKERS to name a broker (npm test sets it through scripts/services)');
    const admin = new Kafka({
      clientId: 'osprey-test-admin',
      brokers: brokers.split(','),
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [resultsTopic(prefix), jobTopic(prefix, 'customer-notification')].map((topic) => ({
        topic,
        numPartitions: 3,
      })),
    });
    await admin.disconnect();
    await fixture.start(
      {
        KAFKA_BROKERS: brokers,
        OSPREY_KAFKA_PREFIX: prefix,
        OSPREY_KAFKA_JOB_TYPES: 'customer-notification',
        OSPREY_KAFKA_GROUP_ID: `engine-${prefix}`,
      },
      { KAFKA_BROKERS: brokers, OSPREY_KAFKA_PREFIX: prefix },
    );
  });
  after(() => fixture.stop());

  it('fulfils a small order, the customer told through Kafka', async () => {
    const key = await fixture.place({
      orderId: 'order-2001',
      orderTotal: 120,
      items: ['kettle'],
      customerEmail: 'grace@example.com',
    });
    const { end, variables } = await fixture.finished(key);
    assert.deepEqual(end, ['EndEvent_OrderFulfilled']);
    assert.equal(variables.notificationChannel, 'email');
    assert.ok(fixture.lines.some((l) => l.msg === 'consuming jobs' && l.jobType === 'customer-notification'));
    assert.deepEqual(fixture.jobLines(key), [
      'customer-notification: completed',
      'inventory-check: completed',
      'payment-charge: completed',
      'shipping: completed',
    ]);
  });
});

// What one chaos test is handed: its own database, engines it may kill, the services it may
// kill, the run's API keys, and lengths that shrink in the short form.
import { sleep } from '../bench/stats.mjs';
import { ApiKeys, ChaosEngine, withClient } from './engine.mjs';
import { deploy } from './http.mjs';
import { standardResources } from './processes.mjs';

export class ChaosContext {
  /**
   * @param {{ root: string, services: import('./services.mjs').ChaosServices, databases: import('./engine.mjs').Databases, short: boolean, log: (m: string) => void, name: string }} options
   */
  constructor({ root, services, databases, short, log, name }) {
    Object.assign(this, { root, services, databases, short, log, name });
    this.keys = new ApiKeys();
    this.engines = [];
    this.databaseUrl = '';
  }

  /** Seconds: `long` in the full run, `short` in the CI form. */
  seconds(long, short) {
    return (this.short ? short : long) * 1000;
  }

  /** Count: `long` in the full run, `short` in the CI form. */
  count(long, short) {
    return this.short ? short : long;
  }

  /** The test's database (created on first use). */
  async database() {
    this.databaseUrl ||= await this.databases.create(this.name);
    return this.databaseUrl;
  }

  /**
   * Starts an engine on the test's database; the first one deploys the standard processes
   * (and `extra` resources). `kafka: true` turns Kafka on with `chaos-kafka-job` dispatched there.
   */
  async engine({ kafka = false, env = {}, extra = [] } = {}) {
    const databaseUrl = await this.database();
    const kafkaEnv = kafka
      ? { KAFKA_BROKERS: this.services.kafkaBrokers, OSPREY_KAFKA_PREFIX: `chaos${Date.now() % 1e6}`, OSPREY_KAFKA_JOB_TYPES: 'chaos-kafka-job', OSPREY_KAFKA_JOB_TIMEOUT_MS: '30000' }
      : {};
    const first = this.engines.find((e) => e.extraEnv.OSPREY_KAFKA_PREFIX);
    if (first && kafka) kafkaEnv.OSPREY_KAFKA_PREFIX = first.extraEnv.OSPREY_KAFKA_PREFIX;
    const engine = new ChaosEngine({ root: this.root, databaseUrl, keys: this.keys, env: { ...kafkaEnv, ...env }, name: `${this.name} engine ${this.engines.length + 1}` });
    this.engines.push(engine);
    await engine.start();
    await engine.ready();
    if (this.engines.length === 1) await deploy(engine.url, this.keys.admin, [...standardResources(), ...extra]);
    return engine;
  }

  /** The Kafka topic prefix of this test's engines. */
  get kafkaPrefix() {
    return this.engines[0]?.extraEnv.OSPREY_KAFKA_PREFIX;
  }

  /** One SQL query on the test's database. */
  async sql(text, params = []) {
    return withClient(await this.database(), async (c) => (await c.query(text, params)).rows);
  }

  /** Polls until every instance in `keys` has ended, or `timeoutMs`; resolves how many are still active. */
  async waitEnded(keys, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [{ n }] = await this.sql(`SELECT count(*)::int AS n FROM process_instance WHERE key = ANY($1::bigint[]) AND state = 'ACTIVE'`, [keys]);
      if (n === 0 || Date.now() > deadline) return n;
      await sleep(500);
    }
  }

  /** Waits until the outbox has been relayed to Kafka at least once (or 30 s). */
  async waitOutboxDrained() {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [{ sent }] = await this.sql(`SELECT (SELECT count(*) FROM job WHERE transport = 'kafka') > 0 AND NOT EXISTS (SELECT 1 FROM outbox) AS sent`);
      if (sent || Date.now() > deadline) return;
      await sleep(200);
    }
  }

  /** Stops every engine of the test. */
  async close() {
    await Promise.all(this.engines.map((e) => e.stop().catch(() => undefined)));
  }
}

/** A check of a test's own: `{ name, ok, detail }`. */
export const check = (name, ok, detail = '') => ({ name, ok: Boolean(ok), detail });

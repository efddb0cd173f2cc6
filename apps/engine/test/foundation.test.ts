import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Database, MIGRATIONS } from '@osprey/store';
import { ConfigError, loadConfig } from '../src/config/engine-config';
import { Api, bootEngine, freshDatabase, tempDataDir } from './support/engine-harness';
import { oneTaskProcess } from './support/bpmn';
import type { TestDatabase } from '@osprey/testing';

const services = join(__dirname, '../../../../scripts/services');

describe('foundation: the engine boots, migrates and reports its health', () => {
  describe('on the embedded database', () => {
    it('serves ready, topology, and keeps its data across a restart', async () => {
      // given an empty data folder
      const dataDir = tempDataDir();
      // when the engine starts with no DATABASE_URL
      let engine = await bootEngine({ DATABASE_URL: undefined, OSPREY_DATA_DIR: dataDir });
      let api = new Api(engine.url);
      try {
        // then it is live and ready, and answers topology like Camunda 8
        assert.equal((await api.get('/health/live')).status, 200);
        const ready = await api.get('/health/ready');
        assert.equal(ready.status, 200);
        assert.equal(ready.body.components.database, 'UP');
        const topology = await api.get('/v2/topology');
        assert.equal(topology.body.clusterSize, 1);
        assert.equal(topology.body.brokers[0].partitions[0].role, 'leader');
        // and a deployment is stored
        const deployed = await api.deploy({ name: 'survivor.bpmn', content: oneTaskProcess('survivor', 'noop') });
        assert.equal(deployed.status, 200, JSON.stringify(deployed.body));
      } finally {
        await engine.stop();
      }
      // when it restarts on the same folder
      engine = await bootEngine({ DATABASE_URL: undefined, OSPREY_DATA_DIR: dataDir });
      api = new Api(engine.url);
      try {
        // then the deployment is still there
        const found = await api.post('/v2/process-definitions/search', { filter: { processDefinitionId: 'survivor' } });
        assert.equal(found.status, 200);
        assert.equal(found.body.items.length, 1);
        assert.equal(found.body.items[0].version, 1);
      } finally {
        await engine.stop();
      }
    });
  });

  describe('on the PostgreSQL server', () => {
    let db: TestDatabase;
    before(async () => {
      db = await freshDatabase('foundation');
    });
    after(async () => {
      await db.drop();
    });

    it('boots and is ready', async () => {
      const engine = await bootEngine({ DATABASE_URL: db.url });
      try {
        const ready = await new Api(engine.url).get('/health/ready');
        assert.equal(ready.status, 200);
        assert.deepEqual(ready.body.components, { database: 'UP' });
      } finally {
        await engine.stop();
      }
    });

    it('applies migrations once: a second run is a no-op', async () => {
      // given a database the template already migrated
      const database = await Database.connect({ kind: 'server', url: db.url, poolSize: 1 });
      try {
        // when migrations run twice more
        const first = await database.migrate();
        const second = await database.migrate();
        // then neither applied anything and the migrations table has one row per migration
        assert.deepEqual(first, []);
        assert.deepEqual(second, []);
        const rows = await database.rows<{ n: string }>('SELECT count(*) AS n FROM osprey_migrations');
        assert.equal(Number(rows[0]!.n), MIGRATIONS.length);
      } finally {
        await database.close();
      }
    });

    it('reports 503 naming the database while PostgreSQL is stopped, and recovers when it returns', async (t) => {
      // The test stops the server it runs on; it can only do that when scripts/services runs it.
      if (spawnSync(services, ['status', 'postgres'], { stdio: 'ignore' }).status !== 0) {
        t.skip('PostgreSQL is not run by scripts/services here (DATABASE_URL points elsewhere)');
        return;
      }
      const engine = await bootEngine({ DATABASE_URL: db.url });
      const api = new Api(engine.url);
      try {
        assert.equal((await api.get('/health/ready')).status, 200);
        // when the PostgreSQL server stops
        execFileSync(services, ['down', 'postgres'], { stdio: 'ignore' });
        try {
          const down = await api.get('/health/ready');
          // then readiness fails with a problem naming the part
          assert.equal(down.status, 503);
          assert.match(down.headers.get('content-type') ?? '', /application\/problem\+json/);
          assert.equal(down.body.components.database, 'DOWN');
          assert.match(down.body.detail, /database is unreachable/);
          // and liveness still answers
          assert.equal((await api.get('/health/live')).status, 200);
        } finally {
          execFileSync(services, ['up', 'postgres'], { stdio: 'ignore' });
        }
        // then readiness recovers without a restart
        await api.until(async () => (await api.get('/health/ready')).status === 200, 20_000, 'readiness to recover');
      } finally {
        await engine.stop();
      }
    });
  });

  describe('configuration', () => {
    it('names every invalid variable and what was expected', () => {
      assert.throws(
        () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'no-port', ENGINE_ROLES: 'api,chef' }),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, /PORT: Expected an integer between 0 and 65535, but found 'eighty'/);
          assert.match(error.message, /DATABASE_URL: Expected a postgres:/);
          assert.match(error.message, /KAFKA_BROKERS: Expected comma-separated host:port pairs/);
          assert.match(error.message, /ENGINE_ROLES: .* but found 'chef'/);
          // and never echoes a database URL (it may hold a password)
          assert.doesNotMatch(error.message, /mysql:\/\/x/);
          return true;
        },
      );
    });

    it('defaults to port 8080, the embedded database in ./.osprey, Kafka off and every role', () => {
      const config = loadConfig({});
      assert.equal(config.port, 8080);
      assert.equal(config.database.kind, 'embedded');
      assert.match(config.database.kind === 'embedded' ? config.database.dataDir : '', /\.osprey$/);
      assert.equal(config.kafka, undefined);
      assert.deepEqual([...config.roles].sort(), ['api', 'executor', 'relay']);
    });

    it('limits requests, variables, FEEL and load by default, and refuses a limit out of range', () => {
      const { limits } = loadConfig({});
      assert.deepEqual(limits, {
        maxBodyBytes: 4 * 1024 * 1024,
        requestReceiveTimeoutMs: 10_000,
        headersTimeoutMs: 5_000,
        maxConnectionsPerIp: 128,
        maxVariablesPerCommand: 1_000,
        maxStepsPerTransaction: 100,
        maxCallDepth: 1_000,
        commandGroup: 16,
        maxDeploymentBytes: 32 * 1024 * 1024,
        maxJsonDepth: 128,
        maxVariableBytes: 1024 * 1024,
        maxInstanceVariablesBytes: 4 * 1024 * 1024,
        feelMaxLength: 10_000,
        feelMaxDepth: 200,
        feelMaxIterations: 25_000,
        maxInFlightRequests: 256,
        maxDbWaiting: 64,
        shedRetryAfterSeconds: 1,
      });
      assert.throws(
        () => loadConfig({ OSPREY_MAX_VARIABLE_BYTES: '-1', OSPREY_COMMAND_GROUP: '0', OSPREY_SHED_RETRY_AFTER_SECONDS: '0' }),
        /OSPREY_COMMAND_GROUP: Expected an integer between 1 and 256, but found '0'[\s\S]*OSPREY_MAX_VARIABLE_BYTES: Expected an integer between 16 and \d+, but found '-1'[\s\S]*OSPREY_SHED_RETRY_AFTER_SECONDS: Expected an integer between 1 and 3600, but found '0'/,
      );
    });
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { migratedTestDatabase, type TestDatabase } from '@osprey/testing';
import { Database, isDatabaseUnavailable, type Sql } from '../src';

/**
 * A connection lost between two statements of a command (PostgreSQL killed, a failover, the
 * network cut) leaves the command's outcome unknown: the caller must hear "unavailable, retry",
 * which the API turns into `503` with `Retry-After`, never an internal error.
 */
describe('a connection lost inside a transaction', () => {
  let db: TestDatabase;
  let database: Database;

  before(async () => {
    db = await migratedTestDatabase('store_lost_connection');
    database = await Database.connect({ kind: 'server', url: db.url, poolSize: 2 });
  });

  after(async () => {
    await database?.close();
    await db?.drop();
  });

  /** Runs a transaction that opens, loses its connection to another session's pg_terminate_backend, then does `next`. */
  async function terminatedMidway(next: (sql: Sql) => Promise<unknown>): Promise<unknown> {
    return database
      .transaction(async (sql) => {
        const [{ pid }] = await sql.rows<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await sql.exec('CREATE TEMP TABLE lost_connection_probe (n int)');
        await database.rows('SELECT pg_terminate_backend($1)', [pid]);
        await sleep(200);
        await next(sql);
      })
      .then(() => undefined, (error: unknown) => error);
  }

  for (const [when, next] of [
    ['its next statement', (sql: Sql) => sql.exec('INSERT INTO lost_connection_probe VALUES (1)')],
    ['its commit', async () => undefined],
  ] as const) {
    it(`fails the command as database-unavailable when its connection is terminated before ${when}`, async () => {
      // given a transaction that has begun, when another session terminates its connection (as a
      // killed server or a failover does) and the transaction goes on
      const failure = await terminatedMidway(next);

      // then the failure says the database is unavailable, so the API answers 503 and the client retries
      assert.ok(failure, 'the transaction must fail');
      assert.ok(isDatabaseUnavailable(failure), `expected an unavailable database, got ${String(failure)}`);

      // and the pool serves the next command on a fresh connection
      const [{ one }] = await database.transaction((sql) => sql.rows<{ one: number }>('SELECT 1 AS one'));
      assert.equal(one, 1);
    });
  }
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { migratedTestDatabase, type TestDatabase } from '@osprey/testing';
import { Database, isDatabaseUnavailable, type Sql } from '../src';
import { PgProxy, serverMessages } from './pg-proxy';

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

/**
 * A new connection the server ends as soon as its handshake is done — PostgreSQL shutting down
 * or failing over while the pool opens a connection — reaches the client as one read holding
 * both the end of the handshake and the termination. It must fail the one command that asked
 * for the connection, and nothing else: the process lives and the pool opens another.
 */
describe('a connection terminated in the read that ends its handshake', () => {
  let db: TestDatabase;
  let admin: Database;
  let trap: HandshakeTrap;

  before(async () => {
    db = await migratedTestDatabase('store_handshake_terminated');
    admin = await Database.connect({ kind: 'server', url: db.url, poolSize: 1 });
    trap = await HandshakeTrap.start(new URL(db.url), async (pid) => {
      await admin.rows('SELECT pg_terminate_backend($1)', [pid]);
    });
  });

  after(async () => {
    trap?.close();
    await admin?.close();
    await db?.drop();
  });

  it('fails only the command that waited for it, as database-unavailable, and the pool goes on', async () => {
    // given a pool whose only connection is busy
    const database = await Database.connect({ kind: 'server', url: trap.url(db.url), poolSize: 2 });
    try {
      const busy = database.rows('SELECT pg_sleep(0.3)');
      // when the next command needs a new connection and the server ends it with the handshake
      trap.armOnce();
      const failure = await database.rows('SELECT 1').then(() => undefined, (error: unknown) => error);
      await busy;

      // then that command fails as database-unavailable (the API answers 503 and the client retries)
      assert.equal(trap.sprung, 1, 'the handshake and the termination must have arrived together');
      assert.ok(failure, 'the command on the terminated connection must fail');
      assert.ok(isDatabaseUnavailable(failure), `expected an unavailable database, got ${String(failure)}`);
      // and the process is still here (an unheard error would have failed this test) and the
      // pool serves the next command on a fresh connection
      const [{ one }] = await database.transaction((sql) => sql.rows<{ one: number }>('SELECT 1 AS one'));
      assert.equal(one, 1);
    } finally {
      await database.close();
    }
  });
});

/**
 * A TCP proxy in front of PostgreSQL that, once armed, holds back the end of the next
 * connection's handshake (its ReadyForQuery), has the backend terminated, and then forwards the
 * end of the handshake and the termination in one write.
 */
class HandshakeTrap {
  sprung = 0;
  private armed = false;
  private proxy!: PgProxy;

  private constructor(private readonly terminate: (pid: number) => Promise<void>) {}

  static async start(target: URL, terminate: (pid: number) => Promise<void>): Promise<HandshakeTrap> {
    const trap = new HandshakeTrap(terminate);
    trap.proxy = await PgProxy.start(target, (client, upstream) => {
      if (trap.armed) {
        trap.armed = false;
        trap.hold(client, upstream);
      } else {
        upstream.pipe(client);
      }
    });
    return trap;
  }

  /** The URL of `url`'s database through this proxy. */
  url(url: string): string {
    return this.proxy.url(url);
  }

  armOnce(): void {
    this.armed = true;
  }

  close(): void {
    this.proxy.close();
  }

  /** Forwards the server's messages until ReadyForQuery, then holds everything until the server hangs up. */
  private hold(client: Socket, upstream: Socket): void {
    let pending = Buffer.alloc(0);
    let held: Buffer[] | undefined;
    let pid = 0;
    upstream.on('data', (chunk: Buffer) => {
      if (held) {
        held.push(chunk);
        return;
      }
      pending = Buffer.concat([pending, chunk]);
      // K carries the backend pid; Z (ReadyForQuery) ends the handshake.
      let ready = false;
      const end = serverMessages(pending, (type, offset) => {
        if (type === 'K') pid = pending.readInt32BE(offset + 5);
        ready = type === 'Z';
        return !ready;
      });
      client.write(pending.subarray(0, end));
      if (ready) {
        held = [pending.subarray(end)];
        void this.terminate(pid);
        return;
      }
      pending = pending.subarray(end);
    });
    upstream.on('end', () => {
      if (held) {
        this.sprung++;
        client.end(Buffer.concat(held));
      } else {
        client.end();
      }
    });
  }
}

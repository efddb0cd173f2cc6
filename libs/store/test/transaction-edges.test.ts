import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { migratedTestDatabase, oneTaskProcess, type TestDatabase } from '@osprey/testing';
import { Database, OspreyEngine } from '../src';
import { PgProxy, serverMessages } from './pg-proxy';

/**
 * A transaction's START TRANSACTION and COMMIT travel with its first and last statements (ADR
 * 0030). What a user relies on must not change: all or nothing, and a connection that fails one
 * command serves the next. What should change is seen from the wire: fewer round trips.
 */
describe('START TRANSACTION and COMMIT in the round trips of the first and last statements', () => {
  let db: TestDatabase;
  let proxy: RoundTripCounter;
  let database: Database;

  before(async () => {
    db = await migratedTestDatabase('store_transaction_edges');
    proxy = await RoundTripCounter.start(new URL(db.url));
    // One connection, so every transaction below runs on the connection whose statements are prepared.
    database = await Database.connect({ kind: 'server', url: proxy.url(db.url), poolSize: 1 });
    await database.rows('CREATE TABLE edge_probe (id int PRIMARY KEY, note text)');
  });

  after(async () => {
    await database?.close();
    proxy?.close();
    await db?.drop();
  });

  /** Inserts, then inserts `second` with the last write held back, in one transaction. */
  const insertTwo = (first: number, second: number) =>
    database.transaction(async (sql) => {
      await sql.exec('INSERT INTO edge_probe (id, note) VALUES ($1, $2)', [first, 'first']);
      await sql.holdLast!('INSERT INTO edge_probe (id, note) VALUES ($1, $2)', [second, 'last']);
    });

  const ids = async () => (await database.rows<{ id: number }>('SELECT id FROM edge_probe ORDER BY id')).map((r) => r.id);

  it('commits a transaction whole in two round trips once its statements are prepared', async () => {
    // given the statements prepared on the connection by a first transaction
    await insertTwo(1, 2);

    // when the same transaction runs again
    const before = proxy.roundTrips;
    await insertTwo(3, 4);
    const trips = proxy.roundTrips - before;

    // then the database answered twice (BEGIN with the first insert, the held-back insert with
    // COMMIT), and both rows are there
    assert.equal(trips, 2);
    assert.deepEqual(await ids(), [1, 2, 3, 4]);
  });

  it('rolls the whole transaction back when the write sent with COMMIT fails, and the connection goes on', async () => {
    // when the held-back write violates the primary key, after the first insert succeeded
    const failure = await insertTwo(5, 1).then(() => undefined, (error: unknown) => error);

    // then the transaction fails with the database's words, and the first insert is gone too
    assert.match(String((failure as Error | undefined)?.message), /duplicate key/);
    assert.deepEqual(await ids(), [1, 2, 3, 4]);
    // and the one connection is not left inside an aborted transaction: the next one commits
    await insertTwo(5, 6);
    assert.deepEqual(await ids(), [1, 2, 3, 4, 5, 6]);
  });

  it('rolls back when the statement sent with START TRANSACTION fails, and the connection goes on', async () => {
    // given a first statement prepared on the connection
    const divide = (by: number) => database.transaction(async (sql) => {
      await sql.rows('SELECT 10 / $1::int AS q', [by]);
      await sql.exec('INSERT INTO edge_probe (id, note) VALUES ($1, $2)', [100 + by, 'after the division']);
    });
    await divide(1);

    // when it fails on the way in (a division by zero after BEGIN, in the same round trip)
    const failure = await divide(0).then(() => undefined, (error: unknown) => error);

    // then the command fails with the database's words and wrote nothing
    assert.match(String((failure as Error | undefined)?.message), /division by zero/);
    assert.deepEqual(await ids(), [1, 2, 3, 4, 5, 6, 101]);
    // and the next transaction on the same connection commits
    await divide(2);
    assert.deepEqual(await ids(), [1, 2, 3, 4, 5, 6, 101, 102]);
  });

  it('sends the held-back writes of several commands with COMMIT in one round trip, all or nothing', async () => {
    // given a transaction that has begun, whose commands each hold back their last write
    const holdThree = (ids: [number, number, number]) =>
      database.transaction(async (sql) => {
        await sql.rows('SELECT id FROM edge_probe WHERE id = $1 FOR UPDATE', [1]);
        for (const id of ids) await sql.holdLast!('INSERT INTO edge_probe (id, note) VALUES ($1, $2)', [id, 'held']);
      });
    await holdThree([201, 202, 203]);

    // when the same transaction runs again on the prepared statements
    const before = proxy.roundTrips;
    await holdThree([204, 205, 206]);

    // then the database answered twice: the lock with BEGIN, the three writes with COMMIT
    assert.equal(proxy.roundTrips - before, 2);
    assert.deepEqual((await ids()).filter((id) => id > 200), [201, 202, 203, 204, 205, 206]);

    // and when the second of three held writes fails, none of them is kept
    const failure = await holdThree([207, 201, 208]).then(() => undefined, (error: unknown) => error);
    assert.match(String((failure as Error | undefined)?.message), /duplicate key/);
    assert.deepEqual((await ids()).filter((id) => id > 200), [201, 202, 203, 204, 205, 206]);
    // and the connection goes on
    await holdThree([207, 208, 209]);
    assert.deepEqual((await ids()).filter((id) => id > 206), [207, 208, 209]);
  });

  it('completes a job in two round trips: the locks and reads with BEGIN, the write with COMMIT; six sent together in two as well', async () => {
    const engine = await OspreyEngine.open({ kind: 'server', url: proxy.url(db.url), poolSize: 1 }, { migrate: false });
    try {
      await engine.deployments.deploy([{ name: 'edges-one-task.bpmn', content: Buffer.from(oneTaskProcess('edges_one_task', 'edges-ship')) }]);
      const startAndActivate = async (): Promise<{ pik: string; jobKey: string }> => {
        const { processInstanceKey: pik } = await engine.instances.start({ definition: { processDefinitionId: 'edges_one_task' }, variables: { parcel: 7 } });
        const [job] = await engine.jobs.activate({ type: 'edges-ship', timeout: 60_000, maxJobsToActivate: 1 });
        assert.equal(job?.processInstanceKey, pik);
        return { pik, jobKey: job.jobKey };
      };
      // given a first completion, which prepares the statements on the connection
      await engine.jobs.complete((await startAndActivate()).jobKey, { shipped: true });

      // when a worker completes the next jobs
      const trips: number[] = [];
      let last = { pik: '', jobKey: '' };
      for (let i = 0; i < 3; i++) {
        last = await startAndActivate();
        const before = proxy.roundTrips;
        await engine.jobs.complete(last.jobKey, { shipped: true });
        trips.push(proxy.roundTrips - before);
      }

      // then the database answered each twice (a new block of keys, every thousand keys, adds
      // one), and the job is done and the instance completed
      assert.equal(Math.min(...trips), 2, `round trips per completion: ${trips.join(', ')}`);
      const { pik, jobKey } = last;
      const [instance] = await engine.db.rows<{ state: string }>(`SELECT state FROM process_instance WHERE key = $1`, [pik]);
      assert.equal(instance?.state, 'COMPLETED');
      assert.deepEqual(await engine.db.rows(`SELECT 1 FROM job WHERE key = $1`, [jobKey]), []);

      // and when six jobs are completed at once (a worker answering a batch), they share a
      // transaction: two round trips for all six (ADR 0034)
      const batch: { pik: string; jobKey: string }[] = [];
      for (let i = 0; i < 6; i++) batch.push(await startAndActivate());
      const beforeBatch = proxy.roundTrips;
      await Promise.all(batch.map(({ jobKey: key }) => engine.jobs.complete(key, { shipped: true })));
      assert.ok(proxy.roundTrips - beforeBatch <= 3, `round trips for six completions: ${proxy.roundTrips - beforeBatch}`);
      const ended = await engine.db.rows<{ state: string }>(`SELECT state FROM process_instance WHERE key = ANY($1::bigint[])`, [batch.map((b) => b.pik)]);
      assert.deepEqual(ended.map((r) => r.state), batch.map(() => 'COMPLETED'));
    } finally {
      await engine.close();
    }
  });
});

/**
 * A TCP proxy in front of PostgreSQL that counts the server's ReadyForQuery messages: one per
 * round trip, however many statements it carried.
 */
class RoundTripCounter {
  roundTrips = 0;
  private proxy!: PgProxy;

  static async start(target: URL): Promise<RoundTripCounter> {
    const counter = new RoundTripCounter();
    counter.proxy = await PgProxy.start(target, (client, upstream) => {
      let pending = Buffer.alloc(0);
      upstream.on('data', (chunk: Buffer) => {
        client.write(chunk);
        pending = Buffer.concat([pending, chunk]);
        const end = serverMessages(pending, (type) => {
          if (type === 'Z') counter.roundTrips++;
        });
        pending = pending.subarray(end);
      });
      upstream.on('end', () => client.end());
    });
    return counter;
  }

  /** The URL of `url`'s database through this proxy. */
  url(url: string): string {
    return this.proxy.url(url);
  }

  close(): void {
    this.proxy.close();
  }
}

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { migratedTestDatabase, type TestDatabase } from '@osprey/testing';
import { Database } from '../src';
import { StatementBatch } from '../src/instances/statement-batch';

/**
 * A command's writes go out as one statement of CTEs, whose `$n` are renumbered part by part;
 * the combined texts are built once per sequence of parts and reused. Whatever was reused, every
 * row must get its own values.
 */
describe('statements sent together as one', () => {
  let db: TestDatabase;
  let database: Database;

  before(async () => {
    db = await migratedTestDatabase('store_statement_batch');
    database = await Database.connect({ kind: 'server', url: db.url, poolSize: 2 });
    await database.rows('CREATE TABLE batch_a (id int PRIMARY KEY, note text)');
    await database.rows('CREATE TABLE batch_b (id int PRIMARY KEY, note text, extra text)');
  });

  after(async () => {
    await database?.close();
    await db?.drop();
  });

  const INSERT_A = 'INSERT INTO batch_a (id, note) VALUES ($1, $2)';
  const INSERT_B = 'INSERT INTO batch_b (id, note, extra) VALUES ($1, $2, $3)';
  /** One text, used with an array of any length: the same text, always one parameter. */
  const INSERT_B_MANY = 'INSERT INTO batch_b (id, note) SELECT id, $2 FROM unnest($1::int[]) AS id';

  const rowsOf = async (table: string) =>
    database.rows<{ id: number; note: string; extra: string | null }>(`SELECT id, note, extra FROM ${table} ORDER BY id`);
  const rowsOfA = async () => database.rows<{ id: number; note: string }>('SELECT id, note FROM batch_a ORDER BY id');

  it('gives every part its own values, the first time and each time the same parts come again', async () => {
    // when three commands write the same two tables with the same statements
    for (const n of [1, 2, 3]) {
      await database.transaction(async (sql) => {
        const batch = new StatementBatch(sql);
        await batch.add(['batch_a'], INSERT_A, [n, `a${n}`]);
        await batch.add(['batch_b'], INSERT_B, [n, `b${n}`, `x${n}`]);
        await batch.flushLast();
      });
    }

    // then each row holds the values its own command gave it
    assert.deepEqual(await rowsOfA(), [1, 2, 3].map((n) => ({ id: n, note: `a${n}` })));
    assert.deepEqual(await rowsOf('batch_b'), [1, 2, 3].map((n) => ({ id: n, note: `b${n}`, extra: `x${n}` })));
  });

  it('numbers each sequence of parts on its own when sequences share their first parts', async () => {
    // when commands send one part, then two, then the same two ended by a plain SELECT
    await database.transaction(async (sql) => {
      const batch = new StatementBatch(sql);
      await batch.add(['batch_b'], INSERT_B_MANY, [[10, 11], 'many']);
      await batch.flushLast();
    });
    await database.transaction(async (sql) => {
      const batch = new StatementBatch(sql);
      await batch.add(['batch_b'], INSERT_B_MANY, [[20], 'two parts']);
      await batch.add(['batch_a'], INSERT_A, [20, 'after 20']);
      await batch.flushLast();
    });
    await database.transaction(async (sql) => {
      const batch = new StatementBatch(sql);
      await batch.add(['batch_b'], INSERT_B_MANY, [[30], 'ended']);
      await batch.add(['batch_a'], INSERT_A, [30, 'after 30']);
      await batch.flush({ text: 'SELECT $1::int + $2::int AS sum', params: [1, 2] });
    });

    // then every row holds its own command's values
    const a = (await rowsOfA()).filter((r) => r.id >= 10);
    assert.deepEqual(a, [
      { id: 20, note: 'after 20' },
      { id: 30, note: 'after 30' },
    ]);
    const b = (await rowsOf('batch_b')).filter((r) => r.id >= 10).map((r) => [r.id, r.note]);
    assert.deepEqual(b, [[10, 'many'], [11, 'many'], [20, 'two parts'], [30, 'ended']]);
  });
});

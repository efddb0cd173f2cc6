import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { migratedTestDatabase, type TestDatabase } from '@osprey/testing';
import { OspreyEngine } from '../src';

const LITERAL = `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="history-drg" name="History" namespace="x">
  <decision id="double" name="Double"><literalExpression id="e"><text>n * 2</text></literalExpression></decision>
</definitions>`;

let db: TestDatabase;
let engine: OspreyEngine;

before(async () => {
  db = await migratedTestDatabase('store_decision_history');
  engine = await OspreyEngine.open({ kind: 'server', url: db.url, poolSize: 2 }, { migrate: false });
  await engine.deployments.deploy([{ name: 'history.dmn', content: Buffer.from(LITERAL) }]);
});

after(async () => {
  await engine?.close();
  await db?.drop();
});

describe('decision instances are history: partitioned by month and dropped with it', () => {
  it('keeps an evaluation in the month partition, and retention drops it with the record stream', async () => {
    // given a decision evaluated now (the engine created this month's partitions when it opened)
    const evaluated = await engine.decisionEvaluations.evaluate({ decisionDefinitionId: 'double', variables: { n: 21 } });
    assert.equal(evaluated.output, '42');
    const [row] = await engine.db.rows<{ partition: string }>(
      `SELECT tableoid::regclass::text AS partition FROM decision_instance WHERE decision_evaluation_key = $1`,
      [evaluated.decisionEvaluationKey],
    );
    const now = new Date();
    assert.equal(row?.partition, `decision_instance_${now.getUTCFullYear()}_${String(now.getUTCMonth() + 1).padStart(2, '0')}`);

    // when retention drops everything that ends before next month
    const dropped = await engine.history.dropBefore(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)));
    // then this month's decision instances went with this month's records
    assert.ok(dropped.includes(row!.partition), dropped.join(', '));
    assert.ok(dropped.some((name) => name.startsWith('history_record_')));
    const { items } = await engine.search.decisionInstances({ filter: { decisionEvaluationKey: evaluated.decisionEvaluationKey } });
    assert.deepEqual(items, []);
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { migratedTestDatabase, type TestDatabase } from '@osprey/testing';
import { ConflictError, InstanceReadsRepository, OspreyEngine, PayloadTooLargeError } from '../src';

/** One service task between a none start and a none end, as Camunda Modeler writes it. */
const ONE_TASK = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="store_one_task" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="charge" name="Charge">
      <bpmn:extensionElements><zeebe:taskDefinition type="store-charge" /></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="charge" />
    <bpmn:sequenceFlow id="f2" sourceRef="charge" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

let db: TestDatabase;
let engine: OspreyEngine;

before(async () => {
  db = await migratedTestDatabase('store_pipeline');
  // A small variable limit, so a refused command is cheap to provoke.
  engine = await OspreyEngine.open({ kind: 'server', url: db.url, poolSize: 4 }, { migrate: false, limits: { variables: { maxVariableBytes: 1_000 } } });
  await engine.deployments.deploy([{ name: 'store-one-task.bpmn', content: Buffer.from(ONE_TASK) }]);
});

after(async () => {
  await engine?.close();
  await db?.drop();
});

/** Starts an instance and activates its job; returns both keys. */
async function startAndActivate(): Promise<{ pik: string; jobKey: string }> {
  const { processInstanceKey: pik } = await engine.instances.start({ definition: { processDefinitionId: 'store_one_task' }, variables: { amount: 42 } });
  const jobs = await engine.jobs.activate({ type: 'store-charge', timeout: 60_000, maxJobsToActivate: 10 });
  const job = jobs.find((j) => j.processInstanceKey === pik);
  assert.ok(job, `Expected the job of instance ${pik} to be activated`);
  return { pik, jobKey: job.jobKey };
}

async function historyIntents(pik: string): Promise<string[]> {
  const rows = await engine.db.rows<{ e: string }>(
    `SELECT value_type || ':' || intent AS e FROM history_entry WHERE process_instance_key = $1 ORDER BY position`,
    [pik],
  );
  return rows.map((r) => r.e);
}

describe('the command pipeline on PostgreSQL', () => {
  it('commits a start and a job completion each with their rows and history together', async () => {
    const { pik, jobKey } = await startAndActivate();
    assert.ok((await historyIntents(pik)).includes('JOB:CREATED'));

    await engine.jobs.complete(jobKey, { chargeId: 'ch-1' });

    const [instance] = await engine.db.rows<{ state: string }>(`SELECT state FROM process_instance WHERE key = $1`, [pik]);
    assert.equal(instance?.state, 'COMPLETED');
    assert.deepEqual(await engine.db.rows(`SELECT 1 FROM job WHERE key = $1`, [jobKey]), []);
    const intents = await historyIntents(pik);
    assert.ok(intents.includes('JOB:COMPLETED'), intents.join(', '));
    assert.equal(intents.at(-1), 'PROCESS_INSTANCE:ELEMENT_COMPLETED');
  });

  it('rolls a refused command back whole: the job stays activated and no variable or record is written', async () => {
    const { pik, jobKey } = await startAndActivate();
    const before = await historyIntents(pik);

    await assert.rejects(engine.jobs.complete(jobKey, { receipt: 'x'.repeat(2_000) }), PayloadTooLargeError);

    const [job] = await engine.db.rows<{ state: string }>(`SELECT state FROM job WHERE key = $1`, [jobKey]);
    assert.equal(job?.state, 'ACTIVATED');
    assert.deepEqual(await engine.db.rows(`SELECT 1 FROM variable WHERE scope_key = $1 AND name = 'receipt'`, [pik]), []);
    assert.deepEqual(await historyIntents(pik), before);
  });
});

describe('tryLock, the lock of background sweeps', () => {
  it('skips an instance that another transaction holds, and locks it once that one committed', async () => {
    const { pik } = await startAndActivate();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = engine.db.transaction(async (sql) => {
      await engine.pipeline.lock(sql, pik);
      locked();
      await held;
    });
    await isLocked;
    try {
      assert.equal(await engine.db.transaction((sql) => engine.pipeline.tryLock(sql, pik)), 'skipped');
    } finally {
      release();
      await holder;
    }
    const state = await engine.db.transaction((sql) => engine.pipeline.tryLock(sql, pik));
    assert.notEqual(state, 'skipped');
  });

  it('skips an ended instance and a key that names none', async () => {
    const { pik, jobKey } = await startAndActivate();
    await engine.jobs.complete(jobKey, {});
    assert.equal(await engine.db.transaction((sql) => engine.pipeline.tryLock(sql, pik)), 'skipped');
    assert.equal(await engine.db.transaction((sql) => engine.pipeline.tryLock(sql, '9007199254740990')), 'skipped');
  });

  it('throws a database error instead of taking it for a skip', async () => {
    const { pik } = await startAndActivate();
    await assert.rejects(
      engine.db.transaction(async (sql) => {
        await sql.rows(`SELECT 1 / 0`).catch(() => undefined); // the transaction is now aborted
        return engine.pipeline.tryLock(sql, pik);
      }),
      /current transaction is aborted/,
    );
  });
});

describe('search over the instance rows', () => {
  it('filters by process and state, pages, and counts the whole result', async () => {
    const started = [await startAndActivate(), await startAndActivate(), await startAndActivate()];
    await engine.jobs.complete(started[0]!.jobKey, {});

    const active = await engine.search.processInstances({
      filter: { processDefinitionId: 'store_one_task', state: 'ACTIVE' },
      page: { limit: 1 },
    });
    const keys = new Set(started.slice(1).map((s) => s.pik));
    assert.equal(active.items.length, 1);
    assert.ok(active.page.totalItems >= 2, `Expected at least the 2 active instances counted, got ${active.page.totalItems}`);
    const all = await engine.search.processInstances({ filter: { processDefinitionId: 'store_one_task', state: 'ACTIVE' }, page: { limit: 100 } });
    const found = new Set(all.items.map((i) => String((i as { processInstanceKey: string }).processInstanceKey)));
    for (const key of keys) assert.ok(found.has(key), `Expected active instance ${key} in the search`);
    assert.ok(!found.has(started[0]!.pik), 'Expected the completed instance not to be listed as active');
  });
});

describe('history as one row per command (ADR 0029)', () => {
  /** Writes a record into `history_record` as a release before ADR 0029 wrote it. */
  async function writtenByPreviousRelease(pik: string, valueType: string, intent: string, recordKey: string): Promise<string> {
    const [{ position }] = await engine.db.rows<{ position: string }>(
      `INSERT INTO history_record (position, record_key, process_instance_key, value_type, intent, element_id, value, "timestamp")
       VALUES (nextval('history_position_seq') + 9000000000000000, $1, $2, $3, $4, 'charge', '{"written":"before"}', now())
       RETURNING position::text AS position`,
      [recordKey, pik, valueType, intent],
    );
    return position;
  }

  it('writes a start as one row and reads its records back one by one, in order, with rows a previous release wrote', async () => {
    // given a started instance
    const { processInstanceKey: pik } = await engine.instances.start({ definition: { processDefinitionId: 'store_one_task' }, variables: { amount: 7 } });
    // then its start is one history row holding every record of the command
    const [{ rows, records }] = await engine.db.rows<{ rows: number; records: number }>(
      `SELECT count(*)::int AS rows, sum(json_array_length(records))::int AS records FROM history_batch WHERE process_instance_key = $1`,
      [pik],
    );
    assert.equal(rows, 1);
    assert.ok(records >= 8, `expected the start's records in the row, got ${records}`);

    // when a previous release, still running during a rolling update, appends a record
    const legacy = await writtenByPreviousRelease(pik, 'VARIABLE', 'UPDATED', '0');
    const page = await new InstanceReadsRepository(engine.db).history(pik, 0, 100);

    // then the history reads every record once, ordered by position, the older release's last
    assert.equal(page.totalItems, records + 1);
    assert.equal(page.items.length, records + 1);
    const positions = page.items.map((i) => BigInt(i.position));
    assert.deepEqual(positions, [...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    assert.equal(page.items.at(-1)!.position, legacy);
    assert.equal(page.items[0]!.valueType, 'PROCESS_INSTANCE');
    assert.ok(page.items.some((i) => i.valueType === 'JOB' && i.intent === 'CREATED' && i.elementId === 'charge'));
    // and a page further on starts where the first ended
    const second = await new InstanceReadsRepository(engine.db).history(pik, 3, 2);
    assert.deepEqual(second.items.map((i) => i.position), page.items.slice(3, 5).map((i) => i.position));
  });

  it('answers a second completion of a job with what happened, whichever release wrote its history', async () => {
    // given a job completed now, and one a previous release recorded as completed
    const { pik, jobKey } = await startAndActivate();
    await engine.jobs.complete(jobKey, {});
    const oldJobKey = '9000000000000001';
    await writtenByPreviousRelease(pik, 'JOB', 'COMPLETED', oldJobKey);

    // when either is completed again, then the answer says it is completed, not that it is unknown
    for (const key of [jobKey, oldJobKey]) {
      await assert.rejects(engine.jobs.complete(key, {}), (error: Error) => {
        assert.ok(error instanceof ConflictError, `${key}: ${String(error)}`);
        assert.match(error.message, /COMPLETED/);
        return true;
      });
    }
  });
});

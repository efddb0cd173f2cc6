/**
 * Restart property: random runs of generated processes on the PostgreSQL store, where every
 * step is taken by a fresh engine (its own pool, booted on the same database the way the engine
 * boots) that knows the instance only from PostgreSQL. After every step the state it reads back
 * must equal the state of the in-memory engine that ran the same process with the same choices
 * and never restarted, and what the long-running engine object reads must equal both.
 * Compared by element id (keys differ): live elements with counts, variables per scope, open
 * jobs / user tasks / timers / subscriptions, tokens at joins, incidents, and whether it ended.
 *
 * Replay a failure with the seed it prints: `OSPREY_PROPERTY_SEED=<seed> OSPREY_PROPERTY_CASES=1`.
 * Raise the budget with `OSPREY_PROPERTY_CASES`.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { compileOrThrow } from '@osprey/bpmn';
import type { InstanceState } from '@osprey/runtime';
import { OspreyEngine } from '@osprey/store';
import {
  boundaryMessageName,
  chooseAction,
  CORRELATION_KEY,
  describeAction,
  flattenProcess,
  GENERATED_JOB_TYPE,
  InMemoryEngine,
  InMemoryProcessDriver,
  initialVariables,
  instanceSnapshot,
  Prng,
  propertyBudget,
  randomProcessTree,
  renderZeebeXml,
  sortedCounts,
  replayableFailure,
  type DriverAction,
  type InstanceSnapshot,
  type TestDatabase,
} from '@osprey/testing';
import { freshDatabase } from '../support/engine-harness';

/** Steps per run: generated trees hold at most 8 tasks here, so most runs end well before. */
const MAX_STEPS = 25;
const TREE = { work: ['user', 'service'], maxTasks: 8 } as const;
const { seed, cases } = propertyBudget(20261126, 25);

let db: TestDatabase;
let longRunning: OspreyEngine;

before(async () => {
  db = await freshDatabase('restart_property');
  longRunning = await OspreyEngine.open({ kind: 'server', url: db.url, poolSize: 2 }, { migrate: false });
});

after(async () => {
  await longRunning?.close();
  await db?.drop();
});

test(`a fresh engine rebuilt from PostgreSQL after every step agrees with one that never restarted (${cases} runs, seed ${seed})`, async () => {
  const seen = new Set<string>();
  for (let i = 0; i < cases; i++) for (const what of await runCase(seed + i)) seen.add(what);
  // A budget that never completes a run, fires a timer or publishes a message would prove little.
  if (cases >= 20)
    for (const what of ['complete', 'timer', 'message', 'COMPLETED'])
      assert.ok(seen.has(what), `Expected some run to see '${what}'`);
});

/** Runs one case; returns the kinds of actions taken and how it ended, for the budget's coverage check. */
async function runCase(caseSeed: number): Promise<string[]> {
  const rng = new Prng(caseSeed);
  const processId = `restart_${caseSeed}`;
  const xml = renderZeebeXml(flattenProcess(processId, randomProcessTree(rng, TREE)));
  const steps: string[] = [];
  const kinds: string[] = [];
  try {
    const [graph] = await compileOrThrow(xml);
    const memory = new InMemoryEngine();
    memory.deploy(graph!);
    const reference = InMemoryProcessDriver.start(memory, processId);
    await longRunning.deployments.deploy([{ name: `${processId}.bpmn`, content: Buffer.from(xml) }]);
    const { processInstanceKey: pik } = await longRunning.instances.start({
      definition: { processDefinitionId: processId },
      variables: initialVariables(),
    });
    const fired = new Set<string>();
    for (let step = 0; ; step++) {
      const fresh = await OspreyEngine.open({ kind: 'server', url: db.url, poolSize: 1 }, { migrate: false });
      try {
        const expected = expectedSnapshot(memory.state(reference.processInstanceKey));
        const rebuilt = await storedSnapshot(fresh, pik);
        assert.deepEqual(rebuilt, expected, `fresh engine after ${steps.length} steps`);
        assert.deepEqual(
          await storedSnapshot(longRunning, pik),
          rebuilt,
          `long-running engine after ${steps.length} steps`,
        );
        assert.deepEqual(
          await searchedActive(longRunning, pik),
          'active' in rebuilt ? rebuilt.active : {},
          `search after ${steps.length} steps`,
        );
        const action = step < MAX_STEPS ? chooseAction(rng, reference.observe(), fired) : undefined;
        if (!action) return [...kinds, memory.instanceState(reference.processInstanceKey)];
        steps.push(describeAction(action));
        kinds.push(action.kind);
        reference.perform(action);
        await perform(fresh, pik, action);
      } finally {
        await fresh.close();
      }
    }
  } catch (error) {
    throw replayableFailure(caseSeed, steps, error, xml);
  }
}

/** An ended instance as PostgreSQL keeps it: its state, and nothing live. */
interface EndedInstance {
  readonly state: string;
  readonly openRows: readonly string[];
}

/** What PostgreSQL should hold for `state`: its snapshot, or once it ended, only that it did. */
function expectedSnapshot(state: InstanceState): InstanceSnapshot | EndedInstance {
  return state.state === 'ACTIVE' ? instanceSnapshot(state) : { state: state.state, openRows: [] };
}

/**
 * What `engine` reads of the instance from PostgreSQL: the live state document, and once the
 * instance ended (the document is gone) its state column with nothing live. Open user tasks and
 * jobs are read from their own tables and must match the document.
 */
async function storedSnapshot(engine: OspreyEngine, pik: string): Promise<InstanceSnapshot | EndedInstance> {
  const [row] = await engine.db.rows<{ state: string; runtime: InstanceState | string | null }>(
    `SELECT state, runtime FROM process_instance WHERE key = $1`,
    [pik],
  );
  assert.ok(row, `Expected instance ${pik} in PostgreSQL, but it is not there`);
  const openRows = (
    await engine.db.rows<{ row: string }>(
      `SELECT 'USER_TASK ' || element_id AS row FROM user_task WHERE process_instance_key = $1 AND state = 'CREATED'
       UNION ALL
       SELECT 'JOB ' || element_id FROM job WHERE process_instance_key = $1 AND state IN ('ACTIVATABLE', 'ACTIVATED')`,
      [pik],
    )
  )
    .map((r) => r.row)
    .sort();
  if (!row.runtime) return { state: row.state, openRows };
  const snapshot = instanceSnapshot(
    typeof row.runtime === 'string' ? (JSON.parse(row.runtime) as InstanceState) : row.runtime,
  );
  assert.deepEqual(
    openRows,
    snapshot.open.filter((o) => o.startsWith('USER_TASK ') || o.startsWith('JOB ')).sort(),
    'open rows',
  );
  return snapshot;
}

/** What the long-running engine's search reports (the projection, not the state document): active elements by id. */
async function searchedActive(engine: OspreyEngine, pik: string): Promise<Record<string, number>> {
  const found = await engine.search.elementInstances({
    filter: { processInstanceKey: pik, state: 'ACTIVE' },
    page: { limit: 1000 },
  });
  const counts: Record<string, number> = {};
  for (const item of found.items as { elementId: string }[])
    counts[item.elementId] = (counts[item.elementId] ?? 0) + 1;
  return sortedCounts(counts);
}

/** Takes `action` on the store through `engine`'s services, as a worker, a user or a sender would. */
async function perform(engine: OspreyEngine, pik: string, action: DriverAction): Promise<void> {
  switch (action.kind) {
    case 'complete': {
      const [task] = await engine.db.rows<{ key: string }>(
        `SELECT key::text AS key FROM user_task WHERE process_instance_key = $1 AND element_id = $2 AND state = 'CREATED'`,
        [pik, action.elementId],
      );
      if (task) return engine.userTasks.complete(task.key, action.variables);
      // Activation hands out every activatable job; the one of this element is then completed.
      await engine.jobs.activate({
        type: GENERATED_JOB_TYPE,
        worker: 'restart-property',
        timeout: 600_000,
        maxJobsToActivate: 100,
      });
      const [job] = await engine.db.rows<{ key: string }>(
        `SELECT key::text AS key FROM job WHERE process_instance_key = $1 AND element_id = $2 AND state = 'ACTIVATED'`,
        [pik, action.elementId],
      );
      assert.ok(job, `Expected a waiting task '${action.elementId}' in PostgreSQL, but there is none`);
      return engine.jobs.complete(job.key, action.variables);
    }
    case 'timer': {
      // The timer falls due on the database clock, as if its hour had passed; then the poller's call fires it.
      const moved = await engine.db.transaction((sql) =>
        sql.exec(
          `UPDATE timer SET due_date = now() - interval '1 second' WHERE process_instance_key = $1 AND target_element_id = $2`,
          [pik, action.boundaryId],
        ),
      );
      assert.equal(moved, 1, `Expected one pending timer on '${action.boundaryId}' in PostgreSQL`);
      await engine.timers.fireDue();
      return;
    }
    case 'message':
      await engine.messages.publish({
        name: boundaryMessageName(action.boundaryId),
        correlationKey: CORRELATION_KEY,
      });
      return;
  }
}

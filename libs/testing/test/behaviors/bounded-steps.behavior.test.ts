import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execute, type Command, type EngineRecord, type ExecutionResult, type InstanceState } from '@osprey/runtime';
import type { ProcessGraph } from '@osprey/bpmn';
import { createProcess } from '../../src';

/** A counting loop without a wait state: script `n + 1`, back while `n < limit`. */
async function countingLoop(): Promise<ProcessGraph> {
  return await createProcess('loop')
    .startEvent('s')
    .scriptTask('count', { expression: '=n + 1', resultVariable: 'n' })
    .exclusiveGateway('more')
    .condition('=n < limit', 'again')
    .connectTo('count')
    .moveTo('more')
    .defaultFlow('done')
    .endEvent('e')
    .build();
}

/** A parallel multi-instance script doubling each item into `doubles`. */
async function doubling(): Promise<ProcessGraph> {
  return await createProcess('mi')
    .startEvent('s')
    .scriptTask('double', {
      expression: '=item * 2',
      resultVariable: 'doubled',
      multiInstance: { inputCollection: '=items', inputElement: 'item', outputCollection: 'doubles', outputElement: '=doubled' },
    })
    .endEvent('e')
    .build();
}

function runner(graph: ProcessGraph, maxSteps?: number) {
  let key = 100;
  const ctx = { now: Date.parse('2026-01-01T00:00:00Z'), graph, nextKey: () => String(++key), ...(maxSteps ? { maxSteps } : {}) };
  return (state: InstanceState | null, command: Command): ExecutionResult => execute(state, command, ctx);
}

/** Creates an instance and runs CONTINUE until nothing is pending; every record in order, the slices, the end state. */
function runToRest(graph: ProcessGraph, variables: Record<string, never> | Record<string, unknown>, maxSteps?: number) {
  const run = runner(graph, maxSteps);
  let result = run(null, { type: 'CREATE_INSTANCE', processInstanceKey: '1', processDefinitionKey: '2', version: 1, tenantId: '<default>', variables: variables as never });
  const records: EngineRecord[] = [...result.records];
  let slices = 1;
  while (result.state.pending) {
    result = run(result.state, { type: 'CONTINUE' });
    records.push(...result.records);
    slices++;
  }
  return { records, slices, state: result.state };
}

/** What a record says, without keys (which depend on how many were taken). */
const shape = (r: EngineRecord) => `${r.valueType} ${r.intent} ${'elementId' in r.value ? String(r.value.elementId) : ''}`;

describe('bounded steps', () => {
  it('given a loop without a wait state, when run with a bound of 10 steps, then it takes many slices and writes the same records in the same order as unbounded', async () => {
    const unbounded = runToRest(await countingLoop(), { n: 0, limit: 200 });
    const bounded = runToRest(await countingLoop(), { n: 0, limit: 200 }, 10);

    assert.equal(unbounded.slices, 1);
    assert.ok(bounded.slices > 30, `expected many slices, got ${bounded.slices}`);
    assert.deepEqual(bounded.records.map(shape), unbounded.records.map(shape));
    assert.equal(bounded.state.state, 'COMPLETED');
  });

  it('given each slice, when it ends, then it ran at most the bound and says how many steps it ran', async () => {
    const run = runner(await countingLoop(), 10);
    const first = run(null, { type: 'CREATE_INSTANCE', processInstanceKey: '1', processDefinitionKey: '2', version: 1, tenantId: '<default>', variables: { n: 0, limit: 100 } });
    assert.equal(first.steps, 10);
    assert.ok(first.state.pending && first.state.pending.steps.length > 0);
    // the pending work is plain JSON: it survives the store's round trip
    const reloaded = JSON.parse(JSON.stringify(first.state)) as InstanceState;
    const second = run(reloaded, { type: 'CONTINUE' });
    assert.equal(second.steps, 10);
    assert.equal(second.state.variables['1']?.n, 10);
  });

  it('given a parallel multi-instance over 120 items, when run with a bound of 7 steps, then the output collection holds every result in order', async () => {
    const items = Array.from({ length: 120 }, (_, i) => i + 1);
    const bounded = runToRest(await doubling(), { items }, 7);

    assert.ok(bounded.slices > 10);
    assert.equal(bounded.state.state, 'COMPLETED');
    const doubles = bounded.records.filter((r) => r.valueType === 'VARIABLE' && r.value.name === 'doubles').at(-1);
    assert.deepEqual(doubles?.valueType === 'VARIABLE' ? doubles.value.value : undefined, items.map((i) => i * 2));
  });

  it('given a loop stopped at its bound, when the instance is cancelled, then it ends TERMINATED and nothing is left pending', async () => {
    const run = runner(await countingLoop(), 10);
    const sliced = run(null, { type: 'CREATE_INSTANCE', processInstanceKey: '1', processDefinitionKey: '2', version: 1, tenantId: '<default>', variables: { n: 0, limit: 1_000_000 } });
    const cancelled = run(sliced.state, { type: 'CANCEL' });

    assert.equal(cancelled.state.state, 'TERMINATED');
    assert.equal(cancelled.state.pending, undefined);
    assert.ok(!cancelled.records.some((r) => r.valueType === 'VARIABLE'), 'the loop did not count on after the cancellation');
  });

  it('given work pending, when a modification arrives, then it is refused until the instance is at rest', async () => {
    const run = runner(await countingLoop(), 10);
    const sliced = run(null, { type: 'CREATE_INSTANCE', processInstanceKey: '1', processDefinitionKey: '2', version: 1, tenantId: '<default>', variables: { n: 0, limit: 1_000 } });
    assert.throws(() => run(sliced.state, { type: 'MODIFY', activateInstructions: [], terminateInstructions: [] } as never), /at rest/);
  });
});

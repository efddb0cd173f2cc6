import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommandRejection, execute, rebuildState, type CreateInstanceCommand } from '../src';
import { context, deepFreeze, oneTask } from './fixtures';

const create: CreateInstanceCommand = {
  type: 'CREATE_INSTANCE',
  processInstanceKey: '1',
  processDefinitionKey: '2',
  version: 3,
  tenantId: 't',
  variables: { order: { id: 'A', lines: [1, 2] } },
};

describe('execute', () => {
  it('given a one-task process, when an instance is created, then it stops at the job with the header filled from the command', () => {
    const { state, records } = execute(null, create, context(oneTask));

    assert.equal(state.bpmnProcessId, 'one-task');
    assert.equal(state.version, 3);
    assert.equal(state.tenantId, 't');
    assert.equal(records.at(-1)?.valueType, 'JOB');
    assert.ok(
      records.every(
        (r) => r.processInstanceKey === '1' && r.timestamp === Date.parse('2026-01-01T00:00:00Z'),
      ),
    );
    assert.deepEqual(rebuildState(records), state);
  });

  it('given a frozen input state, when commands run, then the input is never mutated', () => {
    const ctx = context(oneTask);
    const first = deepFreeze(execute(null, create, ctx).state);
    const before = structuredClone(first);
    const task = Object.values(first.elements).find((e) => e.jobKey)!;

    const { state: second } = execute(
      first,
      { type: 'SET_VARIABLES', scopeKey: '1', variables: { order: { id: 'B' } }, local: false },
      ctx,
    );
    const { state: third } = execute(
      deepFreeze(second),
      { type: 'COMPLETE_JOB', jobKey: task.jobKey!, elementInstanceKey: task.key, variables: { ok: true } },
      ctx,
    );

    assert.deepEqual(first, before);
    assert.equal(third.state, 'COMPLETED');
    assert.deepEqual(second.variables['1']?.order, { id: 'B' });
  });

  it('given no state, when a command other than CREATE_INSTANCE arrives, then it is rejected NOT_FOUND', () => {
    assert.throws(
      () => execute(null, { type: 'CANCEL' }, context(oneTask)),
      (err: unknown) => err instanceof CommandRejection && err.code === 'NOT_FOUND',
    );
  });

  it('given a state, when CREATE_INSTANCE arrives for it again, then it is rejected INVALID_STATE', () => {
    const ctx = context(oneTask);
    const { state } = execute(null, create, ctx);
    assert.throws(
      () => execute(state, create, ctx),
      (err: unknown) => err instanceof CommandRejection && err.code === 'INVALID_STATE',
    );
  });

  it('given an unknown start element, when an instance is created there, then it is rejected NOT_FOUND', () => {
    assert.throws(
      () => execute(null, { ...create, startElementId: 'task' }, context(oneTask)),
      (err: unknown) => err instanceof CommandRejection && err.code === 'NOT_FOUND',
    );
  });

  it('given the same state and command, when run twice, then the records are identical (deterministic)', () => {
    const a = execute(null, create, context(oneTask));
    const b = execute(null, create, context(oneTask));
    assert.deepEqual(a.records, b.records);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import { ActivateJobsRequest, Int64, readRequest } from '../src';

describe('reading a REST body against its contract', () => {
  it('takes int64 fields as numbers or strings of digits, and drops nulls and unknown fields', () => {
    const read = readRequest(ActivateJobsRequest, { type: 'pack', timeout: '60000', maxJobsToActivate: 2, requestTimeout: '-1', worker: null, extra: 'ignored' });
    assert.deepEqual(read, { ok: true, value: { type: 'pack', timeout: 60_000, maxJobsToActivate: 2, requestTimeout: -1 } });
  });

  it('names every problem, a missing field as missing', () => {
    const read = readRequest(ActivateJobsRequest, { timeout: 'soon', maxJobsToActivate: 0 });
    assert.equal(read.ok, false);
    const problems = read.ok ? [] : read.problems;
    assert.ok(problems.includes('type: Expected a string, but it is missing'), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('timeout: Expected an integer') && p.endsWith('but found "soon"')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('maxJobsToActivate: Expected an integer of at least 1')), problems.join('\n'));
  });

  it('tells a number over its maximum the maximum, and one under its minimum the minimum', () => {
    const read = readRequest(ActivateJobsRequest, { type: 'pack', timeout: 1, maxJobsToActivate: 5000 });
    assert.deepEqual(read, { ok: false, problems: ['maxJobsToActivate: Expected an integer of at most 1000, but found 5000'] });
  });

  it('keeps a null where the field gives it a meaning', () => {
    const Changeset = Type.Object({ dueDate: Type.Optional(Type.Union([Type.String(), Type.Null()])), priority: Type.Optional(Int64()) });
    assert.deepEqual(readRequest(Changeset, { dueDate: null, priority: null }), { ok: true, value: { dueDate: null } });
  });

  it('refuses a body that is not an object', () => {
    assert.deepEqual(readRequest(ActivateJobsRequest, [1]), { ok: false, problems: ['body: Expected an object, but found an array'] });
  });
});

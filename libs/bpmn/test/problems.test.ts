import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeProblems } from '../src';

describe('describeProblems', () => {
  it('given problems on elements and on the document, when described, then each is one line', () => {
    const text = describeProblems([
      { elementId: 'task', message: 'Expected a job type, but service task task has none' },
      { elementId: null, message: 'Expected well-formed XML, but it is not' },
    ]);
    assert.equal(
      text,
      [
        '2 problems in the BPMN model:',
        "- 'task': Expected a job type, but service task task has none",
        '- (document): Expected well-formed XML, but it is not',
      ].join('\n'),
    );
  });

  it('given no problems, when described, then it says so', () => {
    assert.equal(describeProblems([]), 'No problems in the BPMN model.');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BpmnValidationError, compileDeployment, compileOrThrow } from '../../src';
import { processXml } from '../support/bpmn-documents';

async function validationError(xml: string): Promise<BpmnValidationError> {
  try {
    await compileDeployment(xml);
  } catch (error) {
    assert.ok(error instanceof BpmnValidationError, `expected a BpmnValidationError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the document to be rejected');
}

describe('reporting XML that does not parse', () => {
  it('given a closing tag that does not match, when compiled, then the error quotes the parser with line and column', async () => {
    // given
    const xml = `<?xml version="1.0"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <bpmn:process id="p">
  </bpmn:proces>
</bpmn:definitions>`;
    // when
    const error = await validationError(xml);
    // then
    assert.equal(error.code, 'INVALID_BPMN');
    assert.equal(error.problems.length, 1);
    assert.equal(error.problems[0].elementId, null);
    assert.equal(
      error.problems[0].message,
      'Expected well-formed BPMN XML, but the XML does not parse at line 4, column 3 near </bpmn:proces>: closing tag mismatch',
    );
    assert.match(
      error.message,
      /^1 problem in the BPMN model:\n- \(document\): Expected well-formed BPMN XML/,
    );
  });

  it('given text that is not XML, when compiled, then it is a validation error', async () => {
    const error = await validationError('this is not a diagram');
    assert.match(error.problems[0].message, /^Expected well-formed BPMN XML, but the XML does not parse/);
  });

  it('given XML whose root is not bpmn:definitions, when compiled, then it says so', async () => {
    const error = await validationError('<?xml version="1.0"?><note><to>Ada</to></note>');
    assert.match(error.problems[0].message, /^Expected a bpmn:definitions root element, but/);
  });

  it('given definitions without a process, when compiled, then that is a problem', async () => {
    const { processes, problems } = await compileDeployment(
      '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" />',
    );
    assert.deepEqual(processes, []);
    assert.deepEqual(
      problems.map((p) => p.message),
      ['Expected at least one bpmn:process, but the definitions contain none'],
    );
  });

  it('given a model with problems, when compiled for deployment, then the error lists every problem', async () => {
    // given
    const xml = processXml('<bpmn:serviceTask id="a" /><bpmn:sendTask id="b" />');
    // when
    const error = await compileOrThrow(xml).then(
      () => assert.fail('expected a validation error'),
      (e: unknown) => e,
    );
    // then
    assert.ok(error instanceof BpmnValidationError);
    assert.deepEqual(
      error.problems.map((p) => p.elementId),
      ['p', 'a', 'b'],
    );
    assert.match(error.message, /^3 problems in the BPMN model:\n- 'p': .*\n- 'a': .*\n- 'b': /);
  });
});

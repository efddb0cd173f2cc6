import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileDeployment, compileOrThrow } from '../../src';
import { job, processXml } from '../support/bpmn-documents';

const cancelEnd = (id: string): string =>
  `<bpmn:endEvent id="${id}"><bpmn:cancelEventDefinition /></bpmn:endEvent>`;
const cancelBoundary = (id: string, on: string, attrs = ''): string =>
  `<bpmn:boundaryEvent id="${id}" attachedToRef="${on}"${attrs}><bpmn:cancelEventDefinition /></bpmn:boundaryEvent>`;
const flow = (id: string, from: string, to: string): string =>
  `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
/** A transaction `tx` whose start event leads to `inside` (its first element must be `first`). */
const transaction = (inside: string, first: string, extra = ''): string =>
  `<bpmn:transaction id="tx">${extra}<bpmn:startEvent id="txStart" />${inside}${flow('t0', 'txStart', first)}</bpmn:transaction>`;
/** A process: start → `tx` → end, with `around` (boundary events and their paths) beside it. */
const around = (tx: string, rest = ''): string =>
  processXml(
    `<bpmn:startEvent id="start" />${tx}<bpmn:endEvent id="end" />${flow('f1', 'start', 'tx')}${flow('f2', 'tx', 'end')}${rest}`,
  );
const boundaryPath = (boundaryId: string): string =>
  `<bpmn:endEvent id="${boundaryId}End" />${flow(`${boundaryId}Flow`, boundaryId, `${boundaryId}End`)}`;

interface Refused {
  readonly given: string;
  readonly xml: string;
  readonly elementId: string;
  /** The whole message, or a pattern where it lists what is allowed. */
  readonly message: string | RegExp;
}

const refused: readonly Refused[] = [
  {
    given: 'a cancel end event outside any transaction',
    xml: processXml(`<bpmn:startEvent id="start" />${cancelEnd('c')}${flow('f1', 'start', 'c')}`),
    elementId: 'c',
    message:
      "Expected end event 'c' to be directly inside a transaction sub-process, but it is inside process 'p'",
  },
  {
    given: 'a cancel end event inside a sub-process nested in a transaction',
    xml: around(
      transaction(
        `<bpmn:subProcess id="inner"><bpmn:startEvent id="innerStart" />${cancelEnd('c')}${flow('i1', 'innerStart', 'c')}</bpmn:subProcess>`,
        'inner',
      ),
      cancelBoundary('onCancel', 'tx') + boundaryPath('onCancel'),
    ),
    elementId: 'c',
    message:
      "Expected end event 'c' to be directly inside a transaction sub-process, but it is inside sub-process 'inner'",
  },
  {
    given: 'a cancel boundary event on a task',
    xml: processXml(
      `<bpmn:startEvent id="start" /><bpmn:serviceTask id="t">${job()}</bpmn:serviceTask>${flow('f1', 'start', 't')}${cancelBoundary('b', 't')}${boundaryPath('b')}`,
    ),
    elementId: 'b',
    message:
      "Expected boundary event 'b' to be attached to a transaction sub-process, but it is attached to service task 't'",
  },
  {
    given: 'a cancel boundary event on an embedded sub-process',
    xml: processXml(
      `<bpmn:startEvent id="start" /><bpmn:subProcess id="s"><bpmn:startEvent id="s0" /></bpmn:subProcess>${flow('f1', 'start', 's')}${cancelBoundary('b', 's')}${boundaryPath('b')}`,
    ),
    elementId: 'b',
    message:
      "Expected boundary event 'b' to be attached to a transaction sub-process, but it is attached to sub-process 's'",
  },
  {
    given: 'a non-interrupting cancel boundary event',
    xml: around(
      transaction(cancelEnd('c'), 'c'),
      cancelBoundary('onCancel', 'tx', ' cancelActivity="false"') + boundaryPath('onCancel'),
    ),
    elementId: 'onCancel',
    message:
      'Expected an interrupting cancel boundary event, but boundary event \'onCancel\' has cancelActivity="false"',
  },
  {
    given: 'a transaction with a cancel end event and no cancel boundary event',
    xml: around(transaction(cancelEnd('c'), 'c')),
    elementId: 'tx',
    message:
      "Expected a cancel boundary event on transaction 'tx', where its cancel end event 'c' continues, but it has none",
  },
  {
    given: 'a transaction with two cancel boundary events',
    xml: around(
      transaction(cancelEnd('c'), 'c'),
      cancelBoundary('b1', 'tx') + boundaryPath('b1') + cancelBoundary('b2', 'tx') + boundaryPath('b2'),
    ),
    elementId: 'tx',
    message: "Expected at most one cancel boundary event on transaction 'tx', but it has 2 ('b1', 'b2')",
  },
  {
    given: 'a cancel intermediate throw event in a transaction',
    xml: around(
      transaction(
        `<bpmn:intermediateThrowEvent id="c"><bpmn:cancelEventDefinition /></bpmn:intermediateThrowEvent><bpmn:endEvent id="e" />${flow('t1', 'c', 'e')}`,
        'c',
      ),
    ),
    elementId: 'c',
    message:
      /^Expected an intermediate throw event with no event definition or a message, .*, but intermediate throw event 'c' has a cancel definition$/,
  },
];

describe('transaction sub-processes and cancel events', () => {
  it('given a transaction with a cancel end event and one cancel boundary event, when compiled, then it is accepted as a transaction', async () => {
    const xml = around(
      transaction(
        `<bpmn:serviceTask id="book">${job('book')}</bpmn:serviceTask>${cancelEnd('c')}${flow('t1', 'book', 'c')}`,
        'book',
      ),
      cancelBoundary('onCancel', 'tx') + boundaryPath('onCancel'),
    );
    const [graph] = await compileOrThrow(xml);
    assert.equal(graph!.elements.get('tx')?.subProcessKind, 'transaction');
    assert.deepEqual(graph!.elements.get('tx')?.boundaryEvents, ['onCancel']);
    assert.deepEqual(graph!.elements.get('c')?.eventDefinition, { kind: 'cancel' });
    assert.equal(graph!.elements.get('onCancel')?.interrupting, true);
  });

  it('given a multi-instance transaction with input mappings, a cancel boundary event and no cancel end event, when compiled, then it is accepted', async () => {
    const loop = `<bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=1" target="attempt" /></zeebe:ioMapping></bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=legs" inputElement="leg" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>`;
    const xml = around(
      transaction(`<bpmn:endEvent id="done" />`, 'done', loop),
      cancelBoundary('onCancel', 'tx') + boundaryPath('onCancel'),
    );
    const [graph] = await compileOrThrow(xml);
    assert.equal(graph!.elements.get('tx')?.loop?.inputElement, 'leg');
    assert.deepEqual(
      graph!.elements.get('tx')?.inputs.map((m) => m.target),
      ['attempt'],
    );
  });

  for (const c of refused) {
    it(`given ${c.given}, when compiled, then exactly that problem is reported`, async () => {
      const { problems } = await compileDeployment(c.xml);
      assert.equal(problems.length, 1, JSON.stringify(problems, null, 2));
      assert.equal(problems[0]!.elementId, c.elementId);
      if (typeof c.message === 'string') assert.equal(problems[0]!.message, c.message);
      else assert.match(problems[0]!.message, c.message);
    });
  }
});

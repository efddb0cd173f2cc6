import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileOrThrow } from '../../src';
import { fixture } from '../support/bpmn-documents';

describe('compiling a diagram saved by Camunda Modeler 5', () => {
  it('given a collaboration with two pools, lanes, a data object and an annotation, when compiled, then the executable pool becomes one graph', async () => {
    // given
    const xml = fixture('camunda-modeler-5-collaboration.bpmn');
    // when
    const processes = await compileOrThrow(xml);
    // then only the executable pool is compiled, named after its participant
    assert.equal(processes.length, 1);
    const [graph] = processes;
    assert.equal(graph.processId, 'Process_Returns');
    assert.equal(graph.name, 'Shop');
    // lanes, data objects and annotations carry no behaviour and do not appear
    assert.deepEqual(
      [...graph.elements.keys()],
      [
        'Process_Returns',
        'StartEvent_ReturnRequested',
        'Activity_Inspect',
        'Activity_Refund',
        'Event_Refunded',
      ],
    );
    assert.deepEqual(graph.startEvents, { message: ['StartEvent_ReturnRequested'], timer: [], signal: [] });
  });

  it('given the same diagram, when compiled, then Zeebe extensions are read as Camunda 8 writes them', async () => {
    const [graph] = await compileOrThrow(fixture('camunda-modeler-5-collaboration.bpmn'));
    const start = graph.elements.get('StartEvent_ReturnRequested');
    assert.deepEqual(start?.eventDefinition, {
      kind: 'message',
      messageName: { kind: 'static', value: 'return-requested' },
    });
    assert.deepEqual(start?.outputs, [{ source: { kind: 'feel', source: 'orderId' }, target: 'orderId' }]);
    assert.deepEqual(graph.elements.get('Activity_Inspect')?.userTask, {
      candidateGroups: { kind: 'static', value: 'warehouse' },
      formKey: 'https://forms.example.com/inspection',
    });
    assert.deepEqual(graph.elements.get('Activity_Refund')?.taskDefinition, {
      type: { kind: 'static', value: 'refund' },
      retries: { kind: 'feel', source: 'if orderTotal > 500 then 1 else 3' },
    });
    assert.deepEqual(graph.elements.get('Activity_Refund')?.taskHeaders, { reason: 'return' });
  });
});

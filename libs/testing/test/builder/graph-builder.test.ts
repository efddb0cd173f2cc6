import assert from 'node:assert/strict';
import type { ProcessGraph } from '@osprey/bpmn';
import { before, describe, it } from 'node:test';
import { createProcess } from '../../src';

describe('graph builder', () => {
  let graph: ProcessGraph;
  before(async () => {
    graph = await createProcess('p')
      .startEvent('s')
      .inclusiveGateway('fork')
      .condition('=a', 'toA')
      .serviceTask('a', { type: 'a' })
      .inclusiveGateway('join')
      .endEvent('e')
      .moveTo('fork')
      .defaultFlow('toB')
      .userTask('b')
      .connectTo('join')
      .boundaryEvent('timeout', { attachedTo: 'b', timer: { duration: 'PT1H' } })
      .subProcess('sub', (sp) => sp.startEvent('in').endEvent('out'))
      .connectTo('join')
      .newPath()
      .intermediateCatchEvent('landing', { link: 'L' })
      .connectTo('join')
      .build();
  });

  it('links flows both ways and records conditions and default flows', async () => {
    const fork = graph.elements.get('fork')!;
    assert.deepEqual(fork.outgoing, ['toA', 'toB']);
    assert.equal(fork.defaultFlow, 'toB');
    assert.deepEqual(graph.flows.get('toA')?.condition, { kind: 'feel', source: 'a' });
    assert.deepEqual(graph.elements.get('a')!.incoming, ['toA']);
  });

  it('fills containers, start events, boundary events and link targets', async () => {
    assert.equal(graph.elements.get('p')?.noneStartEventId, 's');
    assert.equal(graph.elements.get('sub')?.noneStartEventId, 'in');
    assert.deepEqual(graph.elements.get('sub')?.children, ['in', 'out']);
    assert.equal(graph.elements.get('in')?.scopeId, 'sub');
    assert.deepEqual(graph.elements.get('b')?.boundaryEvents, ['timeout']);
    assert.equal(graph.elements.get('timeout')?.attachedTo, 'b');
    assert.equal(graph.startEvents.none, 's');
    assert.equal(graph.linkTargets.get('p/L'), 'landing');
  });

  it('computes, for joins, the elements a token can still come from — through boundary events to their activity', async () => {
    const reachable = [...graph.elements.get('join')!.reachableFrom!].sort();
    assert.deepEqual(reachable, ['a', 'b', 'fork', 'landing', 's', 'sub', 'timeout']);
    assert.equal(graph.elements.get('fork')!.reachableFrom, undefined);
  });

  it('builds event sub-processes, multi-instance, compensation handlers and call activities as the compiler does', async () => {
    const g = await createProcess('q')
      .startEvent('s')
      .serviceTask('book', {
        type: 'book',
        multiInstance: { inputCollection: 'items', inputElement: 'item' },
      })
      .callActivity('call', { processId: '=childId', bindingType: 'versionTag', versionTag: 'v2' })
      .endEvent('e', { compensate: 'book' })
      .boundaryEvent('undoBook', { attachedTo: 'book', compensate: true })
      .serviceTask('unbook', { type: 'unbook' })
      .eventSubProcess('onCancel', (esp) =>
        esp
          .startEvent('cancelled', {
            message: { name: 'cancel', correlationKey: '=id' },
            interrupting: false,
          })
          .endEvent('x'),
      )
      .build();
    const el = (id: string) => g.elements.get(id)!;

    assert.deepEqual(el('book').loop, {
      isSequential: false,
      inputCollection: { kind: 'feel', source: 'items' },
      inputElement: 'item',
    });
    assert.equal(el('undoBook').compensationHandler, 'unbook');
    assert.equal(el('unbook').isForCompensation, true);
    assert.deepEqual(el('unbook').incoming, [], 'a handler is associated, not connected');
    assert.deepEqual(el('e').eventDefinition, { kind: 'compensate', activityRef: 'book' });
    assert.equal(el('call').calledElement?.bindingType, 'versionTag');
    assert.equal(el('onCancel').subProcessKind, 'event');
    assert.equal(el('onCancel').noneStartEventId, undefined);
    assert.equal(el('cancelled').interrupting, false);
    assert.deepEqual(el('onCancel').incoming, []);
    assert.deepEqual(g.startEvents, { none: 's', message: [], timer: [], signal: [] });
  });

  it('writes only what the options state, so the compiler supplies its own defaults', async () => {
    const builder = createProcess('r')
      .startEvent('s')
      .serviceTask('pay', { type: 'payment' })
      .callActivity('call', { processId: 'child' })
      .endEvent('e');

    const xml = builder.toXml();
    const g = await builder.build();

    assert.match(xml, /<zeebe:taskDefinition type="payment"\/>/);
    assert.match(xml, /<zeebe:calledElement processId="child"\/>/);
    assert.deepEqual(g.elements.get('pay')!.taskDefinition!.retries, { kind: 'static', value: '3' });
    assert.deepEqual(g.elements.get('call')!.calledElement, {
      processId: { kind: 'static', value: 'child' },
      bindingType: 'latest',
      propagateAllChildVariables: true,
      propagateAllParentVariables: true,
    });
  });

  it('given a process a deployment would refuse, when built, then it is refused the same way', async () => {
    await assert.rejects(
      createProcess('bad').startEvent('s').intermediateCatchEvent('wait', { timer: {} }).endEvent('e').build(),
      /'wait'/,
    );
  });

  it('refuses a duplicate id', async () => {
    assert.throws(() => createProcess('p').startEvent('x').endEvent('x'), /used twice/);
  });
});

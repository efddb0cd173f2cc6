import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileOrThrow } from '@osprey/bpmn';
import { InMemoryEngine } from '../../src';
import { assertRebuildable, completedElements, onlyJob } from '../support';

const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"';
const task = (id: string, extra = ''): string =>
  `<bpmn:serviceTask id="${id}"${extra}><bpmn:extensionElements><zeebe:taskDefinition type="${id}" /></bpmn:extensionElements></bpmn:serviceTask>`;
const flow = (id: string, from: string, to: string): string => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const compensable = (id: string): string =>
  `${task(id)}<bpmn:boundaryEvent id="${id}Undo" attachedToRef="${id}"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>${task(`undo_${id}`, ' isForCompensation="true"')}<bpmn:association id="${id}Assoc" sourceRef="${id}Undo" targetRef="undo_${id}" />`;

/** Sub-process `s` books `a` then `b`; its compensation event sub-process undoes `a` only. Then two broadcasts. */
const XML = `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions ${NS} id="d" targetNamespace="t"><bpmn:process id="p" isExecutable="true">
  <bpmn:startEvent id="start" />${flow('f1', 'start', 's')}
  <bpmn:subProcess id="s"><bpmn:startEvent id="ss" />${flow('f2', 'ss', 'a')}${compensable('a')}${flow('f3', 'a', 'b')}${compensable('b')}${flow('f4', 'b', 'se')}<bpmn:endEvent id="se" />
    <bpmn:subProcess id="undoS" triggeredByEvent="true"><bpmn:startEvent id="us"><bpmn:compensateEventDefinition /></bpmn:startEvent>${flow('f5', 'us', 'ua')}
      <bpmn:intermediateThrowEvent id="ua"><bpmn:compensateEventDefinition activityRef="a" /></bpmn:intermediateThrowEvent>${flow('f6', 'ua', 'ue')}<bpmn:endEvent id="ue" /></bpmn:subProcess>
  </bpmn:subProcess>${flow('f7', 's', 'again')}
  <bpmn:intermediateThrowEvent id="again"><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>${flow('f8', 'again', 'twice')}
  <bpmn:intermediateThrowEvent id="twice"><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>${flow('f9', 'twice', 'end')}<bpmn:endEvent id="end" />
</bpmn:process></bpmn:definitions>`;

describe('compensation event sub-process', () => {
  it('given a completed sub-process whose compensation event sub-process undoes one of its two activities, when compensation is thrown twice, then that one is undone once and the other never', async () => {
    const [graph] = await compileOrThrow(XML);
    const engine = new InMemoryEngine();
    engine.deploy(graph!);
    const pik = engine.createInstance('p', {});
    engine.completeJob(onlyJob(engine, 'a').key);
    engine.completeJob(onlyJob(engine, 'b').key);
    // the broadcast leaves a and b to the event sub-process, which undoes a
    engine.completeJob(onlyJob(engine, 'undo_a').key);
    assert.deepEqual(engine.jobs({ type: 'undo_b' }), []);
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    const done = completedElements(engine.records(pik));
    assert.equal(done.filter((id) => id === 'undoS').length, 1);
    assert.ok(done.includes('twice'));
    assertRebuildable(engine, pik);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileOrThrow } from '@osprey/bpmn';
import { InMemoryEngine } from '../../src';
import { assertRebuildable, completedElements } from '../support';

/**
 * A travel booking saga in BPMN as Camunda Modeler writes it: a sub-process books each leg of
 * the trip (parallel multi-instance, each undone by its compensation handler) and then pays; a
 * declined payment is caught on the sub-process and every booked leg is cancelled, last first.
 * A late booking escalates to a non-interrupting boundary; a status question is answered by a
 * non-interrupting message event sub-process at any time.
 */
const SAGA = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:error id="declined" errorCode="DECLINED" />
  <bpmn:escalation id="slow" escalationCode="SLOW" />
  <bpmn:message id="status" name="status-question">
    <bpmn:extensionElements><zeebe:subscription correlationKey="=tripId" /></bpmn:extensionElements>
  </bpmn:message>
  <bpmn:process id="trip" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:subProcess id="booking">
      <bpmn:startEvent id="bookingStart" />
      <bpmn:serviceTask id="bookLeg">
        <bpmn:extensionElements><zeebe:taskDefinition type="book-leg" /></bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics>
          <bpmn:extensionElements>
            <zeebe:loopCharacteristics inputCollection="=legs" inputElement="leg" outputCollection="bookings" outputElement="=reference" />
          </bpmn:extensionElements>
        </bpmn:multiInstanceLoopCharacteristics>
      </bpmn:serviceTask>
      <bpmn:boundaryEvent id="undoLeg" attachedToRef="bookLeg"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
      <bpmn:serviceTask id="cancelLeg" isForCompensation="true">
        <bpmn:extensionElements><zeebe:taskDefinition type="cancel-leg" /></bpmn:extensionElements>
      </bpmn:serviceTask>
      <bpmn:intermediateThrowEvent id="tellSlow"><bpmn:escalationEventDefinition escalationRef="slow" /></bpmn:intermediateThrowEvent>
      <bpmn:serviceTask id="pay">
        <bpmn:extensionElements><zeebe:taskDefinition type="pay" /></bpmn:extensionElements>
      </bpmn:serviceTask>
      <bpmn:endEvent id="bookingEnd" />
      <bpmn:sequenceFlow id="b1" sourceRef="bookingStart" targetRef="bookLeg" />
      <bpmn:sequenceFlow id="b2" sourceRef="bookLeg" targetRef="tellSlow" />
      <bpmn:sequenceFlow id="b3" sourceRef="tellSlow" targetRef="pay" />
      <bpmn:sequenceFlow id="b4" sourceRef="pay" targetRef="bookingEnd" />
      <bpmn:association id="a1" sourceRef="undoLeg" targetRef="cancelLeg" />
    </bpmn:subProcess>
    <bpmn:boundaryEvent id="paymentDeclined" attachedToRef="booking"><bpmn:errorEventDefinition errorRef="declined" /></bpmn:boundaryEvent>
    <bpmn:boundaryEvent id="slowNoted" attachedToRef="booking" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="slow" /></bpmn:boundaryEvent>
    <bpmn:intermediateThrowEvent id="undoBookings"><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>
    <bpmn:endEvent id="tripBooked" />
    <bpmn:endEvent id="tripCancelled" />
    <bpmn:endEvent id="slowLogged" />
    <bpmn:subProcess id="statusQuestions" triggeredByEvent="true">
      <bpmn:startEvent id="asked" isInterrupting="false"><bpmn:messageEventDefinition messageRef="status" /></bpmn:startEvent>
      <bpmn:endEvent id="answered" />
      <bpmn:sequenceFlow id="q1" sourceRef="asked" targetRef="answered" />
    </bpmn:subProcess>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="booking" />
    <bpmn:sequenceFlow id="f2" sourceRef="booking" targetRef="tripBooked" />
    <bpmn:sequenceFlow id="f3" sourceRef="paymentDeclined" targetRef="undoBookings" />
    <bpmn:sequenceFlow id="f4" sourceRef="undoBookings" targetRef="tripCancelled" />
    <bpmn:sequenceFlow id="f5" sourceRef="slowNoted" targetRef="slowLogged" />
  </bpmn:process>
</bpmn:definitions>`;

async function deployed(): Promise<InMemoryEngine> {
  const [graph] = await compileOrThrow(SAGA);
  const engine = new InMemoryEngine();
  engine.deploy(graph!);
  return engine;
}

describe('a saga compiled by @osprey/bpmn', () => {
  it('given three booked legs, when the payment is declined, then every leg is cancelled, last booked first', async () => {
    const engine = await deployed();
    const pik = engine.createInstance('trip', { tripId: 'T-1', legs: ['train', 'hotel', 'flight'] });
    engine.publishMessage('status-question', 'T-1');
    const legs = engine.jobs({ type: 'book-leg' });
    assert.equal(legs.length, 3);
    for (const job of [legs[1]!, legs[0]!, legs[2]!]) {
      engine.completeJob(job.key, {
        reference: `R-${engine.variables(job.elementInstanceKey).leg as string}`,
      });
    }
    assert.deepEqual(engine.variables(pik).bookings, ['R-train', 'R-hotel', 'R-flight'], 'each at its leg');

    engine.throwError(engine.jobs({ type: 'pay' })[0]!.key, 'DECLINED');
    const cancelled: unknown[] = [];
    for (
      let job = engine.jobs({ type: 'cancel-leg' })[0];
      job;
      job = engine.jobs({ type: 'cancel-leg' })[0]
    ) {
      cancelled.push(engine.variables(job.elementInstanceKey).leg);
      engine.completeJob(job.key);
    }

    assert.deepEqual(cancelled, ['flight', 'train', 'hotel']);
    const done = completedElements(engine.records(pik));
    assert.ok(done.includes('answered') && done.includes('slowLogged') && done.includes('tripCancelled'));
    assert.equal(engine.instanceState(pik), 'COMPLETED');
    assertRebuildable(engine, pik);
  });

  it('given the payment goes through, when the booking sub-process completes, then the bookings are kept and propagated', async () => {
    const engine = await deployed();
    const pik = engine.createInstance('trip', { tripId: 'T-2', legs: ['train'] });

    engine.completeJob(engine.jobs({ type: 'book-leg' })[0]!.key, { reference: 'R-1' });
    engine.completeJob(engine.jobs({ type: 'pay' })[0]!.key);

    assert.deepEqual(engine.variables(pik).bookings, ['R-1']);
    assert.ok(completedElements(engine.records(pik)).includes('tripBooked'));
    assert.equal(engine.instanceState(pik), 'COMPLETED');
  });
});

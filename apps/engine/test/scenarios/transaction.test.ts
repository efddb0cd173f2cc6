import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestDatabase } from '@osprey/testing';
import type { RunningEngine } from '../../src/server';
import { Api, bootEngine, freshDatabase } from '../support/engine-harness';

const NS = `xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t"`;
const job = (type: string, inputs = ''): string =>
  `<bpmn:extensionElements><zeebe:taskDefinition type="${type}" />${inputs}</bpmn:extensionElements>`;
const booking = (what: string): string =>
  `<zeebe:ioMapping><zeebe:input source="=tripId + &quot;-${what}&quot;" target="booking" /></zeebe:ioMapping>`;

/**
 * A trip booking transaction: book a hotel, then a flight (each undone by an `undo-booking`
 * handler); a flight over budget reaches the cancel end event. The cancel boundary event
 * leads to a `notify-customer` job.
 */
const TRIP = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS}>
  <bpmn:process id="trip" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:transaction id="booking">
      <bpmn:startEvent id="bookingStart" />
      <bpmn:serviceTask id="bookHotel">${job('book-hotel', booking('hotel'))}</bpmn:serviceTask>
      <bpmn:serviceTask id="bookFlight">${job('book-flight', booking('flight'))}</bpmn:serviceTask>
      <bpmn:exclusiveGateway id="withinBudget" default="ok" />
      <bpmn:endEvent id="booked" />
      <bpmn:endEvent id="overBudget"><bpmn:cancelEventDefinition /></bpmn:endEvent>
      <bpmn:boundaryEvent id="undoHotel" attachedToRef="bookHotel"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
      <bpmn:serviceTask id="cancelHotel" isForCompensation="true">${job('undo-booking')}</bpmn:serviceTask>
      <bpmn:boundaryEvent id="undoFlight" attachedToRef="bookFlight"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
      <bpmn:serviceTask id="cancelFlight" isForCompensation="true">${job('undo-booking')}</bpmn:serviceTask>
      <bpmn:sequenceFlow id="b1" sourceRef="bookingStart" targetRef="bookHotel" />
      <bpmn:sequenceFlow id="b2" sourceRef="bookHotel" targetRef="bookFlight" />
      <bpmn:sequenceFlow id="b3" sourceRef="bookFlight" targetRef="withinBudget" />
      <bpmn:sequenceFlow id="ok" sourceRef="withinBudget" targetRef="booked" />
      <bpmn:sequenceFlow id="tooExpensive" sourceRef="withinBudget" targetRef="overBudget">
        <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=flightPrice &gt; budget</bpmn:conditionExpression>
      </bpmn:sequenceFlow>
      <bpmn:association id="a1" sourceRef="undoHotel" targetRef="cancelHotel" />
      <bpmn:association id="a2" sourceRef="undoFlight" targetRef="cancelFlight" />
    </bpmn:transaction>
    <bpmn:boundaryEvent id="bookingCancelled" attachedToRef="booking"><bpmn:cancelEventDefinition /></bpmn:boundaryEvent>
    <bpmn:serviceTask id="notifyCustomer">${job('notify-customer')}</bpmn:serviceTask>
    <bpmn:endEvent id="tripCancelled" />
    <bpmn:endEvent id="tripBooked" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="booking" />
    <bpmn:sequenceFlow id="f2" sourceRef="booking" targetRef="tripBooked" />
    <bpmn:sequenceFlow id="f3" sourceRef="bookingCancelled" targetRef="notifyCustomer" />
    <bpmn:sequenceFlow id="f4" sourceRef="notifyCustomer" targetRef="tripCancelled" />
  </bpmn:process>
</bpmn:definitions>`;

describe('a transaction cancelled on PostgreSQL', () => {
  let db: TestDatabase;
  let engine: RunningEngine;
  let api: Api;

  before(async () => {
    db = await freshDatabase('transaction');
    engine = await bootEngine({ DATABASE_URL: db.url });
    api = new Api(engine.url);
    const deployed = await api.deploy({ name: 'trip.bpmn', content: TRIP });
    assert.equal(deployed.status, 200, JSON.stringify(deployed.body));
  });
  after(async () => {
    await engine?.stop();
    await db?.drop();
  });

  async function complete(jobKey: string, variables: Record<string, unknown> = {}): Promise<void> {
    assert.equal((await api.post(`/v2/jobs/${jobKey}/completion`, { variables })).status, 204);
  }

  /** `elementId state` of every element instance of the instance, sorted. */
  async function elementStates(processInstanceKey: string): Promise<string[]> {
    const res = await api.post('/v2/element-instances/search', {
      filter: { processInstanceKey },
      page: { limit: 100 },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body.items as { elementId: string; state: string }[])
      .map((e) => `${e.elementId} ${e.state}`)
      .sort();
  }

  it('compensates both bookings last first, then continues on the cancel boundary path and completes', async () => {
    // given a trip whose flight turns out over budget
    const started = await api.post('/v2/process-instances', {
      processDefinitionId: 'trip',
      variables: { tripId: 'T-1', budget: 500 },
    });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    const pik = started.body.processInstanceKey as string;
    const [hotel] = await api.activate('book-hotel');
    await complete(hotel.jobKey);
    const [flight] = await api.activate('book-flight');

    // when the flight is booked at 900, the cancel end event is reached
    await complete(flight.jobKey, { flightPrice: 900 });

    // then only the flight's compensation runs first, with the variables the booking completed with
    const first = await api.activate('undo-booking');
    assert.deepEqual(
      first.map((j) => [j.elementId, j.variables.booking]),
      [['cancelFlight', 'T-1-flight']],
    );
    assert.deepEqual(await api.activate('notify-customer'), [], 'the boundary path waits for compensation');
    const during = await elementStates(pik);
    for (const expected of [
      'booking ACTIVE',
      'overBudget ACTIVE',
      'cancelFlight ACTIVE',
      'bookFlight COMPLETED',
    ])
      assert.ok(during.includes(expected), `${expected} in ${during.join(', ')}`);

    // and the hotel's once the flight's is done
    await complete(first[0].jobKey);
    const second = await api.activate('undo-booking');
    assert.deepEqual(
      second.map((j) => [j.elementId, j.variables.booking]),
      [['cancelHotel', 'T-1-hotel']],
    );
    await complete(second[0].jobKey);

    // then the transaction ends on its cancel boundary event and the trip completes that way
    const [notify] = await api.activate('notify-customer');
    assert.ok(notify, 'the cancel boundary path runs');
    await complete(notify.jobKey);
    const instance = await api.get(`/v2/process-instances/${pik}`);
    assert.equal(instance.body.state, 'COMPLETED');
    assert.deepEqual(await elementStates(pik), [
      'bookFlight COMPLETED',
      'bookHotel COMPLETED',
      'booking TERMINATED',
      'bookingCancelled COMPLETED',
      'bookingStart COMPLETED',
      'cancelFlight COMPLETED',
      'cancelHotel COMPLETED',
      'notifyCustomer COMPLETED',
      'overBudget COMPLETED',
      'start COMPLETED',
      'trip COMPLETED',
      'tripCancelled COMPLETED',
      'withinBudget COMPLETED',
    ]);
  });

  it('refuses a transaction whose cancel end event has no cancel boundary event to continue on, naming the element', async () => {
    const broken = TRIP.replace(
      '<bpmn:boundaryEvent id="bookingCancelled" attachedToRef="booking"><bpmn:cancelEventDefinition /></bpmn:boundaryEvent>',
      '',
    )
      .replace('<bpmn:sequenceFlow id="f3" sourceRef="bookingCancelled" targetRef="notifyCustomer" />', '')
      .replace('id="trip"', 'id="tripWithoutBoundary"');

    const res = await api.deploy({ name: 'broken.bpmn', content: broken });

    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type')?.split(';')[0], 'application/problem+json');
    assert.match(
      JSON.stringify(res.body),
      /Expected a cancel boundary event on transaction 'booking', where its cancel end event 'overBudget' continues, but it has none/,
    );
    const defs = await api.post('/v2/process-definitions/search', {
      filter: { processDefinitionId: 'tripWithoutBoundary' },
    });
    assert.deepEqual(defs.body.items, []);
  });
});

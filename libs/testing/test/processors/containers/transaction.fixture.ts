/**
 * A trip booking transaction as BPMN XML, in the shapes the transaction specs need: it books a
 * hotel, then a flight (each undone by its compensation handler unless `handlers` is false),
 * then the `outcome` variable decides: `"cancel"` reaches the cancel end event, anything else
 * completes the transaction. `parallel` adds branches that wait (an approval user task and an
 * audit job); `multiInstance` runs one transaction per element of `outcomes`, each with its `outcome`. The cancel boundary
 * event leads to a `notify-cancelled` job; an error `SOLD_OUT` is caught on the transaction too.
 */
export interface TripShape {
  readonly handlers?: boolean;
  readonly parallel?: boolean;
  readonly multiInstance?: boolean;
}

const job = (type: string, inputs = ''): string =>
  `<bpmn:extensionElements><zeebe:taskDefinition type="${type}" />${inputs}</bpmn:extensionElements>`;
const input = (target: string, source: string): string =>
  `<zeebe:ioMapping><zeebe:input source="${source}" target="${target}" /></zeebe:ioMapping>`;
const flow = (id: string, from: string, to: string, condition?: string): string =>
  condition
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;

/** The trip process (`trip`) in the given shape. */
export function tripXml(shape: TripShape = {}): string {
  const { handlers = true, parallel = false, multiInstance = false } = shape;
  const compensation = handlers
    ? `<bpmn:boundaryEvent id="undoHotel" attachedToRef="bookHotel"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
      <bpmn:serviceTask id="cancelHotel" isForCompensation="true">${job('undo')}</bpmn:serviceTask>
      <bpmn:boundaryEvent id="undoFlight" attachedToRef="bookFlight"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
      <bpmn:serviceTask id="cancelFlight" isForCompensation="true">${job('undo')}</bpmn:serviceTask>
      <bpmn:association id="a1" sourceRef="undoHotel" targetRef="cancelHotel" />
      <bpmn:association id="a2" sourceRef="undoFlight" targetRef="cancelFlight" />`
    : '';
  const branches = parallel
    ? `<bpmn:parallelGateway id="fork" />
      <bpmn:userTask id="approve"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>
      <bpmn:serviceTask id="audit">${job('audit')}</bpmn:serviceTask>
      <bpmn:endEvent id="approved" />
      <bpmn:endEvent id="audited" />
      ${flow('t0', 'txStart', 'fork')}${flow('t1', 'fork', 'bookHotel')}${flow('p1', 'fork', 'approve')}
      ${flow('p2', 'approve', 'approved')}${flow('p3', 'fork', 'audit')}${flow('p4', 'audit', 'audited')}`
    : flow('t1', 'txStart', 'bookHotel');
  const loop = multiInstance
    ? `<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements>
        <zeebe:loopCharacteristics inputCollection="=outcomes" inputElement="outcome" />
      </bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:error id="soldOut" errorCode="SOLD_OUT" />
  <bpmn:process id="trip" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:transaction id="booking">
      ${loop}
      <bpmn:startEvent id="txStart" />
      <bpmn:serviceTask id="bookHotel">${job('book', input('booking', '=&quot;hotel&quot;'))}</bpmn:serviceTask>
      <bpmn:serviceTask id="bookFlight">${job('book', input('booking', '=&quot;flight&quot;'))}</bpmn:serviceTask>
      <bpmn:exclusiveGateway id="decide" default="t4" />
      <bpmn:endEvent id="cancelled"><bpmn:cancelEventDefinition /></bpmn:endEvent>
      <bpmn:endEvent id="booked" />
      ${compensation}
      ${branches}
      ${flow('t2', 'bookHotel', 'bookFlight')}${flow('t3', 'bookFlight', 'decide')}
      ${flow('t4', 'decide', 'booked')}${flow('t5', 'decide', 'cancelled', '=outcome = &quot;cancel&quot;')}
    </bpmn:transaction>
    <bpmn:boundaryEvent id="onCancel" attachedToRef="booking"><bpmn:cancelEventDefinition /></bpmn:boundaryEvent>
    <bpmn:boundaryEvent id="onSoldOut" attachedToRef="booking"><bpmn:errorEventDefinition errorRef="soldOut" /></bpmn:boundaryEvent>
    <bpmn:serviceTask id="notifyCancelled">${job('notify-cancelled')}</bpmn:serviceTask>
    <bpmn:endEvent id="tripCancelled" />
    <bpmn:endEvent id="tripSoldOut" />
    <bpmn:endEvent id="tripBooked" />
    ${flow('f1', 'start', 'booking')}${flow('f2', 'booking', 'tripBooked')}
    ${flow('f3', 'onCancel', 'notifyCancelled')}${flow('f4', 'notifyCancelled', 'tripCancelled')}
    ${flow('f5', 'onSoldOut', 'tripSoldOut')}
  </bpmn:process>
</bpmn:definitions>`;
}

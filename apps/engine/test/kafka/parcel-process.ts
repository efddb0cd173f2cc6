const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t"';

/**
 * Process `parcel`: waits for the message `parcel-arrived` correlated by `parcelId`, then either
 * ends or (with `shelve`) waits for a `shelve` job that keeps the instance open.
 */
export function parcelProcess(then: 'end' | 'shelve'): string {
  const next =
    then === 'end'
      ? '<bpmn:endEvent id="next" />'
      : '<bpmn:serviceTask id="next"><bpmn:extensionElements><zeebe:taskDefinition type="shelve" /></bpmn:extensionElements></bpmn:serviceTask>';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS}>
  <bpmn:process id="parcel" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:intermediateCatchEvent id="arrived"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
    ${next}
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="arrived" />
    <bpmn:sequenceFlow id="f2" sourceRef="arrived" targetRef="next" />
  </bpmn:process>
  <bpmn:message id="m" name="parcel-arrived"><bpmn:extensionElements><zeebe:subscription correlationKey="=parcelId" /></bpmn:extensionElements></bpmn:message>
</bpmn:definitions>`;
}

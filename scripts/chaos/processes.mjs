// The diagrams the chaos suite and the soak test deploy, in the shape Camunda Modeler writes.

const NS = `xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" targetNamespace="http://bpmn.io/schema/bpmn"`;

/**
 * A process of elements in sequence between a start and an end event. Each element is the XML
 * of one flow node with `{in}` / `{out}` placeholders for its flows.
 */
function chain(id, nodes) {
  const ids = ['Start', ...nodes.map((_, i) => `N${i + 1}`), 'End'];
  const flow = (i) => `F${i + 1}`;
  const body = nodes
    .map((xml, i) => xml.replaceAll('{id}', ids[i + 1]).replace('{in}', `<bpmn:incoming>${flow(i)}</bpmn:incoming>`).replace('{out}', `<bpmn:outgoing>${flow(i + 1)}</bpmn:outgoing>`))
    .join('\n    ');
  const flows = ids.slice(1).map((target, i) => `<bpmn:sequenceFlow id="${flow(i)}" sourceRef="${ids[i]}" targetRef="${target}" />`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="Defs_${id}">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    ${body}
    <bpmn:endEvent id="End"><bpmn:incoming>${flow(nodes.length)}</bpmn:incoming></bpmn:endEvent>
    ${flows.join('\n    ')}
  </bpmn:process>
  <bpmn:message id="Msg_${id}" name="${id}-go"><bpmn:extensionElements><zeebe:subscription correlationKey="=ref" /></bpmn:extensionElements></bpmn:message>
</bpmn:definitions>`;
}

/** A service task of `type`. */
export const serviceTask = (type, retries = 3) =>
  `<bpmn:serviceTask id="{id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="${retries}" /></bpmn:extensionElements>{in}{out}</bpmn:serviceTask>`;

/** A timer catch event waiting `iso` (e.g. PT1S). */
export const timerCatch = (iso) =>
  `<bpmn:intermediateCatchEvent id="{id}">{in}{out}<bpmn:timerEventDefinition><bpmn:timeDuration>${iso}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`;

/** A message catch event on the process's message (`<id>-go`, correlation key `=ref`). */
export const messageCatch = (id) =>
  `<bpmn:intermediateCatchEvent id="{id}">{in}{out}<bpmn:messageEventDefinition messageRef="Msg_${id}" /></bpmn:intermediateCatchEvent>`;

/** A FEEL script task writing `result`. */
export const scriptTask = (expression) =>
  `<bpmn:scriptTask id="{id}"><bpmn:extensionElements><zeebe:script expression="${expression.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;')}" resultVariable="result" /></bpmn:extensionElements>{in}{out}</bpmn:scriptTask>`;

/** A call activity starting `processId`. */
export const callActivity = (processId) =>
  `<bpmn:callActivity id="{id}"><bpmn:extensionElements><zeebe:calledElement processId="${processId}" propagateAllChildVariables="false" /></bpmn:extensionElements>{in}{out}</bpmn:callActivity>`;

/** A user task. */
export const userTask = () =>
  `<bpmn:userTask id="{id}"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements>{in}{out}</bpmn:userTask>`;

/** `{ name, content }` of a process `id` built from `nodes`. */
export const resource = (id, nodes) => ({ name: `${id}.bpmn`, content: chain(id, nodes) });

/** start → service task `chaos-job` → end: the unit of start and job load. */
export const ONE_TASK = 'chaos-one-task';
/** start → service task → message (`chaos-mixed-go`, key `ref`) → timer 1 s → end: the soak's mix. */
export const MIXED = 'chaos-mixed';
/** start → timer 2 s → end. */
export const TIMER = 'chaos-timer';
/** start → message catch (`chaos-message-go`) → end. */
export const MESSAGE = 'chaos-message';
/** start → a FEEL script → end: ends at once; warms an engine's command path before a measurement. */
export const WARM_UP = 'chaos-warm-up';

/** Every process of the fault tests and the soak, job type `chaos-job` (or `chaos-kafka-job`). */
export function standardResources() {
  return [
    resource(ONE_TASK, [serviceTask('chaos-job')]),
    resource(MIXED, [serviceTask('chaos-job'), messageCatch(MIXED), timerCatch('PT1S')]),
    resource(TIMER, [timerCatch('PT2S')]),
    resource(MESSAGE, [messageCatch(MESSAGE)]),
    resource('chaos-kafka-task', [serviceTask('chaos-kafka-job')]),
    resource(WARM_UP, [scriptTask('=sum(for x in items return x * 2)')]),
  ];
}

import { isGateway } from '../compile/element-types';
import type { ElementDef, ProcessGraph } from '../graph';
import type { ProblemList } from '../problems';
import { label } from './labels';

/** Rules about how an element is connected: gateways, default flows, event-based targets, ends. */
export function checkFlows(element: ElementDef, graph: ProcessGraph, problems: ProblemList): void {
  if (isGateway(element.type)) checkGateway(element, graph, problems);
  if (element.defaultFlow !== undefined) checkDefaultFlow(element, graph, problems);
  if (element.type !== 'exclusiveGateway' && element.type !== 'inclusiveGateway') {
    // Camunda 8 refuses conditional flows out of activities and events: a gateway decides.
    for (const flowId of element.outgoing) {
      if (!graph.flows.get(flowId)?.condition) continue;
      problems.add(
        flowId,
        'a condition only on a sequence flow leaving an exclusive or inclusive gateway',
        `'${flowId}' leaves ${label(element)}`,
      );
    }
  }

  const noIncoming =
    element.type === 'startEvent' ||
    element.type === 'boundaryEvent' ||
    (element.type === 'subProcess' && element.subProcessKind === 'event');
  if (noIncoming && element.incoming.length > 0) {
    problems.add(
      element.id,
      `no incoming sequence flow on ${label(element)}`,
      `it has ${element.incoming.length}`,
    );
  }
  const noOutgoing =
    element.type === 'endEvent' || (element.type === 'subProcess' && element.subProcessKind === 'event');
  if (noOutgoing && element.outgoing.length > 0) {
    problems.add(
      element.id,
      `no outgoing sequence flow on ${label(element)}`,
      `it has ${element.outgoing.length}`,
    );
  }
  if (
    element.type === 'boundaryEvent' &&
    element.eventDefinition?.kind === 'compensate' &&
    element.outgoing.length > 0
  ) {
    problems.add(
      element.id,
      `a compensation boundary event to reach its handler by association`,
      `${label(element)} has outgoing sequence flows`,
    );
  }
}

function checkGateway(gateway: ElementDef, graph: ProcessGraph, problems: ProblemList): void {
  if (gateway.outgoing.length === 0) {
    problems.add(gateway.id, `at least one outgoing sequence flow on ${label(gateway)}`, 'it has none');
    return;
  }
  const choosing = gateway.type === 'exclusiveGateway' || gateway.type === 'inclusiveGateway';
  for (const flowId of gateway.outgoing) {
    const flow = graph.flows.get(flowId);
    if (!flow) continue;
    if (choosing && gateway.outgoing.length > 1 && flowId !== gateway.defaultFlow && !flow.condition) {
      problems.add(
        flowId,
        `sequence flow '${flowId}' leaving ${label(gateway)} to have a condition or be its default flow`,
        'it has neither',
      );
    }
  }
  if (gateway.type === 'eventBasedGateway') checkEventBasedTargets(gateway, graph, problems);
}

function checkDefaultFlow(element: ElementDef, graph: ProcessGraph, problems: ProblemList): void {
  const flowId = element.defaultFlow as string;
  if (!element.outgoing.includes(flowId)) {
    problems.add(
      element.id,
      `the default flow of ${label(element)} to be one of its outgoing sequence flows`,
      `'${flowId}' is not`,
    );
    return;
  }
  if (graph.flows.get(flowId)?.condition) {
    problems.add(flowId, `default flow '${flowId}' of ${label(element)} to have no condition`, 'it has one');
  }
}

/** An event-based gateway waits for the first of several events: each branch must be one. */
function checkEventBasedTargets(gateway: ElementDef, graph: ProcessGraph, problems: ProblemList): void {
  if (gateway.outgoing.length < 2) {
    problems.add(
      gateway.id,
      `at least two outgoing sequence flows on ${label(gateway)}`,
      `it has ${gateway.outgoing.length}`,
    );
  }
  for (const flowId of gateway.outgoing) {
    const targetId = graph.flows.get(flowId)?.targetId;
    const target = targetId === undefined ? undefined : graph.elements.get(targetId);
    if (!target) continue;
    const kind = target.eventDefinition?.kind;
    const waits =
      (target.type === 'intermediateCatchEvent' &&
        (kind === 'message' || kind === 'timer' || kind === 'signal' || kind === 'conditional')) ||
      target.type === 'receiveTask';
    if (!waits) {
      problems.add(
        gateway.id,
        `every sequence flow leaving ${label(gateway)} to lead to a message, timer, signal or conditional catch event or a receive task`,
        `'${flowId}' leads to ${label(target)}`,
      );
    }
  }
}

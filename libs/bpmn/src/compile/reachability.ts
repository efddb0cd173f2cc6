import type { ElementDef, SequenceFlowDef } from '../graph';
import { FrozenSet } from './immutable';

/** What reachability reads of an element. */
type Node = Pick<ElementDef, 'id' | 'type' | 'scopeId' | 'attachedTo' | 'eventDefinition'> & { readonly incoming: readonly string[] };

/**
 * Fills `reachableFrom` of every gateway that merges flows (more than one incoming): the join
 * rule of parallel and inclusive gateways reads it at run time. The compiler calls this on
 * every graph it builds; test harnesses that assemble graphs in code call it too, so there is
 * one reachability rule.
 */
export function fillJoinReachability(
  elements: ReadonlyMap<string, Node & { reachableFrom?: ReadonlySet<string> }>,
  flows: readonly Pick<SequenceFlowDef, 'id' | 'sourceId'>[],
): void {
  const flowSources = new Map(flows.map((flow) => [flow.id, flow.sourceId]));
  for (const element of elements.values()) {
    const gateway =
      element.type === 'exclusiveGateway' ||
      element.type === 'parallelGateway' ||
      element.type === 'inclusiveGateway' ||
      element.type === 'eventBasedGateway';
    if (gateway && element.incoming.length > 1) {
      element.reachableFrom = new FrozenSet(reachableFrom(element.id, elements, flowSources));
    }
  }
}

/**
 * For a join gateway, the ids of the elements in its scope from which it can still be reached,
 * walking sequence flows backwards. Paths through the gateway itself do not count. A boundary
 * event is reachable from its host activity, and a link catch event from the link throw
 * events of the same name, so both count as predecessors.
 */
export function reachableFrom(
  gatewayId: string,
  elements: ReadonlyMap<string, Node>,
  flowSources: ReadonlyMap<string, string>,
): Set<string> {
  const gateway = elements.get(gatewayId);
  const found = new Set<string>();
  if (!gateway) return found;

  const pending = [gatewayId];
  while (pending.length > 0) {
    const current = elements.get(pending.pop() as string);
    if (!current) continue;
    for (const predecessor of predecessors(current, elements, flowSources)) {
      if (predecessor === gatewayId || found.has(predecessor)) continue;
      if (elements.get(predecessor)?.scopeId !== gateway.scopeId) continue;
      found.add(predecessor);
      pending.push(predecessor);
    }
  }
  return found;
}

function* predecessors(
  element: Node,
  elements: ReadonlyMap<string, Node>,
  flowSources: ReadonlyMap<string, string>,
): Iterable<string> {
  for (const flowId of element.incoming) {
    const source = flowSources.get(flowId);
    if (source) yield source;
  }
  if (element.type === 'boundaryEvent' && element.attachedTo) yield element.attachedTo;
  const definition = element.eventDefinition;
  if (element.type === 'intermediateCatchEvent' && definition?.kind === 'link') {
    for (const other of elements.values()) {
      if (
        other.type === 'intermediateThrowEvent' &&
        other.scopeId === element.scopeId &&
        other.eventDefinition?.kind === 'link' &&
        other.eventDefinition.linkName === definition.linkName
      ) {
        yield other.id;
      }
    }
  }
}

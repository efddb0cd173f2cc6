import type { ElementDraft } from './drafts';

/**
 * For a join gateway, the ids of the elements in its scope from which it can still be reached,
 * walking sequence flows backwards. Paths through the gateway itself do not count. A boundary
 * event is reachable from its host activity, and a link catch event from the link throw
 * events of the same name, so both count as predecessors.
 */
export function reachableFrom(
  gatewayId: string,
  elements: ReadonlyMap<string, ElementDraft>,
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
  element: ElementDraft,
  elements: ReadonlyMap<string, ElementDraft>,
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

/**
 * Which elements of a scope can still lead a token to a given element. The inclusive join
 * waits while any live token sits on such an element.
 */
import type { ElementDef, ProcessGraph } from '@osprey/bpmn';

/**
 * Ids of the elements in the same scope as `targetId` from which `targetId` can be reached by
 * following sequence flows forward. Boundary events count through the activity they are
 * attached to (the activity can fire them), link catch events through their link throws. The
 * target itself is never included (the same rule as the BPMN compiler's).
 */
export function computeReachableFrom(graph: ProcessGraph, targetId: string): Set<string> {
  const target = graph.elements.get(targetId);
  if (!target)
    throw new Error(`Expected element '${targetId}' in process '${graph.processId}', but it is not there`);
  const linkThrows = linkThrowsByTarget(graph, target.scopeId);
  const result = new Set<string>();
  const pending: string[] = [targetId];
  while (pending.length > 0) {
    const id = pending.pop()!;
    const def = graph.elements.get(id);
    if (!def) continue;
    for (const pred of predecessors(graph, def, linkThrows)) {
      if (pred !== targetId && !result.has(pred)) {
        result.add(pred);
        pending.push(pred);
      }
    }
  }
  return result;
}

function predecessors(graph: ProcessGraph, def: ElementDef, linkThrows: Map<string, string[]>): string[] {
  const preds: string[] = [];
  for (const flowId of def.incoming) {
    const flow = graph.flows.get(flowId);
    if (flow) preds.push(flow.sourceId);
  }
  if (def.type === 'boundaryEvent' && def.attachedTo) preds.push(def.attachedTo);
  preds.push(...(linkThrows.get(def.id) ?? []));
  return preds;
}

/** Link catch event id → ids of the link throw events in `scopeId` that jump to it. */
function linkThrowsByTarget(graph: ProcessGraph, scopeId: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const def of graph.elements.values()) {
    if (def.scopeId !== scopeId || def.type !== 'intermediateThrowEvent') continue;
    if (def.eventDefinition?.kind !== 'link') continue;
    const catchId = graph.linkTargets.get(`${scopeId}/${def.eventDefinition.linkName}`);
    if (catchId) map.set(catchId, [...(map.get(catchId) ?? []), def.id]);
  }
  return map;
}

/**
 * Hand-written graphs for the interpreter's own unit tests (the fluent builder lives in
 * `@osprey/testing`, which depends on this package).
 */
import type { ElementDef, ProcessGraph, SequenceFlowDef } from '@osprey/bpmn';
import type { ExecutionContext } from '../src';

type Node = Partial<ElementDef> & Pick<ElementDef, 'id' | 'type'>;

/** A process `id` whose elements are `nodes` (all in the process scope) linked by `flows` [from, to]. */
export function linearGraph(id: string, nodes: Node[], flows: [string, string][]): ProcessGraph {
  const elements = new Map<string, ElementDef>();
  const flowMap = new Map<string, SequenceFlowDef>();
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  flows.forEach(([from, to], i) => {
    const fid = `f${i + 1}`;
    flowMap.set(fid, { id: fid, sourceId: from, targetId: to });
    outgoing.set(from, [...(outgoing.get(from) ?? []), fid]);
    incoming.set(to, [...(incoming.get(to) ?? []), fid]);
  });
  const base = { boundaryEvents: [], inputs: [], outputs: [], taskHeaders: {}, children: [] };
  for (const n of nodes) {
    elements.set(n.id, {
      ...base,
      scopeId: id,
      incoming: incoming.get(n.id) ?? [],
      outgoing: outgoing.get(n.id) ?? [],
      ...n,
    });
  }
  const none = nodes.find((n) => n.type === 'startEvent')?.id;
  elements.set(id, {
    ...base,
    id,
    type: 'process',
    scopeId: null,
    incoming: [],
    outgoing: [],
    children: nodes.map((n) => n.id),
    ...(none ? { noneStartEventId: none } : {}),
  });
  return {
    processId: id,
    elements,
    flows: flowMap,
    startEvents: { ...(none ? { none } : {}), message: [], timer: [], signal: [] },
    linkTargets: new Map(),
  };
}

/** start → service task `task` (type `work`) → end. */
export const oneTask = linearGraph(
  'one-task',
  [
    { id: 'start', type: 'startEvent' },
    {
      id: 'task',
      type: 'serviceTask',
      taskDefinition: { type: { kind: 'static', value: 'work' }, retries: { kind: 'static', value: '3' } },
    },
    { id: 'end', type: 'endEvent' },
  ],
  [
    ['start', 'task'],
    ['task', 'end'],
  ],
);

/** A context with a fixed clock and counting keys. */
export function context(graph: ProcessGraph, now = Date.parse('2026-01-01T00:00:00Z')): ExecutionContext {
  let key = 100;
  return { now, nextKey: () => String(++key), graph };
}

/** Freezes `value` and everything reachable from it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

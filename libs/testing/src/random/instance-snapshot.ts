import type { InstanceState, JsonValue } from '@osprey/runtime';
import { sortedCounts } from './in-memory-driver';

/**
 * The live state of an instance with its keys normalized away, so two engines that allocate
 * keys differently (the in-memory engine, the PostgreSQL store) can be compared by element id.
 */
export interface InstanceSnapshot {
  readonly state: InstanceState['state'];
  /** Live element instances by element id (the process included), with counts. */
  readonly active: Readonly<Record<string, number>>;
  /** Variables by the element id of their scope (the process id for the process scope). */
  readonly variables: Readonly<Record<string, Readonly<Record<string, JsonValue>>>>;
  /** Open jobs, user tasks, timers and subscriptions as `<valueType> <element id>`, sorted. */
  readonly open: readonly string[];
  /** Tokens waiting at joins as `<scope element id>/<gateway id>/<flow id>` → count. */
  readonly joins: Readonly<Record<string, number>>;
  /** Open incidents by element id, with counts. */
  readonly incidents: Readonly<Record<string, number>>;
}

/** `state` with keys replaced by element ids (see {@link InstanceSnapshot}). */
export function instanceSnapshot(state: InstanceState): InstanceSnapshot {
  const elementId = (key: string): string => state.elements[key]?.elementId ?? `(ended scope)`;
  const active: Record<string, number> = {};
  const joins: Record<string, number> = {};
  for (const e of Object.values(state.elements)) {
    active[e.elementId] = (active[e.elementId] ?? 0) + 1;
    for (const [gateway, flows] of Object.entries(e.joins ?? {}))
      for (const [flow, n] of Object.entries(flows)) if (n) joins[`${e.elementId}/${gateway}/${flow}`] = n;
  }
  const variables: Record<string, Record<string, JsonValue>> = {};
  for (const [scope, vars] of Object.entries(state.variables)) {
    const id = elementId(scope);
    variables[id] = Object.fromEntries(
      Object.entries({ ...variables[id], ...vars }).sort(([a], [b]) => a.localeCompare(b)),
    );
  }
  const open = Object.values(state.openEntities ?? {}).map((entity) => {
    const v = entity.value as { readonly elementId?: string; readonly targetElementId?: string };
    return `${entity.valueType} ${v.targetElementId ?? v.elementId ?? '?'}`;
  });
  const incidents: Record<string, number> = {};
  for (const i of Object.values(state.incidents)) {
    incidents[i.elementId] = (incidents[i.elementId] ?? 0) + 1;
  }
  return {
    state: state.state,
    active: sortedCounts(active),
    variables: Object.fromEntries(Object.entries(variables).sort(([a], [b]) => a.localeCompare(b))),
    open: open.sort(),
    joins: sortedCounts(joins),
    incidents: sortedCounts(incidents),
  };
}

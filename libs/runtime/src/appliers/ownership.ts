/**
 * Copy-on-write for the working state of one command. `execute` never mutates its input: it
 * works on a shallow copy whose top-level maps are fresh, and appliers copy an element instance
 * or a scope's variable map the first time they change it within the command, then change the
 * copy in place. Nested arrays and objects of an element (`timerKeys`, `joins`) are always
 * replaced, never mutated. Outside a command (folding records into a state the caller owns)
 * appliers mutate directly.
 */
import type { ElementInstance, InstanceState, JsonValue } from '../state';

const sessions = new WeakMap<InstanceState, Set<object>>();

/** Starts copy-on-write for `state` (a working copy with fresh top-level maps). */
export function beginCopyOnWrite(state: InstanceState): void {
  sessions.set(state, new Set());
}

/** Ends copy-on-write for `state`. */
export function endCopyOnWrite(state: InstanceState): void {
  sessions.delete(state);
}

/** The element instance `key`, safe to change in place; `undefined` when it does not exist. */
export function writableElement(state: InstanceState, key: string): ElementInstance | undefined {
  const el = state.elements[key];
  const owned = sessions.get(state);
  if (!el || !owned || owned.has(el)) return el;
  const copy = { ...el };
  owned.add(copy);
  state.elements[key] = copy;
  return copy;
}

/** The variable map of scope `scopeKey`, safe to change in place (created when missing). */
export function writableScope(state: InstanceState, scopeKey: string): Record<string, JsonValue> {
  const owned = sessions.get(state);
  const vars = state.variables[scopeKey];
  if (vars && (!owned || owned.has(vars))) return vars;
  const copy: Record<string, JsonValue> = vars ? { ...vars } : {};
  owned?.add(copy);
  state.variables[scopeKey] = copy;
  return copy;
}

/** Records an object created within the command as owned (so later changes need no copy). */
export function adopt<T extends object>(state: InstanceState, value: T): T {
  sessions.get(state)?.add(value);
  return value;
}

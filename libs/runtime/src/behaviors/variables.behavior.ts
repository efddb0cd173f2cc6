/**
 * Variables, with Camunda 8's scoping: each scope (the process, a sub-process, any element
 * with input mappings) has its own variables; an expression sees the merge of every scope from
 * the process down to its element, inner shadowing outer. Results flowing up (job and user
 * task completions, messages, output mappings) are set on the nearest scope where a variable
 * of that name exists, else on the process.
 */
import type { ElementDef } from '@osprey/bpmn';
import { ScopeChainContext, type VariableContext } from '../feel/variable-context';
import type { Processing } from '../processing/processing';
import type { ElementInstance, JsonValue } from '../state';
import { hasOwn, jsonEquals } from '../util/json';
import { recordBase } from './records';

const NO_VARIABLES: Readonly<Record<string, JsonValue>> = Object.freeze({});

/**
 * What an expression evaluated at scope `scopeKey` sees: that scope and every scope above it —
 * with a multi-instance output collection gathered in this command but not written yet.
 */
export function contextAt(p: Processing, scopeKey: string | null): VariableContext {
  const chain: Readonly<Record<string, JsonValue>>[] = [];
  const pending = p.pendingOutputCollections;
  for (let key = scopeKey; key !== null;) {
    const vars = p.state.variables[key] ?? NO_VARIABLES;
    const gathered = pending.size > 0 ? pending.get(key) : undefined;
    chain.push(gathered ? { ...vars, [gathered.name]: gathered.values } : vars);
    key = p.state.elements[key]?.flowScopeKey ?? null;
  }
  return new ScopeChainContext(chain, p.ctx.random);
}

/**
 * Sets `name` on scope `scopeKey`. Writes VARIABLE CREATED or UPDATED only when the value
 * actually changes, so re-running a step after an incident writes nothing twice.
 */
export function setVariable(p: Processing, scopeKey: string, name: string, value: JsonValue): void {
  const vars = p.state.variables[scopeKey];
  const exists = vars !== undefined && hasOwn(vars, name);
  if (exists && jsonEquals(vars[name], value)) return;
  const s = p.state;
  p.write({
    valueType: 'VARIABLE',
    intent: exists ? 'UPDATED' : 'CREATED',
    ...recordBase(p, `${scopeKey}:${name}`),
    value: {
      name,
      value,
      scopeKey,
      processDefinitionKey: s.processDefinitionKey,
      bpmnProcessId: s.bpmnProcessId,
      tenantId: s.tenantId,
    },
  });
}

/** Sets every variable of `vars` on scope `scopeKey` only. */
export function setLocalVariables(
  p: Processing,
  scopeKey: string,
  vars: Readonly<Record<string, JsonValue>>,
): void {
  for (const name of Object.keys(vars)) setVariable(p, scopeKey, name, vars[name]!);
}

/**
 * Sets each variable on the nearest scope, starting at `startScopeKey` and walking up, that
 * already has a variable of that name; where none has, on the process scope.
 */
export function propagateVariables(
  p: Processing,
  startScopeKey: string,
  vars: Readonly<Record<string, JsonValue>>,
): void {
  for (const name of Object.keys(vars)) {
    setVariable(p, nearestScopeWith(p, startScopeKey, name), name, vars[name]!);
  }
}

function nearestScopeWith(p: Processing, startScopeKey: string, name: string): string {
  let key: string | null = startScopeKey;
  while (key !== null) {
    const vars = p.state.variables[key];
    if (vars && hasOwn(vars, name)) return key;
    key = p.state.elements[key]?.flowScopeKey ?? null;
  }
  return p.state.processInstanceKey;
}

/**
 * Applies variables an element received (job or user task completion, message, signal, error,
 * script result, a child instance's variables): with output mappings they become local to the
 * element, for the mappings to pick from; without, they propagate from the element's flow
 * scope — except onto the output collection of a multi-instance body the element is an inner
 * instance of, which the engine alone fills (a child instance handed every visible variable
 * hands back a stale copy of it).
 */
export function applyResultVariables(
  p: Processing,
  el: ElementInstance,
  def: ElementDef,
  vars: Readonly<Record<string, JsonValue>> | undefined,
): void {
  if (!vars) return;
  if (def.outputs.length > 0 || el.flowScopeKey === null) return setLocalVariables(p, el.key, vars);
  const collection = def.loop?.outputCollection;
  if (collection && hasOwn(vars, collection) && p.element(el.flowScopeKey)?.elementId === def.id) {
    const { [collection]: _engineOwned, ...rest } = vars;
    return propagateVariables(p, el.flowScopeKey, rest);
  }
  propagateVariables(p, el.flowScopeKey, vars);
}

/** Sets `variables` on scope `scopeKey` only (`local`), or propagated from it (SET_VARIABLES). */
export function setVariablesAt(p: Processing, scopeKey: string, variables: Readonly<Record<string, JsonValue>>, local: boolean): void {
  if (local) setLocalVariables(p, scopeKey, variables);
  else propagateVariables(p, scopeKey, variables);
}

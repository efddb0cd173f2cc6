/**
 * The variables of a multi-instance activity (Camunda 8 semantics):
 *
 * - each inner instance starts with the local variables `loopCounter` (1, 2, …) and, with
 *   `inputElement`, its element of the input collection;
 * - with `outputCollection`, the body holds a local list of as many `null`s as there are
 *   elements; when inner instance i completes, `outputElement` (evaluated in its scope) is
 *   written at index i; when the body completes, the list is propagated outwards;
 * - `completionCondition` sees the inner instance's variables and `numberOfInstances`,
 *   `numberOfActiveInstances`, `numberOfCompletedInstances` and `numberOfTerminatedInstances`,
 *   counting the completing instance as completed.
 *
 * Output elements set during one command are gathered and the list is written once, when the
 * command's tokens have settled or the body completes: a command completing n inner instances
 * costs O(n), not n copies of an n-element list. Expressions see the gathered list at once.
 */
import type { ElementDef, LoopDef } from '@osprey/bpmn';
import { evaluateExpression } from '../feel/feel-evaluator';
import { evaluateBoolean, evaluateList } from '../feel/typed-values';
import { OverlayContext } from '../feel/variable-context';
import type { Processing } from '../processing/processing';
import type { ActivateStep } from '../processing/steps';
import type { ElementInstance, JsonValue } from '../state';
import { fail, ok, type Outcome } from '../util/outcome';
import { contextAt, propagateVariables, setVariable } from './variables.behavior';

/** The input collection of body `body`, evaluated in the scopes around it. */
export function inputCollection(p: Processing, body: ElementInstance, loop: LoopDef): Outcome<JsonValue[]> {
  const items = evaluateList(loop.inputCollection, contextAt(p, body.key), p.now);
  return items.ok ? items : fail(`${items.message} (input collection of '${body.elementId}')`);
}

/** The step that activates inner instance `index` (0-based) of `body` for `item`. */
export function innerInstanceStep(
  def: ElementDef,
  body: ElementInstance,
  index: number,
  item: JsonValue,
): ActivateStep {
  const inputElement = def.loop?.inputElement;
  return {
    type: 'activate',
    elementId: def.id,
    flowScopeKey: body.key,
    localVariables: { ...(inputElement ? { [inputElement]: item } : {}), loopCounter: index + 1 },
  };
}

/** Sets the body's output collection to `numberOfInstances` nulls, unless already set. */
export function initOutputCollection(
  p: Processing,
  body: ElementInstance,
  loop: LoopDef,
  size: number,
): void {
  const name = loop.outputCollection;
  if (!name || Object.prototype.hasOwnProperty.call(p.state.variables[body.key] ?? {}, name)) return;
  setVariable(p, body.key, name, new Array<JsonValue>(size).fill(null));
}

/**
 * Inner instance `child` of `body` is completing: gathers its output element and evaluates the
 * completion condition. Returns whether the condition is met.
 */
export function completeInner(
  p: Processing,
  body: ElementInstance,
  child: ElementInstance,
): Outcome<boolean> {
  const loop = p.def(body).loop!;
  const vars = contextAt(p, child.key);
  if (loop.outputCollection && loop.outputElement) {
    const value = evaluateExpression(loop.outputElement, vars, p.now);
    if (!value.ok) return fail(`${value.message} (output element of '${body.elementId}')`);
    const counter = p.state.variables[child.key]?.loopCounter;
    if (typeof counter === 'number') gather(p, body.key, loop.outputCollection, counter - 1, value.value);
  }
  if (!loop.completionCondition) return ok(false);
  const mi = body.multiInstance!;
  const counters: Record<string, JsonValue> = {
    numberOfInstances: mi.numberOfInstances,
    numberOfActiveInstances: body.activeChildren - 1,
    numberOfCompletedInstances: mi.completed + 1,
    numberOfTerminatedInstances: mi.terminated,
  };
  const met = evaluateBoolean(loop.completionCondition, new OverlayContext(counters, vars), p.now);
  return met.ok ? met : fail(`${met.message} (completion condition of '${body.elementId}')`);
}

/** Writes the output collection gathered for `bodyKey` in this command, if any. */
export function writeOutputCollection(p: Processing, bodyKey: string): void {
  const pending = p.pendingOutputCollections.get(bodyKey);
  if (!pending) return;
  p.pendingOutputCollections.delete(bodyKey);
  if (p.element(bodyKey)) setVariable(p, bodyKey, pending.name, pending.values);
}

/** The body completes: its output collection goes out to the scopes around it. */
export function propagateOutputCollection(p: Processing, body: ElementInstance, loop: LoopDef): void {
  writeOutputCollection(p, body.key);
  const name = loop.outputCollection;
  if (!name || body.flowScopeKey === null) return;
  propagateVariables(p, body.flowScopeKey, { [name]: p.state.variables[body.key]?.[name] ?? [] });
}

function gather(p: Processing, bodyKey: string, name: string, index: number, value: JsonValue): void {
  let pending = p.pendingOutputCollections.get(bodyKey);
  if (!pending) {
    const current = p.state.variables[bodyKey]?.[name];
    pending = { name, values: Array.isArray(current) ? [...current] : [] };
    p.pendingOutputCollections.set(bodyKey, pending);
    p.defer(`output-collection/${bodyKey}`, { type: 'output-collection', bodyKey });
  }
  while (pending.values.length < index) pending.values.push(null);
  pending.values[index] = value;
}

/**
 * Conditional events (Camunda 8.9): an intermediate catch event, a boundary event or the start
 * event of an event sub-process whose FEEL condition decides when it triggers.
 *
 * A conditional event listens while its owner is ACTIVATED — the catch event itself (or the
 * event-based gateway before it), the activity it is attached to (the body of a multi-instance
 * activity), or the process or sub-process containing the event sub-process (not once an
 * interrupting one runs there). Its
 * condition is evaluated
 *
 * - as the owner activates (after input mappings, so an input mapping can trigger it), and
 * - after a command changed a variable the condition names, in a scope the owner sees (the
 *   variable's scope is the owner's or an ancestor's, and no scope in between has its own
 *   variable of that name), filtered by `zeebe:conditionalFilter`. Changes are gathered in one
 *   deferred step, so a command that changes several variables evaluates each event once.
 *
 * Evaluation runs top-down (outer owners first), so an interrupting event of a sub-process
 * fires before those of the activities inside it, which it then terminates. `true` triggers;
 * anything else (false, null, a failed evaluation) does not. A non-interrupting event triggers
 * on each evaluation that answers `true`. Nothing is stored besides the element instances: the
 * listening events follow from them, so they survive restarts and bounded commands.
 */
import type { ConditionalEventDef, ElementDef } from '@osprey/bpmn';
import { evaluateExpression } from '../feel/feel-evaluator';
import { isContainer, isMultiInstanceInner } from '../processing/element-kinds';
import type { Processing } from '../processing/processing';
import type { ConditionsStep, VariableChange } from '../processing/steps';
import type { ElementInstance } from '../state';
import { isInterrupted, triggerEventSubProcess } from './event-sub-process.behavior';
import { triggerBoundary, triggerEvent } from './event-trigger.behavior';
import { contextAt } from './variables.behavior';

/** A conditional event listening under an owner element instance. */
interface Listening {
  readonly owner: ElementInstance;
  readonly event: ElementDef;
  readonly definition: ConditionalEventDef;
  readonly role: 'catch' | 'gateway' | 'boundary' | 'event-sub-process';
}

/** After `el` is ACTIVATED: queues the evaluation of its conditional events, if it has any. */
export function scheduleActivationConditions(p: Processing, el: ElementInstance, def: ElementDef): void {
  if (!p.graph.hasConditionalEvents || listeningUnder(p, el, def).length === 0) return;
  p.enqueue({ type: 'conditions', ownerKey: el.key });
}

/** Runs a conditions step (see {@link ConditionsStep}). */
export function runConditions(p: Processing, step: ConditionsStep): void {
  if (step.ownerKey !== undefined) {
    const owner = p.element(step.ownerKey);
    if (!owner || owner.state !== 'ACTIVATED') return;
    p.conditionsSeen.set(owner.key, p.variableChangeCount);
    for (const listening of listeningUnder(p, owner, p.def(owner))) evaluateAndTrigger(p, listening);
    return;
  }
  const changes = step.changes ?? [];
  if (changes.length === 0) return;
  for (const owner of ownersTopDown(p)) {
    const seen = p.conditionsSeen.get(owner.key) ?? -1;
    for (const listening of listeningUnder(p, owner, p.def(owner))) {
      if (changes.some((c) => c.seq >= seen && isRelevant(p, listening, c))) evaluateAndTrigger(p, listening);
    }
  }
}

/** Evaluates `listening` if its owner still listens, and triggers it on `true`. */
function evaluateAndTrigger(p: Processing, listening: Listening): void {
  const owner = p.element(listening.owner.key);
  // An earlier trigger of this step may have terminated or interrupted the owner.
  if (!owner || owner.state !== 'ACTIVATED') return;
  if (listening.role === 'event-sub-process' && isInterrupted(owner)) return;
  const result = evaluateExpression(listening.definition.condition, contextAt(p, owner.key), p.now);
  if (!result.ok || result.value !== true) return;
  switch (listening.role) {
    case 'catch':
    case 'gateway':
      return triggerEvent(p, owner, { kind: 'conditional', targetElementId: listening.event.id });
    case 'boundary':
      return triggerBoundary(p, owner, listening.event.id, undefined);
    case 'event-sub-process':
      return triggerEventSubProcess(p, owner, listening.event, undefined);
  }
}

/** The conditional events listening under `el` while it is ACTIVATED. */
function listeningUnder(p: Processing, el: ElementInstance, def: ElementDef): Listening[] {
  const found: Listening[] = [];
  const add = (event: ElementDef, role: Listening['role']): void => {
    const definition = event.eventDefinition;
    if (definition?.kind === 'conditional') found.push({ owner: el, event, definition, role });
  };
  if (def.type === 'intermediateCatchEvent' && !el.triggeredBy) add(def, 'catch');
  if (def.type === 'eventBasedGateway')
    for (const flowId of def.outgoing) add(p.graph.element(p.graph.flow(flowId).targetId), 'gateway');
  if (!isMultiInstanceInner(el, def)) for (const id of def.boundaryEvents) add(p.graph.element(id), 'boundary');
  if (isContainer(el, def) && !isInterrupted(el))
    for (const start of p.graph.eventSubProcessStarts(def)) add(start, 'event-sub-process');
  return found;
}

/** The live, ACTIVATED element instances, outer ones first. */
function ownersTopDown(p: Processing): ElementInstance[] {
  const depth = (el: ElementInstance): number => {
    let d = 0;
    for (let k = el.flowScopeKey; k !== null; k = p.element(k)?.flowScopeKey ?? null) d++;
    return d;
  };
  return Object.values(p.state.elements)
    .filter((el) => el.state === 'ACTIVATED')
    .map((el) => ({ el, d: depth(el) }))
    .sort((a, b) => a.d - b.d)
    .map(({ el }) => el);
}

/** True when `change` can re-evaluate `listening`: named by the condition, passing the filter, visible to the owner. */
function isRelevant(p: Processing, listening: Listening, change: VariableChange): boolean {
  const { definition } = listening;
  if (definition.variableEvents && !definition.variableEvents.includes(change.kind)) return false;
  if (definition.variableNames) {
    if (!definition.variableNames.includes(change.name)) return false;
  } else if (definition.condition.kind !== 'feel' || !mentions(definition.condition.source, change.name)) {
    return false;
  }
  // The condition reads its owner's variables (for an event sub-process: its container's).
  return sees(p, listening.owner.key, change);
}

/** True when `change` is the variable scope `fromKey` resolves `change.name` to. */
function sees(p: Processing, fromKey: string, change: VariableChange): boolean {
  for (let key: string | null = fromKey; key !== null; key = p.element(key)?.flowScopeKey ?? null) {
    if (key === change.scopeKey) return true;
    const vars = p.state.variables[key];
    if (vars && Object.prototype.hasOwnProperty.call(vars, change.name)) return false;
  }
  return false;
}

const NAME_CHAR = /[\p{L}\p{N}_$?]/u;

/**
 * True when FEEL `source` refers to variable `name`: it occurs as a whole name, not as a
 * context entry after a dot (`x.y` depends on `x` alone, as in Camunda). Text inside string
 * literals may count too — a spare evaluation, never a missed one.
 */
function mentions(source: string, name: string): boolean {
  for (let at = source.indexOf(name); at >= 0; at = source.indexOf(name, at + 1)) {
    const before = source.slice(0, at).trimEnd();
    const prev = before[before.length - 1];
    const next = source[at + name.length];
    const boundedBefore = at === 0 || !NAME_CHAR.test(source[at - 1]!);
    const boundedAfter = next === undefined || !NAME_CHAR.test(next);
    if (boundedBefore && boundedAfter && prev !== '.') return true;
  }
  return false;
}

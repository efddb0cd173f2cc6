/**
 * Finding who catches a BPMN error or escalation. The event travels from the element that threw
 * it outwards, one element instance at a time. At each step the candidates are:
 *
 * - the start events of the event sub-processes of that instance, if it is a process or
 *   sub-process (not when the event comes out of one of those event sub-processes, nor once an
 *   interrupting one runs there);
 * - the boundary events of that instance (the body's, for a multi-instance activity).
 *
 * A candidate with the exact code wins over a catch-all (no code); within each, an event
 * sub-process wins over a boundary event, then document order. The innermost step with a
 * candidate catches.
 */
import type { ElementDef } from '@osprey/bpmn';
import { evaluateString } from '../feel/typed-values';
import { isContainer, isMultiInstanceInner } from '../processing/element-kinds';
import type { Processing } from '../processing/processing';
import type { ElementInstance, JsonValue } from '../state';
import { isInterrupted, triggerEventSubProcess } from './event-sub-process.behavior';
import { triggerBoundary } from './event-trigger.behavior';
import { contextAt } from './variables.behavior';

/** The kinds of events that are thrown and caught by code. */
export type CodeEventKind = 'error' | 'escalation';

/** Who catches a thrown event. */
export type Catcher =
  | { readonly kind: 'boundary'; readonly owner: ElementInstance; readonly event: ElementDef }
  | { readonly kind: 'event-sub-process'; readonly scope: ElementInstance; readonly event: ElementDef };

/** The catcher of `kind` event `code` thrown by element instance `sourceKey`, if any. */
export function findCatcher(
  p: Processing,
  sourceKey: string,
  kind: CodeEventKind,
  code: string,
): Catcher | undefined {
  let from: ElementInstance | undefined;
  for (let key: string | null = sourceKey; key !== null;) {
    const el: ElementInstance = p.element(key)!;
    const def = p.def(el);
    const candidates: Catcher[] = [];
    const fromEventSubProcess = from !== undefined && p.def(from).subProcessKind === 'event';
    if (isContainer(el, def) && !isInterrupted(el) && !fromEventSubProcess) {
      for (const start of p.graph.eventSubProcessStarts(def))
        candidates.push({ kind: 'event-sub-process', scope: el, event: start });
    }
    if (!isMultiInstanceInner(el, def)) {
      for (const id of def.boundaryEvents)
        candidates.push({ kind: 'boundary', owner: el, event: p.graph.element(id) });
    }
    const caught = bestMatch(p, el, candidates, kind, code);
    if (caught) return caught;
    from = el;
    key = el.flowScopeKey;
  }
  return undefined;
}

/**
 * Lets `catcher` catch: an interrupting boundary event terminates its activity and takes over,
 * an event sub-process starts (see `event-sub-process.behavior.ts`); the event's variables are
 * applied on the catching event.
 */
export function triggerCatcher(
  p: Processing,
  catcher: Catcher,
  variables: Readonly<Record<string, JsonValue>>,
): void {
  if (catcher.kind === 'boundary') return triggerBoundary(p, catcher.owner, catcher.event.id, variables);
  triggerEventSubProcess(p, catcher.scope, catcher.event, variables);
}

/** True when `catcher` leaves the thrower running (a non-interrupting escalation catch). */
export function isNonInterrupting(catcher: Catcher): boolean {
  return catcher.event.interrupting === false;
}

function bestMatch(
  p: Processing,
  el: ElementInstance,
  candidates: readonly Catcher[],
  kind: CodeEventKind,
  code: string,
): Catcher | undefined {
  let catchAll: Catcher | undefined;
  for (const candidate of candidates) {
    const ed = candidate.event.eventDefinition;
    if (ed?.kind !== kind) continue;
    const expected =
      ed.kind === 'error' ? ed.errorCode : ed.kind === 'escalation' ? ed.escalationCode : undefined;
    if (!expected) {
      catchAll ??= candidate;
      continue;
    }
    const value = evaluateString(expected, contextAt(p, el.key), p.now);
    if (value.ok && value.value === code) return candidate;
  }
  return catchAll;
}

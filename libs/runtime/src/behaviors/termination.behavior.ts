/**
 * Termination: an element and everything inside it ends without completing. Children end
 * first (depth-first), then the element's own work is cancelled — its job (JOB CANCELED), user
 * task (USER_TASK CANCELED), timers and subscriptions (TIMER CANCELED, … DELETED) — and an open
 * incident on it is resolved with an INCIDENT RESOLVED record, never silently dropped.
 */
import type { Processing } from '../processing/processing';
import { closeEventSubscriptions, closeOne } from './event-subscription.behavior';
import { writeIncidentResolved } from './incident.behavior';
import { scheduleInclusiveJoinChecks } from './join.behavior';
import { elementRecord } from './records';

/** Terminates element instance `key` and everything inside it. */
export function terminateElement(p: Processing, key: string): void {
  const el = p.element(key);
  if (!el) return;
  terminate(p, key, el.activeChildren > 0 ? childrenIndex(p) : undefined);
  if (el.flowScopeKey !== null) scheduleInclusiveJoinChecks(p, el.flowScopeKey);
}

/**
 * Terminates every live child of scope `scopeKey` but `keep` (a terminate end event ends its
 * scope this way; a cancel end event keeps itself to run the compensation handlers).
 */
export function terminateChildren(p: Processing, scopeKey: string, keep?: string): void {
  const index = childrenIndex(p);
  for (const child of index.get(scopeKey) ?? []) if (child !== keep) terminate(p, child, index);
}

function terminate(p: Processing, key: string, index: Map<string, string[]> | undefined): void {
  const el = p.element(key);
  if (!el || el.state === 'TERMINATING') return;
  const def = p.def(el);
  p.write(elementRecord(p, 'ELEMENT_TERMINATING', el, def));
  if (el.activeChildren > 0) {
    // Built once per termination and still valid inside it: terminating only removes elements.
    index ??= childrenIndex(p);
    for (const child of index.get(key) ?? []) terminate(p, child, index);
  }
  p.processor(el).onTerminate?.(p, p.element(key)!, def);
  const current = p.element(key)!;
  if (current.jobKey) closeOne(p, current.jobKey);
  if (current.userTaskKey) closeOne(p, current.userTaskKey);
  closeEventSubscriptions(p, key);
  const incidentKey = p.element(key)!.incidentKey;
  const incident = incidentKey ? p.state.incidents[incidentKey] : undefined;
  if (incident) writeIncidentResolved(p, incident);
  p.write(elementRecord(p, 'ELEMENT_TERMINATED', p.element(key)!, def));
}

/** Live element instances by flow scope key, in the state's (deterministic) key order. O(n). */
function childrenIndex(p: Processing): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const el of Object.values(p.state.elements)) {
    if (el.flowScopeKey === null) continue;
    const list = index.get(el.flowScopeKey);
    if (list) list.push(el.key);
    else index.set(el.flowScopeKey, [el.key]);
  }
  return index;
}

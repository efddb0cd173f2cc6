/**
 * BPMN errors (from an error end event, or thrown by a job worker). The error travels from the
 * element that threw it outwards through its enclosing scopes; the innermost activity with an
 * error boundary event for that code (or a catch-all one, without a code) catches it. That
 * activity is terminated, with everything inside it, and the boundary event is activated in its
 * place. An error nobody catches raises an UNHANDLED_ERROR_EVENT incident on the thrower.
 */
import type { ElementDef } from '@osprey/bpmn';
import { evaluateString } from '../feel/typed-values';
import type { Processing } from '../processing/processing';
import type { ElementInstance, IncidentState, JsonValue } from '../state';
import { raiseIncident } from './incident.behavior';
import { terminateElement } from './termination.behavior';
import { contextAt } from './variables.behavior';

/** Where an uncaught error leaves the thrower: the step its incident retries. */
export interface UncaughtErrorRetry {
  readonly retry: IncidentState['retry'];
  readonly jobKey?: string;
}

/** Throws error `errorCode` from element instance `sourceKey`. */
export function throwError(
  p: Processing,
  sourceKey: string,
  errorCode: string,
  errorMessage: string,
  variables: Readonly<Record<string, JsonValue>>,
  uncaught: UncaughtErrorRetry,
): void {
  for (let key: string | null = sourceKey; key !== null;) {
    const el: ElementInstance = p.element(key)!;
    const boundary = catchingBoundary(p, el, p.def(el), errorCode);
    if (boundary) {
      terminateElement(p, el.key);
      p.enqueue({
        type: 'activate',
        elementId: boundary.id,
        flowScopeKey: el.flowScopeKey,
        triggeredBy: el.elementId,
        ...(Object.keys(variables).length > 0 ? { eventVariables: variables } : {}),
      });
      return;
    }
    key = el.flowScopeKey;
  }
  const source = p.element(sourceKey)!;
  const detail = errorMessage ? ` with message '${errorMessage}'` : '';
  raiseIncident(
    p,
    source,
    'UNHANDLED_ERROR_EVENT',
    `Expected to throw an error event with the code '${errorCode}'${detail}, but it was not caught. No error events are available in the scope.`,
    uncaught.retry,
    uncaught.jobKey,
  );
}

/** The error boundary of `def` that catches `errorCode`: an exact code first, else a catch-all. */
function catchingBoundary(
  p: Processing,
  el: ElementInstance,
  def: ElementDef,
  errorCode: string,
): ElementDef | undefined {
  let catchAll: ElementDef | undefined;
  for (const id of def.boundaryEvents) {
    const boundary = p.graph.element(id);
    const ed = boundary.eventDefinition;
    if (ed?.kind !== 'error') continue;
    if (!ed.errorCode) {
      catchAll ??= boundary;
      continue;
    }
    const code = evaluateString(ed.errorCode, contextAt(p, el.key), p.now);
    if (code.ok && code.value === errorCode) return boundary;
  }
  return catchAll;
}

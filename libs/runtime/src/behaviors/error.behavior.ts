/**
 * BPMN errors (from an error end event, or thrown by a job worker). The error travels from the
 * element that threw it outwards through its enclosing scopes (see `catch-event.behavior.ts`):
 * the innermost error boundary event or error event sub-process for that code (or a catch-all
 * one, without a code) catches it. Errors always interrupt: the catching activity — or the rest
 * of the catching scope — is terminated with everything inside it, the thrower included. An
 * error nobody catches raises an UNHANDLED_ERROR_EVENT incident on the thrower.
 */
import type { Processing } from '../processing/processing';
import type { IncidentState, JsonValue } from '../state';
import { findCatcher, triggerCatcher } from './catch-event.behavior';
import { raiseIncident } from './incident.behavior';

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
  const catcher = findCatcher(p, sourceKey, 'error', errorCode);
  if (catcher) return triggerCatcher(p, catcher, variables);
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

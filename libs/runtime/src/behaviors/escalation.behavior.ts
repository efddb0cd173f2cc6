/**
 * Escalations (from an escalation intermediate throw or end event). Like an error, an
 * escalation travels outwards from its thrower to the innermost escalation boundary event or
 * escalation event sub-process for its code (or a catch-all one). Unlike an error:
 *
 * - a non-interrupting catcher starts its path and the thrower carries on;
 * - an interrupting catcher terminates its activity (or the rest of its scope), the thrower
 *   with it;
 * - an escalation nobody catches is not a failure: the thrower carries on.
 */
import type { ElementDef } from '@osprey/bpmn';
import { evaluateString } from '../feel/typed-values';
import type { Processing } from '../processing/processing';
import type { ElementInstance } from '../state';
import { findCatcher, triggerCatcher } from './catch-event.behavior';
import { raiseIncident } from './incident.behavior';
import { contextAt } from './variables.behavior';

/**
 * Throws the escalation of throw event `el`. Returns true when the thrower carries on (caught
 * without interrupting, or not caught); false when it was terminated or stopped at an incident.
 */
export function throwEscalation(p: Processing, el: ElementInstance, def: ElementDef): boolean {
  const ed = def.eventDefinition;
  if (ed?.kind !== 'escalation') return true;
  const code = ed.escalationCode
    ? evaluateString(ed.escalationCode, contextAt(p, el.key), p.now)
    : { ok: true as const, value: '' };
  if (!code.ok) {
    raiseIncident(p, el, 'EXTRACT_VALUE_ERROR', code.message, 'activate');
    return false;
  }
  const catcher = findCatcher(p, el.key, 'escalation', code.value);
  if (catcher) triggerCatcher(p, catcher, {});
  return p.element(el.key)?.state === 'ACTIVATED';
}

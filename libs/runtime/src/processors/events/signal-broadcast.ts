/** Throwing a signal: a SIGNAL BROADCAST record the store delivers to every subscription. */
import type { ElementDef } from '@osprey/bpmn';
import { raiseIncident } from '../../behaviors/incident.behavior';
import { recordBase } from '../../behaviors/records';
import { contextAt } from '../../behaviors/variables.behavior';
import { evaluateString } from '../../feel/typed-values';
import type { Processing } from '../../processing/processing';
import type { ElementInstance } from '../../state';

/**
 * Broadcasts the signal of throw event `el`, with the event's local variables (its input
 * mappings) as the signal's variables. Returns false after raising an incident.
 */
export function broadcastSignal(p: Processing, el: ElementInstance, def: ElementDef): boolean {
  if (def.eventDefinition?.kind !== 'signal') return true;
  const name = evaluateString(def.eventDefinition.signalName, contextAt(p, el.key), p.now);
  if (!name.ok) {
    raiseIncident(p, el, 'EXTRACT_VALUE_ERROR', name.message, 'activate');
    return false;
  }
  p.write({
    valueType: 'SIGNAL',
    intent: 'BROADCAST',
    ...recordBase(p, p.nextKey()),
    value: { signalName: name.value, variables: p.state.variables[el.key] ?? {}, tenantId: p.state.tenantId },
  });
  return true;
}

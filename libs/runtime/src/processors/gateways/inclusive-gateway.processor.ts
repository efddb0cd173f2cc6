/**
 * Inclusive gateway. Fork: takes every outgoing flow whose condition is true, the default flow
 * only when none is; with neither, a CONDITION_ERROR incident. Join: fires once no other token
 * of the scope can still arrive (see `join.behavior.ts`).
 */
import type { ElementDef } from '@osprey/bpmn';
import { raiseIncident } from '../../behaviors/incident.behavior';
import { completeElement } from '../../behaviors/lifecycle.behavior';
import { contextAt } from '../../behaviors/variables.behavior';
import type { Processing } from '../../processing/processing';
import type { ElementInstance } from '../../state';
import type { ElementProcessor } from '../element-processor';
import { noFlowMessage, trueFlows } from './conditions';

/** Processor of `inclusiveGateway`. */
export class InclusiveGatewayProcessor implements ElementProcessor {
  onActivate(p: Processing, el: ElementInstance, def: ElementDef): void {
    if (def.outgoing.length === 0) return completeElement(p, el.key);
    const chosen = trueFlows(p, def, contextAt(p, el.key), false);
    if (!chosen.ok) return raiseIncident(p, el, 'EXTRACT_VALUE_ERROR', chosen.message, 'activate');
    const flows = chosen.value.length > 0 ? chosen.value : def.defaultFlow ? [def.defaultFlow] : [];
    if (flows.length === 0) return raiseIncident(p, el, 'CONDITION_ERROR', noFlowMessage(def), 'activate');
    completeElement(p, el.key, { flows });
  }
}

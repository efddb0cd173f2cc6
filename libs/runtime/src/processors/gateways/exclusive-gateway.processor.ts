/**
 * Exclusive gateway: takes the first outgoing flow (in document order) whose condition is true,
 * else the default flow. With neither, it stops at a CONDITION_ERROR incident; a condition that
 * does not evaluate stops it at an EXTRACT_VALUE_ERROR incident. Resolving re-evaluates.
 */
import type { ElementDef } from '@osprey/bpmn';
import { raiseIncident } from '../../behaviors/incident.behavior';
import { completeElement } from '../../behaviors/lifecycle.behavior';
import { contextAt } from '../../behaviors/variables.behavior';
import type { Processing } from '../../processing/processing';
import type { ElementInstance } from '../../state';
import type { ElementProcessor } from '../element-processor';
import { noFlowMessage, trueFlows } from './conditions';

/** Processor of `exclusiveGateway`. */
export class ExclusiveGatewayProcessor implements ElementProcessor {
  onActivate(p: Processing, el: ElementInstance, def: ElementDef): void {
    if (def.outgoing.length === 0) return completeElement(p, el.key);
    const chosen = trueFlows(p, def, contextAt(p, el.key), true);
    if (!chosen.ok) return raiseIncident(p, el, 'EXTRACT_VALUE_ERROR', chosen.message, 'activate');
    const flow = chosen.value[0] ?? def.defaultFlow;
    if (!flow) return raiseIncident(p, el, 'CONDITION_ERROR', noFlowMessage(def), 'activate');
    completeElement(p, el.key, { flows: [flow] });
  }
}

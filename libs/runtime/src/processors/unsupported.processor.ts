/**
 * Element types the interpreter has no processor for (none today: every compiled type has
 * one). Reaching one stops the token at an incident that names the element, instead of failing
 * the command.
 */
import type { ElementDef } from '@osprey/bpmn';
import { raiseIncident } from '../behaviors/incident.behavior';
import type { Processing } from '../processing/processing';
import type { ElementInstance } from '../state';
import type { ElementProcessor } from './element-processor';

/** Processor of element types without one of their own. */
export class UnsupportedElementProcessor implements ElementProcessor {
  onActivate(p: Processing, el: ElementInstance, def: ElementDef): void {
    raiseIncident(
      p,
      el,
      'UNKNOWN',
      `Expected an element type this engine runs, but '${def.id}' is a ${def.type}, which is not supported yet`,
      'activate',
    );
  }
}

/** ACTIVATE_AD_HOC_ELEMENTS: start inner elements of an ad-hoc sub-process from outside. */
import { activateInner, checkActivations } from '../behaviors/ad-hoc.behavior';
import type { ActivateAdHocElementsCommand } from '../commands';
import { CommandRejection } from '../execute.contract';
import type { Processing } from '../processing/processing';
import { requireWaiting } from './guards';

/** Starts each element asked for; an id that is not an activatable inner element rejects the whole command. */
export function activateAdHocElements(p: Processing, cmd: ActivateAdHocElementsCommand): void {
  const el = requireWaiting(p, cmd.adHocSubProcessInstanceKey);
  const def = p.def(el);
  if (def.subProcessKind !== 'adHoc') {
    throw new CommandRejection(
      'INVALID_ARGUMENT',
      `Expected element instance '${el.key}' to be an ad-hoc sub-process, but '${def.id}' is a ${p.graph.bpmnType(def).toLowerCase().replace(/_/g, ' ')}`,
    );
  }
  const known = checkActivations(def, cmd.elements.map((e) => e.elementId));
  if (!known.ok) throw new CommandRejection('INVALID_ARGUMENT', known.message);
  activateInner(p, el, cmd.elements);
}

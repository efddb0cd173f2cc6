/**
 * What end events and intermediate throw events have in common: the signal, message,
 * escalation and compensation throws, waiting for a message job's worker, and running
 * compensation handlers as children.
 */
import type { ElementDef } from '@osprey/bpmn';
import {
  abandonCompensation,
  onHandlerCompleted,
  startCompensation,
} from '../../behaviors/compensation.behavior';
import { throwEscalation } from '../../behaviors/escalation.behavior';
import { createJob, onWorkCompleted } from '../../behaviors/job.behavior';
import { completeElement } from '../../behaviors/lifecycle.behavior';
import type { Processing } from '../../processing/processing';
import type { ElementInstance } from '../../state';
import type { CompletionOptions, ElementProcessor, OccurredEvent } from '../element-processor';
import { broadcastSignal } from './signal-broadcast';

/** Base of the processors of throwing events. */
export abstract class ThrowEventProcessor implements ElementProcessor {
  abstract onActivate(p: Processing, el: ElementInstance, def: ElementDef): void;
  abstract onComplete(
    p: Processing,
    completed: ElementInstance,
    def: ElementDef,
    opts: CompletionOptions,
  ): void;

  /** A message throw's job was completed by its worker. */
  onEventOccurred(p: Processing, el: ElementInstance, def: ElementDef, event: OccurredEvent): void {
    onWorkCompleted(p, el, def, event);
  }

  /** A compensation handler run by this event finished: the next one starts, or the event completes. */
  onChildCompleted(p: Processing, scope: ElementInstance): void {
    onHandlerCompleted(p, scope);
  }

  onTerminate(p: Processing, el: ElementInstance, def: ElementDef): void {
    const kind = def.eventDefinition?.kind;
    if (kind === 'compensate' || kind === 'cancel') abandonCompensation(p, el);
  }
}

/**
 * Activates a none, signal, message, escalation or compensation throw event: it completes at
 * once, or once its job, the compensation handlers or an interrupting escalation catcher are done
 * with it.
 */
export function throwCommonEvent(p: Processing, el: ElementInstance, def: ElementDef): void {
  switch (def.eventDefinition?.kind) {
    case 'signal':
      if (broadcastSignal(p, el, def)) completeElement(p, el.key);
      return;
    case 'message':
      if (def.taskDefinition) return createJob(p, el, def);
      return completeElement(p, el.key);
    case 'escalation':
      if (throwEscalation(p, el, def)) completeElement(p, el.key);
      return;
    case 'compensate':
      if (!startCompensation(p, el, def)) completeElement(p, el.key);
      return;
    default:
      return completeElement(p, el.key);
  }
}

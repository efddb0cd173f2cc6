/**
 * The process itself: the root element instance, keyed by the process instance key and the
 * scope of the instance's variables. It starts at its none start event (or at the message,
 * signal or timer start event that created the instance) and completes when nothing runs in it.
 */
import type { ElementDef } from '@osprey/bpmn';
import type { Processing } from '../../processing/processing';
import type { ElementInstance } from '../../state';
import type { ActivationOptions, ElementProcessor } from '../element-processor';

/** Processor of `process`. */
export class ProcessProcessor implements ElementProcessor {
  onActivate(p: Processing, el: ElementInstance, def: ElementDef, opts: ActivationOptions): void {
    const start = opts.startElementId ?? def.noneStartEventId;
    // CREATE_INSTANCE validated the start event before the process was activated.
    if (start) p.enqueue({ type: 'activate', elementId: start, flowScopeKey: el.key });
  }

  onComplete(): void {
    // The instance has ended: nothing to pass a token to.
  }
}

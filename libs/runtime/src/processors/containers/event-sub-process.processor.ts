/**
 * Event sub-process: started by the event of its start event (see
 * `event-sub-process.behavior.ts`) inside the process or sub-process that contains it, with
 * that event's variables. A scope of its own; it starts at that start event and completes when
 * nothing runs in it, and its scope completes once nothing else runs there either.
 */
import type { ElementDef } from '@osprey/bpmn';
import type { Processing } from '../../processing/processing';
import type { ElementInstance } from '../../state';
import type { ActivationOptions, ElementProcessor } from '../element-processor';

/** Processor of `subProcess` with `subProcessKind: 'event'`. */
export class EventSubProcessProcessor implements ElementProcessor {
  onActivate(p: Processing, el: ElementInstance, def: ElementDef, opts: ActivationOptions): void {
    // An event sub-process has exactly one start event (the compiler checks it).
    const start = opts.startElementId ?? def.children.find((id) => p.graph.element(id).type === 'startEvent');
    if (start) p.enqueue({ type: 'activate', elementId: start, flowScopeKey: el.key });
  }
}

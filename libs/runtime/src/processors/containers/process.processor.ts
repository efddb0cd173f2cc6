/**
 * The process itself: the root element instance, keyed by the process instance key and the
 * scope of the instance's variables. It starts at its none start event (or at the message,
 * signal or timer start event that created the instance) and completes when nothing runs in it.
 * A child instance of a call activity writes its variables (PROCESS_INSTANCE_RESULT) just
 * before it completes, for its parent. Whatever could still be compensated ends with it.
 */
import type { ElementDef } from '@osprey/bpmn';
import { deleteCompensations } from '../../behaviors/compensation.behavior';
import { recordBase } from '../../behaviors/records';
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

  onCompleting(p: Processing, el: ElementInstance): void {
    deleteCompensations(p);
    const s = p.state;
    if (!s.parentProcessInstanceKey || !s.parentElementInstanceKey) return;
    p.write({
      valueType: 'PROCESS_INSTANCE_RESULT',
      intent: 'COMPLETED',
      ...recordBase(p, el.key),
      value: {
        bpmnProcessId: s.bpmnProcessId,
        processDefinitionKey: s.processDefinitionKey,
        version: s.version,
        tenantId: s.tenantId,
        parentProcessInstanceKey: s.parentProcessInstanceKey,
        parentElementInstanceKey: s.parentElementInstanceKey,
        variables: { ...s.variables[el.key] },
      },
    });
  }

  onComplete(): void {
    // The instance has ended: nothing to pass a token to.
  }

  onTerminate(p: Processing): void {
    deleteCompensations(p);
  }
}

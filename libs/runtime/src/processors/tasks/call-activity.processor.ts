/**
 * Call activity: runs another process as a separate child process instance, created by the
 * store (CHILD_INSTANCE CREATED, keyed by the child's process instance key) and waits for it.
 *
 * - The child's process id is evaluated (FEEL or static); with `propagateAllParentVariables`
 *   (default) the child starts with every variable visible at the call activity, otherwise
 *   with the call activity's input mappings only.
 * - CHILD_COMPLETED brings the child's variables back: with output mappings they are local to
 *   the call activity and the mappings pick what leaves it; without, they propagate when
 *   `propagateAllChildVariables` (default) is set, and are dropped when it is not.
 * - Terminating the call activity cancels the child (CHILD_INSTANCE CANCELED).
 * - A child the store could not create stops the call activity at a CALLED_ELEMENT_ERROR
 *   incident; resolving it asks for a new child.
 */
import type { ElementDef } from '@osprey/bpmn';
import { closeOne } from '../../behaviors/event-subscription.behavior';
import { raiseIncident } from '../../behaviors/incident.behavior';
import { completeElement } from '../../behaviors/lifecycle.behavior';
import { elementWork, recordBase } from '../../behaviors/records';
import { applyResultVariables, contextAt } from '../../behaviors/variables.behavior';
import { evaluateString } from '../../feel/typed-values';
import type { Processing } from '../../processing/processing';
import type { ElementInstance } from '../../state';
import type { ElementProcessor, OccurredEvent } from '../element-processor';

/** Processor of `callActivity`. */
export class CallActivityProcessor implements ElementProcessor {
  onActivate(p: Processing, el: ElementInstance, def: ElementDef): void {
    const called = def.calledElement;
    if (!called) {
      const message = `Expected call activity '${def.id}' to have a zeebe:calledElement, but it has none`;
      return raiseIncident(p, el, 'CALLED_ELEMENT_ERROR', message, 'activate');
    }
    const vars = contextAt(p, el.key);
    const processId = evaluateString(called.processId, vars, p.now);
    if (!processId.ok) return raiseIncident(p, el, 'EXTRACT_VALUE_ERROR', processId.message, 'activate');
    const s = p.state;
    p.write({
      valueType: 'CHILD_INSTANCE',
      intent: 'CREATED',
      ...recordBase(p, p.nextKey()),
      value: {
        ...elementWork(p, el, def.id),
        calledProcessId: processId.value,
        bindingType: called.bindingType,
        ...(called.versionTag ? { versionTag: called.versionTag } : {}),
        variables: called.propagateAllParentVariables ? vars.toObject() : { ...s.variables[el.key] },
      },
    });
  }

  onEventOccurred(p: Processing, el: ElementInstance, def: ElementDef, event: OccurredEvent): void {
    if (event.kind !== 'child-completed') {
      throw new Error(`Expected a child completion for '${def.id}', but got a ${event.kind} event`);
    }
    const propagate = def.calledElement?.propagateAllChildVariables ?? true;
    if (propagate || def.outputs.length > 0) applyResultVariables(p, el, def, event.variables);
    completeElement(p, el.key);
  }

  onTerminate(p: Processing, el: ElementInstance): void {
    if (el.childProcessInstanceKey) closeOne(p, el.childProcessInstanceKey);
  }
}

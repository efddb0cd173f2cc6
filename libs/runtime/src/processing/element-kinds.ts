/**
 * Kinds of element instances that share an element id. A multi-instance activity runs as a
 * _body_ (`bpmnElementType` `MULTI_INSTANCE_BODY`) holding its boundary events and counters,
 * with one _inner_ instance of the activity per element of the input collection inside it.
 */
import type { ElementDef } from '@osprey/bpmn';
import type { ElementInstance } from '../state';

/** Camunda 8's `bpmnElementType` of a multi-instance body. */
export const MULTI_INSTANCE_BODY = 'MULTI_INSTANCE_BODY';

/** True for the body of a multi-instance activity. */
export function isMultiInstanceBody(el: ElementInstance): boolean {
  return el.elementType === MULTI_INSTANCE_BODY;
}

/** True for an inner instance of a multi-instance activity (its boundary events belong to the body). */
export function isMultiInstanceInner(el: ElementInstance, def: ElementDef): boolean {
  return def.loop !== undefined && el.elementType !== MULTI_INSTANCE_BODY;
}

/**
 * True for an instance that contains elements of its own: the process, a sub-process of any
 * kind (not a multi-instance body, whose inner instances are the activity itself).
 */
export function isContainer(el: ElementInstance, def: ElementDef): boolean {
  return (def.type === 'process' || def.type === 'subProcess') && !isMultiInstanceBody(el);
}

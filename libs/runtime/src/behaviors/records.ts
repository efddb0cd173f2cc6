/**
 * Builders for the records processors write, filling the fields every record of the instance
 * shares (keys, process identity, the command's timestamp).
 */
import type { ElementDef } from '@osprey/bpmn';
import type { Processing } from '../processing/processing';
import type { ElementRecord } from '../records';
import type { ElementInstance } from '../state';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The identity of an element instance, as element records carry it. */
export interface ElementRef {
  readonly key: string;
  readonly elementId: string;
  readonly flowScopeKey: string | null;
  /** The instance's `bpmnElementType` when it is not the element's own (a multi-instance body). */
  readonly elementType?: string;
}

/** An element lifecycle record for `ref` (an instance of `def`). */
export function elementRecord(
  p: Processing,
  intent: ElementRecord['intent'],
  ref: ElementRef,
  def: ElementDef,
  extra?: Pick<
    ElementRecord['value'],
    'triggeredBy' | 'targetElementId' | 'interrupting' | 'numberOfInstances'
  >,
): ElementRecord {
  const s = p.state;
  const value: Mutable<ElementRecord['value']> = {
    elementId: ref.elementId,
    bpmnElementType: ref.elementType ?? p.graph.bpmnType(def),
    flowScopeKey: ref.flowScopeKey,
    bpmnProcessId: s.bpmnProcessId,
    processDefinitionKey: s.processDefinitionKey,
    version: s.version,
    tenantId: s.tenantId,
  };
  if (extra?.triggeredBy) value.triggeredBy = extra.triggeredBy;
  if (extra?.targetElementId) value.targetElementId = extra.targetElementId;
  if (extra?.interrupting) value.interrupting = true;
  if (extra?.numberOfInstances !== undefined) value.numberOfInstances = extra.numberOfInstances;
  if (ref.flowScopeKey === null && s.parentProcessInstanceKey) {
    value.parentProcessInstanceKey = s.parentProcessInstanceKey;
    if (s.parentElementInstanceKey) value.parentElementInstanceKey = s.parentElementInstanceKey;
  }
  return {
    valueType: 'PROCESS_INSTANCE',
    intent,
    key: ref.key,
    processInstanceKey: s.processInstanceKey,
    timestamp: p.now,
    value,
  };
}

/** SEQUENCE_FLOW_TAKEN for `flowId` in scope instance `flowScopeKey`. */
export function flowTakenRecord(
  p: Processing,
  flowId: string,
  flowScopeKey: string | null,
  joinTarget?: string,
): ElementRecord {
  const s = p.state;
  const value: ElementRecord['value'] = {
    elementId: flowId,
    bpmnElementType: 'SEQUENCE_FLOW',
    flowScopeKey,
    bpmnProcessId: s.bpmnProcessId,
    processDefinitionKey: s.processDefinitionKey,
    version: s.version,
    tenantId: s.tenantId,
    ...(joinTarget ? { targetElementId: joinTarget } : {}),
  };
  return {
    valueType: 'PROCESS_INSTANCE',
    intent: 'SEQUENCE_FLOW_TAKEN',
    key: p.nextKey(),
    processInstanceKey: s.processInstanceKey,
    timestamp: p.now,
    value,
  };
}

/** The fields of `base` every record of this instance shares. */
export function recordBase(
  p: Processing,
  key: string,
): { key: string; processInstanceKey: string; timestamp: number } {
  return { key, processInstanceKey: p.state.processInstanceKey, timestamp: p.now };
}

/**
 * Where a piece of work (a job, a user task, a called instance) belongs: its element instance
 * and the definition and tenant of this instance, as every such record carries them.
 */
export function elementWork(
  p: Processing,
  el: ElementInstance,
  elementId: string,
): {
  elementId: string;
  elementInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionKey: string;
  processDefinitionVersion: number;
  tenantId: string;
} {
  const s = p.state;
  return {
    elementId,
    elementInstanceKey: el.key,
    bpmnProcessId: s.bpmnProcessId,
    processDefinitionKey: s.processDefinitionKey,
    processDefinitionVersion: s.version,
    tenantId: s.tenantId,
  };
}

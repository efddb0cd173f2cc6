/**
 * Helpers for specs: records in a compact, readable form, so a spec can assert the order of
 * what happened the way a user reads it in the monitor.
 */
import type { EngineRecord } from '@osprey/runtime';
import { rebuildState } from '@osprey/runtime';
import assert from 'node:assert/strict';
import type { InMemoryEngine } from '../src';

/**
 * One line per record: `ELEMENT_ACTIVATING SERVICE_TASK task`, `JOB CREATED task`,
 * `VARIABLE CREATED total=42`, `SEQUENCE_FLOW_TAKEN flow_1`.
 */
export function describeRecord(r: EngineRecord): string {
  switch (r.valueType) {
    case 'PROCESS_INSTANCE':
      return r.intent === 'SEQUENCE_FLOW_TAKEN'
        ? `SEQUENCE_FLOW_TAKEN ${r.value.elementId}`
        : `${r.intent} ${r.value.bpmnElementType} ${r.value.elementId}`;
    case 'VARIABLE':
      return `VARIABLE ${r.intent} ${r.value.name}=${JSON.stringify(r.value.value)}`;
    case 'JOB':
      return `JOB ${r.intent} ${r.value.elementId}`;
    case 'USER_TASK':
      return `USER_TASK ${r.intent} ${r.value.elementId}`;
    case 'TIMER':
      return `TIMER ${r.intent} ${r.value.targetElementId}`;
    case 'MESSAGE_SUBSCRIPTION':
      return `MESSAGE_SUBSCRIPTION ${r.intent} ${r.value.targetElementId}`;
    case 'SIGNAL_SUBSCRIPTION':
      return `SIGNAL_SUBSCRIPTION ${r.intent} ${r.value.targetElementId}`;
    case 'SIGNAL':
      return `SIGNAL ${r.intent} ${r.value.signalName}`;
    case 'INCIDENT':
      return `INCIDENT ${r.intent} ${r.value.errorType} ${r.value.elementId}`;
    case 'COMPENSATION_SUBSCRIPTION':
      return `COMPENSATION_SUBSCRIPTION ${r.intent} ${r.value.elementId}`;
    case 'CHILD_INSTANCE':
      return `CHILD_INSTANCE ${r.intent} ${r.value.calledProcessId}`;
    case 'PROCESS_INSTANCE_RESULT':
      return `PROCESS_INSTANCE_RESULT ${r.intent} ${r.value.bpmnProcessId}`;
    case 'PROCESS_INSTANCE_MODIFICATION':
      return `PROCESS_INSTANCE_MODIFICATION ${r.intent}`;
    case 'PROCESS_INSTANCE_MIGRATION':
      return `PROCESS_INSTANCE_MIGRATION ${r.intent} ${r.value.processDefinitionKey}`;
    case 'DECISION_EVALUATION':
      return `DECISION_EVALUATION ${r.intent} ${r.value.decisionId} ${r.value.elementId}`;
  }
}

/** The records of `records` as lines (see {@link describeRecord}), optionally only element lifecycle lines. */
export function lines(records: readonly EngineRecord[], filter?: (r: EngineRecord) => boolean): string[] {
  return records.filter(filter ?? (() => true)).map(describeRecord);
}

/** Element lifecycle records only (no sequence flows). */
export const elementsOnly = (r: EngineRecord): boolean =>
  r.valueType === 'PROCESS_INSTANCE' && r.intent !== 'SEQUENCE_FLOW_TAKEN';

/** Ids of elements that completed, in order. */
export function completedElements(records: readonly EngineRecord[]): string[] {
  return records
    .filter((r) => r.valueType === 'PROCESS_INSTANCE' && r.intent === 'ELEMENT_COMPLETED')
    .map((r) => (r as { value: { elementId: string } }).value.elementId);
}

/** Asserts that folding the instance's records into an empty state gives the engine's state. */
export function assertRebuildable(engine: InMemoryEngine, processInstanceKey: string): void {
  assert.deepStrictEqual(rebuildState(engine.records(processInstanceKey)), engine.state(processInstanceKey));
}

/** The single open job of `type` (fails when there is not exactly one). */
export function onlyJob(engine: InMemoryEngine, type: string, processInstanceKey?: string) {
  const jobs = engine.jobs({ type, ...(processInstanceKey ? { processInstanceKey } : {}) });
  assert.equal(jobs.length, 1, `expected one job of type '${type}', found ${jobs.length}`);
  return jobs[0]!;
}

/** The single open incident of an instance. */
export function onlyIncident(engine: InMemoryEngine, processInstanceKey: string) {
  const incidents = engine.incidents(processInstanceKey);
  assert.equal(incidents.length, 1, `expected one incident, found ${incidents.length}`);
  return incidents[0]!;
}

/**
 * Appliers: the only code that changes an {@link InstanceState}, one per record `valueType`.
 * Folding an instance's records, in order, into {@link emptyState} rebuilds its state exactly.
 */
import type { EngineRecord } from '../records';
import type { InstanceState } from '../state';
import { applyChildInstanceRecord } from './child-instance.applier';
import { applyCompensationSubscriptionRecord } from './compensation-subscription.applier';
import { applyIncidentRecord } from './incident.applier';
import { applyJobRecord } from './job.applier';
import { applyMigrationRecord } from './migration.applier';
import { applyMessageSubscriptionRecord } from './message-subscription.applier';
import { applyElementRecord } from './process-instance.applier';
import { applySignalSubscriptionRecord } from './signal-subscription.applier';
import { applyTimerRecord } from './timer.applier';
import { applyUserTaskRecord } from './user-task.applier';
import { applyVariableRecord } from './variable.applier';

/**
 * Applies one record to `state`, changing it in place (inside `execute` on a copy-on-write
 * working copy; elsewhere on a state the caller owns).
 */
export function applyRecord(state: InstanceState, record: EngineRecord): void {
  switch (record.valueType) {
    case 'PROCESS_INSTANCE':
      return applyElementRecord(state, record);
    case 'VARIABLE':
      return applyVariableRecord(state, record);
    case 'JOB':
      return applyJobRecord(state, record);
    case 'USER_TASK':
      return applyUserTaskRecord(state, record);
    case 'TIMER':
      return applyTimerRecord(state, record);
    case 'MESSAGE_SUBSCRIPTION':
      return applyMessageSubscriptionRecord(state, record);
    case 'SIGNAL_SUBSCRIPTION':
      return applySignalSubscriptionRecord(state, record);
    case 'INCIDENT':
      return applyIncidentRecord(state, record);
    case 'COMPENSATION_SUBSCRIPTION':
      return applyCompensationSubscriptionRecord(state, record);
    case 'CHILD_INSTANCE':
      return applyChildInstanceRecord(state, record);
    case 'SIGNAL':
      return; // a broadcast changes other instances, not this one
    case 'PROCESS_INSTANCE_RESULT':
      return; // the parent learns of it through CHILD_COMPLETED
    case 'PROCESS_INSTANCE_MODIFICATION':
      return; // an audit entry: its effects are the records that follow it
    case 'PROCESS_INSTANCE_MIGRATION':
      return applyMigrationRecord(state, record);
    case 'DECISION_EVALUATION':
      return; // history: the variables and completion it led to are their own records
  }
}

/** The state before the first record of instance `processInstanceKey`. */
export function emptyState(processInstanceKey: string): InstanceState {
  return {
    processInstanceKey,
    processDefinitionKey: '',
    bpmnProcessId: '',
    version: 0,
    tenantId: '',
    state: 'ACTIVE',
    elements: {},
    variables: {},
    incidents: {},
    openEntities: {},
  };
}

/**
 * The state rebuilt from an instance's complete record stream.
 *
 * @throws Error when `records` is empty
 */
export function rebuildState(records: readonly EngineRecord[]): InstanceState {
  const first = records[0];
  if (!first) throw new Error('Expected at least one record to rebuild a state from, but got none');
  const state = emptyState(first.processInstanceKey);
  for (const r of records) applyRecord(state, r);
  return state;
}

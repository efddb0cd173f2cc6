/**
 * Applies `CHILD_INSTANCE` records: a call activity keeps the key of its child process instance
 * from CREATED until the child completed, terminated, was cancelled or could not be created.
 */
import type { ChildInstanceRecord } from '../records';
import type { InstanceState } from '../state';
import { closeEntity, openEntity, setElementKey } from './open-entities';

/** Applies one child instance record to `state`. */
export function applyChildInstanceRecord(state: InstanceState, record: ChildInstanceRecord): void {
  const { key, value } = record;
  if (record.intent === 'CREATED') {
    // The variables handed to the child are not kept: closing records do not need them.
    const { variables: _variables, ...kept } = value;
    openEntity(state, key, { valueType: 'CHILD_INSTANCE', value: kept });
    return setElementKey(state, value.elementInstanceKey, 'childProcessInstanceKey', key);
  }
  closeEntity(state, key);
  setElementKey(state, value.elementInstanceKey, 'childProcessInstanceKey', undefined);
}

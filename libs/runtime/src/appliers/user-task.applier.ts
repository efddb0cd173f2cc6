/** Applies `USER_TASK` records: the element keeps its task's key while the task is open. */
import type { UserTaskRecord } from '../records';
import type { InstanceState } from '../state';
import { closeEntity, openEntity, setElementKey } from './open-entities';

/** Applies one user task record to `state`. */
export function applyUserTaskRecord(state: InstanceState, record: UserTaskRecord): void {
  const { key, value } = record;
  if (record.intent === 'CREATED') {
    openEntity(state, key, { valueType: 'USER_TASK', value });
    return setElementKey(state, value.elementInstanceKey, 'userTaskKey', key);
  }
  closeEntity(state, key);
  setElementKey(state, value.elementInstanceKey, 'userTaskKey', undefined);
}

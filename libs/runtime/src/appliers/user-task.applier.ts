/**
 * Applies `USER_TASK` records: the element keeps its task's key while the task is open, and the
 * open task remembers its current values and the transition its listeners are deciding on.
 */
import type { UserTaskRecord } from '../records';
import type { InstanceState, UserTaskTransition } from '../state';
import { closeEntity, openEntity, setElementKey } from './open-entities';

const TRANSITIONS: Readonly<Partial<Record<UserTaskRecord['intent'], UserTaskTransition>>> = {
  ASSIGNING: 'ASSIGNING',
  UPDATING: 'UPDATING',
  COMPLETING: 'COMPLETING',
  CANCELING: 'CANCELING',
};

/** Applies one user task record to `state`. */
export function applyUserTaskRecord(state: InstanceState, record: UserTaskRecord): void {
  const { key, value, intent } = record;
  if (intent === 'CREATED') {
    openEntity(state, key, { valueType: 'USER_TASK', value: taskValue(value) });
    return setElementKey(state, value.elementInstanceKey, 'userTaskKey', key);
  }
  if (intent === 'COMPLETED' || intent === 'CANCELED') {
    closeEntity(state, key);
    return setElementKey(state, value.elementInstanceKey, 'userTaskKey', undefined);
  }
  const open = state.openEntities?.[key];
  if (open?.valueType !== 'USER_TASK') return;
  const transition = TRANSITIONS[intent];
  // A transition keeps the values that stand; its end (done or denied) carries the values after it.
  if (transition) openEntity(state, key, { valueType: 'USER_TASK', value: open.value, transition });
  else openEntity(state, key, { valueType: 'USER_TASK', value: taskValue(value) });
}

/** The task's own fields, without what belongs to one transition. */
function taskValue(value: UserTaskRecord['value']): UserTaskRecord['value'] {
  const { action: _action, changedAttributes: _changed, deniedReason: _reason, variables: _variables, ...task } = value;
  return task;
}

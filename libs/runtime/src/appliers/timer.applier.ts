/** Applies `TIMER` records: the owning element lists the keys of its open timers. */
import type { TimerRecord } from '../records';
import type { InstanceState } from '../state';
import { addKey, closeEntity, openEntity, removeKey } from './open-entities';

/** Applies one timer record to `state`. A re-armed cycle is a new timer with a new key. */
export function applyTimerRecord(state: InstanceState, record: TimerRecord): void {
  const { key, value } = record;
  if (record.intent === 'CREATED') {
    openEntity(state, key, { valueType: 'TIMER', value });
    return addKey(state, value.elementInstanceKey, 'timerKeys', key);
  }
  closeEntity(state, key);
  removeKey(state, value.elementInstanceKey, 'timerKeys', key);
}

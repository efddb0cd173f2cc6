/** Applies `SIGNAL_SUBSCRIPTION` records: the owning element lists its open subscriptions. */
import type { SignalSubscriptionRecord } from '../records';
import type { InstanceState } from '../state';
import { addKey, closeEntity, openEntity, removeKey } from './open-entities';

/** Applies one signal subscription record to `state`. */
export function applySignalSubscriptionRecord(state: InstanceState, record: SignalSubscriptionRecord): void {
  const { key, value } = record;
  if (record.intent === 'CREATED') {
    openEntity(state, key, { valueType: 'SIGNAL_SUBSCRIPTION', value });
    return addKey(state, value.elementInstanceKey, 'signalSubscriptionKeys', key);
  }
  closeEntity(state, key);
  removeKey(state, value.elementInstanceKey, 'signalSubscriptionKeys', key);
}

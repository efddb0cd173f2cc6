/**
 * Applies `MESSAGE_SUBSCRIPTION` records. A correlated subscription closes, except for a
 * non-interrupting boundary event, which keeps catching messages while its activity runs.
 */
import type { MessageSubscriptionRecord } from '../records';
import type { InstanceState } from '../state';
import { addKey, closeEntity, openEntity, removeKey } from './open-entities';

/** Applies one message subscription record to `state`. */
export function applyMessageSubscriptionRecord(
  state: InstanceState,
  record: MessageSubscriptionRecord,
): void {
  const { key, value } = record;
  if (record.intent === 'CREATED') {
    openEntity(state, key, { valueType: 'MESSAGE_SUBSCRIPTION', value });
    return addKey(state, value.elementInstanceKey, 'messageSubscriptionKeys', key);
  }
  if (record.intent === 'CORRELATED' && !value.interrupting) return;
  closeEntity(state, key);
  removeKey(state, value.elementInstanceKey, 'messageSubscriptionKeys', key);
}

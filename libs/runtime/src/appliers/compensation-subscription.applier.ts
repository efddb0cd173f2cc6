/**
 * Applies `COMPENSATION_SUBSCRIPTION` records: the instance's list of completed activities that
 * can still be compensated, in the order they completed. The list is replaced, never changed
 * in place (it is shared with the input state).
 */
import type { CompensationSubscriptionRecord } from '../records';
import type { CompensationState, InstanceState } from '../state';

/** Applies one compensation subscription record to `state`. */
export function applyCompensationSubscriptionRecord(
  state: InstanceState,
  record: CompensationSubscriptionRecord,
): void {
  const { key, value } = record;
  const list = state.compensations ?? [];
  switch (record.intent) {
    case 'CREATED':
      state.compensations = [...list, { key, value }];
      return;
    case 'TRIGGERED':
      state.compensations = list.map((c): CompensationState =>
        c.key === key && value.throwEventInstanceKey
          ? { ...c, throwEventInstanceKey: value.throwEventInstanceKey }
          : c,
      );
      return;
    case 'COMPLETED':
    case 'DELETED': {
      const rest = list.filter((c) => c.key !== key);
      if (rest.length > 0) state.compensations = rest;
      else delete state.compensations;
      return;
    }
  }
}

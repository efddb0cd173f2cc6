/**
 * Applies `JOB` records. The element keeps the key of its job from CREATED until COMPLETED or
 * CANCELED; FAILED and ERROR_THROWN leave it (the job may be retried after an incident).
 */
import type { JobRecord } from '../records';
import type { InstanceState } from '../state';
import { closeEntity, openEntity, setElementKey } from './open-entities';

/** Applies one job record to `state`. */
export function applyJobRecord(state: InstanceState, record: JobRecord): void {
  const { key, value } = record;
  switch (record.intent) {
    case 'CREATED':
      openEntity(state, key, { valueType: 'JOB', value });
      return setElementKey(state, value.elementInstanceKey, 'jobKey', key);
    case 'COMPLETED':
    case 'CANCELED':
      closeEntity(state, key);
      return setElementKey(state, value.elementInstanceKey, 'jobKey', undefined);
    case 'FAILED':
    case 'ERROR_THROWN':
      return;
  }
}

/** Applies `INCIDENT` records: the open incident and its key on the element it stops. */
import type { IncidentRecord } from '../records';
import type { IncidentState, InstanceState } from '../state';
import { writableElement } from './ownership';

/** Applies one incident record to `state`. */
export function applyIncidentRecord(state: InstanceState, record: IncidentRecord): void {
  const { key, value } = record;
  if (record.intent === 'RESOLVED') {
    delete state.incidents[key];
    const el = state.elements[value.elementInstanceKey];
    if (el?.incidentKey === key) delete writableElement(state, el.key)!.incidentKey;
    return;
  }
  const incident: IncidentState = {
    key,
    elementInstanceKey: value.elementInstanceKey,
    elementId: value.elementId,
    errorType: value.errorType,
    errorMessage: value.errorMessage,
    retry: value.retry ?? inferRetry(state, record),
  };
  if (value.jobKey) incident.jobKey = value.jobKey;
  if (value.taskListener) incident.taskListener = value.taskListener;
  state.incidents[key] = incident;
  const el = writableElement(state, value.elementInstanceKey);
  if (el) el.incidentKey = key;
}

/** For records written without `retry`: what Camunda 8 retries for each kind of incident. */
function inferRetry(state: InstanceState, { value }: IncidentRecord): IncidentState['retry'] {
  if (value.jobKey) return 'job';
  return state.elements[value.elementInstanceKey]?.state === 'COMPLETING' ? 'complete' : 'activate';
}

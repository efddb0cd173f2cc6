/**
 * Incidents: an element stops at a step that failed in an expected way (a FEEL error, a job
 * out of retries, an uncaught error) until an operator resolves it; the rest of the instance
 * keeps running. Resolving re-runs the step recorded in `retry`.
 */
import type { Processing } from '../processing/processing';
import type { TaskListenerJob } from '../records';
import type { IncidentErrorType, IncidentState, ElementInstance } from '../state';
import { recordBase } from './records';

/**
 * Writes INCIDENT CREATED for `el`; `taskListener` is the user task listener job that
 * resolving a `retry: 'task-listener'` incident creates.
 */
export function raiseIncident(
  p: Processing,
  el: ElementInstance,
  errorType: IncidentErrorType,
  errorMessage: string,
  retry: IncidentState['retry'],
  jobKey?: string,
  taskListener?: TaskListenerJob,
): void {
  const s = p.state;
  p.write({
    valueType: 'INCIDENT',
    intent: 'CREATED',
    ...recordBase(p, p.nextKey()),
    value: {
      errorType,
      errorMessage,
      elementId: el.elementId,
      elementInstanceKey: el.key,
      ...(jobKey ? { jobKey } : {}),
      bpmnProcessId: s.bpmnProcessId,
      processDefinitionKey: s.processDefinitionKey,
      tenantId: s.tenantId,
      retry,
      ...(taskListener ? { taskListener } : {}),
    },
  });
}

/** Writes INCIDENT RESOLVED for `incident`. */
export function writeIncidentResolved(p: Processing, incident: IncidentState): void {
  const s = p.state;
  p.write({
    valueType: 'INCIDENT',
    intent: 'RESOLVED',
    ...recordBase(p, incident.key),
    value: {
      errorType: incident.errorType,
      errorMessage: incident.errorMessage,
      elementId: incident.elementId,
      elementInstanceKey: incident.elementInstanceKey,
      ...(incident.jobKey ? { jobKey: incident.jobKey } : {}),
      bpmnProcessId: s.bpmnProcessId,
      processDefinitionKey: s.processDefinitionKey,
      tenantId: s.tenantId,
      retry: incident.retry,
    },
  });
}

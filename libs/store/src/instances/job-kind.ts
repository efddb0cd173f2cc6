import type { JobRecord } from '@osprey/runtime';

/** Camunda 8.8's job kinds: an element's work, an execution or task listener, an ad-hoc sub-process's decisions. */
export type JobKind = 'BPMN_ELEMENT' | 'EXECUTION_LISTENER' | 'TASK_LISTENER' | 'AD_HOC_SUB_PROCESS';

/** Camunda 8.8's listener event of a job; `UNSPECIFIED` for a job that is no listener's. */
export type JobListenerEventType = 'START' | 'END' | 'CREATING' | 'ASSIGNING' | 'UPDATING' | 'COMPLETING' | 'CANCELING' | 'UNSPECIFIED';

/**
 * A job's `kind` and `listenerEventType` as Camunda names them, from the job's record value and
 * the type of the element it belongs to (an ad-hoc sub-process's own job is its decisions').
 */
export function jobKindOf(
  job: Pick<JobRecord['value'], 'listener' | 'taskListener'> | undefined,
  elementType: string | undefined,
): { kind: JobKind; listenerEventType: JobListenerEventType } {
  if (job?.listener) return { kind: 'EXECUTION_LISTENER', listenerEventType: job.listener.eventType === 'start' ? 'START' : 'END' };
  if (job?.taskListener) return { kind: 'TASK_LISTENER', listenerEventType: job.taskListener.eventType.toUpperCase() as JobListenerEventType };
  return { kind: elementType === 'AD_HOC_SUB_PROCESS' ? 'AD_HOC_SUB_PROCESS' : 'BPMN_ELEMENT', listenerEventType: 'UNSPECIFIED' };
}

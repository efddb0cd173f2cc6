/**
 * Job commands from workers: COMPLETE_JOB, FAIL_JOB, THROW_ERROR. Each is only accepted from
 * the element instance that waits on that job.
 */
import { throwError } from '../behaviors/error.behavior';
import { onListenerJobCompleted } from '../behaviors/execution-listener.behavior';
import { onTaskListenerJobCompleted } from '../behaviors/task-listener.behavior';
import { createUserTask } from '../processors/tasks/user-task.processor';
import { raiseIncident, writeIncidentResolved } from '../behaviors/incident.behavior';
import { recordBase } from '../behaviors/records';
import type { CompleteJobCommand, FailJobCommand, ThrowErrorCommand } from '../commands';
import { CommandRejection } from '../execute.contract';
import type { Processing } from '../processing/processing';
import type { ElementInstance } from '../state';
import { requireOpen, requireWaiting } from './guards';

function waitingOnJob(p: Processing, elementInstanceKey: string, jobKey: string): ElementInstance {
  // An execution listener's job runs while its element is ACTIVATING or COMPLETING.
  const open = p.state.openEntities?.[jobKey];
  const listening = open?.valueType === 'JOB' && open.value.listener !== undefined && p.element(elementInstanceKey)?.jobKey === jobKey;
  const el = listening ? p.element(elementInstanceKey)! : requireWaiting(p, elementInstanceKey);
  if (el.jobKey !== jobKey) {
    const actual = el.jobKey ? `it waits on job '${el.jobKey}'` : 'it waits on no job';
    throw new CommandRejection(
      'INVALID_STATE',
      `Expected element instance '${el.key}' (${el.elementId}) to wait on job '${jobKey}', but ${actual}`,
    );
  }
  return el;
}

/** COMPLETE_JOB: the job's variables go in and the element completes. */
export function completeJob(p: Processing, cmd: CompleteJobCommand): void {
  const el = waitingOnJob(p, cmd.elementInstanceKey, cmd.jobKey);
  const job = requireOpen(p, cmd.jobKey, 'JOB');
  // A worker may still complete a job whose incident is open (its lease outlived the failure):
  // the job is done, so the incident is moot.
  const incident = el.incidentKey ? p.state.incidents[el.incidentKey] : undefined;
  if (incident?.jobKey === cmd.jobKey) writeIncidentResolved(p, incident);
  p.write({
    valueType: 'JOB',
    intent: 'COMPLETED',
    ...recordBase(p, cmd.jobKey),
    value: { ...job, variables: cmd.variables },
  });
  const current = p.element(el.key)!;
  if (job.listener) return onListenerJobCompleted(p, current, job.listener, cmd.variables);
  if (job.taskListener) {
    const result = cmd.result?.type === 'userTask' ? cmd.result : undefined;
    return onTaskListenerJobCompleted(p, current, job.taskListener, result, (corrections) =>
      createUserTask(p, p.element(current.key)!, p.def(current), undefined, corrections),
    );
  }
  p.processor(current).onEventOccurred!(p, current, p.def(current), {
    kind: 'job-completed',
    variables: cmd.variables,
    ...(cmd.result ? { result: cmd.result } : {}),
  });
}

/** FAIL_JOB: with retries left the job stays; with none, a JOB_NO_RETRIES incident. */
export function failJob(p: Processing, cmd: FailJobCommand): void {
  const el = waitingOnJob(p, cmd.elementInstanceKey, cmd.jobKey);
  if (el.incidentKey) {
    throw new CommandRejection(
      'INVALID_STATE',
      `Expected job '${cmd.jobKey}' to be activatable, but incident '${el.incidentKey}' is open on its element`,
    );
  }
  const job = requireOpen(p, cmd.jobKey, 'JOB');
  p.write({
    valueType: 'JOB',
    intent: 'FAILED',
    ...recordBase(p, cmd.jobKey),
    value: { ...job, retries: cmd.retries, errorMessage: cmd.errorMessage, retryBackOff: cmd.retryBackOff },
  });
  if (cmd.retries <= 0) {
    raiseIncident(
      p,
      p.element(el.key)!,
      'JOB_NO_RETRIES',
      cmd.errorMessage || 'No more retries left.',
      'job',
      cmd.jobKey,
    );
  }
}

/** THROW_ERROR: the job's element throws a BPMN error (caught by a boundary, or an incident). */
export function throwJobError(p: Processing, cmd: ThrowErrorCommand): void {
  const el = waitingOnJob(p, cmd.elementInstanceKey, cmd.jobKey);
  if (el.incidentKey) {
    throw new CommandRejection(
      'INVALID_STATE',
      `Expected job '${cmd.jobKey}' to be activatable, but incident '${el.incidentKey}' is open on its element`,
    );
  }
  const job = requireOpen(p, cmd.jobKey, 'JOB');
  if (job.listener || job.taskListener) {
    throw new CommandRejection(
      'INVALID_ARGUMENT',
      `Expected a BPMN error from the job of an element, but job '${cmd.jobKey}' belongs to a${job.listener ? 'n execution' : ' task'} listener of '${el.elementId}', which cannot throw one`,
    );
  }
  p.write({
    valueType: 'JOB',
    intent: 'ERROR_THROWN',
    ...recordBase(p, cmd.jobKey),
    value: { ...job, errorCode: cmd.errorCode, errorMessage: cmd.errorMessage, variables: cmd.variables },
  });
  throwError(p, el.key, cmd.errorCode, cmd.errorMessage, cmd.variables, { retry: 'job', jobKey: cmd.jobKey });
}

/**
 * Jobs: the work of service, send and business-rule tasks (and of message throw events with a
 * `zeebe:taskDefinition`) is done by external workers. The element waits until the job is
 * completed, fails out of retries (incident), or throws a BPMN error.
 */
import type { ElementDef, TaskDefinition } from '@osprey/bpmn';
import type { JobRecord, TaskListenerJob } from '../records';
import { evaluateInteger, evaluateString } from '../feel/typed-values';
import type { Processing } from '../processing/processing';
import type { ElementInstance } from '../state';
import { raiseIncident } from './incident.behavior';
import { completeElement } from './lifecycle.behavior';
import { elementWork, recordBase } from './records';
import { applyResultVariables, contextAt } from './variables.behavior';
import type { OccurredEvent } from '../processors/element-processor';

/** Camunda 8's job type for user tasks without `zeebe:userTask` (job-based user tasks). */
export const JOB_BASED_USER_TASK_TYPE = 'io.camunda.zeebe:userTask';

/**
 * Creates the element's job: type and retries evaluated (FEEL or literal), the task headers as
 * custom headers. A type or retries that does not evaluate raises an EXTRACT_VALUE_ERROR
 * incident; resolving it evaluates again.
 */
export function createJob(p: Processing, el: ElementInstance, def: ElementDef, typeOverride?: string): void {
  const task = def.taskDefinition;
  if (!task && !typeOverride) {
    return raiseIncident(
      p,
      el,
      'EXTRACT_VALUE_ERROR',
      `Expected element '${def.id}' to have a job type (zeebe:taskDefinition), but it has none`,
      'activate',
    );
  }
  writeJob(p, el, def, typeOverride !== undefined ? { type: { kind: 'static', value: typeOverride } } : task!);
}

/**
 * Evaluates `task`'s type and retries (default 3) and writes JOB CREATED for `el`, with
 * `extra` fields (an execution or task listener's); a failure raises an EXTRACT_VALUE_ERROR
 * incident. Resolving it activates the element again — or, for a user task listener, starts
 * the listeners of the pending operation over (as Camunda 8.8 does), never the task itself.
 */
export function writeJob(
  p: Processing,
  el: ElementInstance,
  def: ElementDef,
  task: Pick<TaskDefinition, 'type'> & Partial<Pick<TaskDefinition, 'retries'>>,
  extra: Pick<JobRecord['value'], 'listener' | 'taskListener'> = {},
): void {
  const vars = contextAt(p, el.key);
  const type = evaluateString(task.type, vars, p.now);
  if (!type.ok) return raiseJobIncident(p, el, type.message, extra);
  const retries = task.retries ? evaluateInteger(task.retries, vars, p.now) : { ok: true as const, value: 3 };
  if (!retries.ok) return raiseJobIncident(p, el, retries.message, extra);
  p.write({
    valueType: 'JOB',
    intent: 'CREATED',
    ...recordBase(p, p.nextKey()),
    value: {
      type: type.value,
      retries: retries.value,
      customHeaders: def.taskHeaders,
      ...elementWork(p, el, def.id),
      ...extra,
    },
  });
}

function raiseJobIncident(p: Processing, el: ElementInstance, message: string, extra: Pick<JobRecord['value'], 'taskListener'>): void {
  if (!extra.taskListener) return raiseIncident(p, el, 'EXTRACT_VALUE_ERROR', message, 'activate');
  raiseIncident(p, el, 'EXTRACT_VALUE_ERROR', message, 'task-listener', undefined, firstListenerOf(extra.taskListener));
}

/** The first listener of the operation `job` belongs to, with the change the operation asked for. */
function firstListenerOf(job: TaskListenerJob): TaskListenerJob {
  const { requested, corrections, ...rest } = job;
  const asked = job.index === 0 ? corrections : requested;
  return { ...rest, index: 0, ...(asked ? { corrections: asked } : {}) };
}

/** The job (or user task) was completed: its variables go in, the element completes. */
export function onWorkCompleted(
  p: Processing,
  el: ElementInstance,
  def: ElementDef,
  event: OccurredEvent,
): void {
  if (event.kind !== 'job-completed' && event.kind !== 'user-task-completed') {
    throw new Error(`Expected a job or user task completion for '${def.id}', but got a ${event.kind} event`);
  }
  applyResultVariables(p, el, def, event.variables);
  completeElement(p, el.key);
}

/**
 * User task. With `zeebe:userTask` the engine creates a user task (USER_TASK CREATED) for the
 * inbox: assignee, candidate groups and users (a FEEL list or a comma-separated string), due
 * and follow-up dates (ISO 8601), form, priority (0–100, default 50). Without it, a job of type
 * `io.camunda.zeebe:userTask`, as Camunda 8 runs job-based user tasks.
 */
import type { ElementDef, Expression, UserTaskDef } from '@osprey/bpmn';
import { raiseIncident } from '../../behaviors/incident.behavior';
import { createJob, JOB_BASED_USER_TASK_TYPE, onWorkCompleted } from '../../behaviors/job.behavior';
import { elementWork, recordBase } from '../../behaviors/records';
import { contextAt } from '../../behaviors/variables.behavior';
import { evaluateDateTime, evaluateInteger, evaluateStringList } from '../../feel/typed-values';
import { evaluateExpression } from '../../feel/feel-evaluator';
import { describeValue } from '../../feel/feel-value';
import type { VariableContext } from '../../feel/variable-context';
import type { Processing } from '../../processing/processing';
import type { UserTaskRecord } from '../../records';
import type { ElementInstance, JsonValue } from '../../state';
import { changeTask, runTaskListener, taskListenersOf, withChanges } from '../../behaviors/task-listener.behavior';
import { fail, ok, type Outcome } from '../../util/outcome';
import type { ElementProcessor, OccurredEvent } from '../element-processor';

/** The priority of a user task without one, as in Camunda 8. */
export const DEFAULT_USER_TASK_PRIORITY = 50;

type Assignment = Pick<
  UserTaskRecord['value'],
  'assignee' | 'candidateGroups' | 'candidateUsers' | 'dueDate' | 'followUpDate' | 'priority'
>;

/** Processor of `userTask`. */
export class UserTaskProcessor implements ElementProcessor {
  onActivate(p: Processing, el: ElementInstance, def: ElementDef): void {
    if (!def.userTask) return createJob(p, el, def, JOB_BASED_USER_TASK_TYPE);
    const assignment = evaluateAssignment(def.userTask, contextAt(p, el.key), p.now);
    if (!assignment.ok) return raiseIncident(p, el, 'EXTRACT_VALUE_ERROR', assignment.message, 'activate');
    // Creating listeners run first; the last one's completion creates the task (createUserTask).
    if (taskListenersOf(def, 'creating').length > 0) return runTaskListener(p, el, def, { eventType: 'creating', index: 0 });
    createUserTask(p, el, def, assignment.value);
  }

  onEventOccurred(p: Processing, el: ElementInstance, def: ElementDef, event: OccurredEvent): void {
    onWorkCompleted(p, el, def, event);
  }
}

/**
 * Writes USER_TASK CREATED for `el`: the model's assignment, evaluated now, with a creating
 * listener's `corrections` laid over it.
 */
export function createUserTask(
  p: Processing,
  el: ElementInstance,
  def: ElementDef,
  assigned?: Assignment,
  corrections: Readonly<Record<string, JsonValue>> = {},
): void {
  let assignment = assigned;
  if (!assignment) {
    const evaluated = evaluateAssignment(def.userTask!, contextAt(p, el.key), p.now);
    if (!evaluated.ok) return raiseIncident(p, el, 'EXTRACT_VALUE_ERROR', evaluated.message, 'activate');
    assignment = evaluated.value;
  }
  const ut = def.userTask!;
  const key = p.nextKey();
  const base = {
    ...elementWork(p, el, def.id),
    ...(def.name ? { name: def.name } : {}),
    ...(ut.formKey ? { formKey: ut.formKey } : {}),
    ...(ut.formId ? { formId: ut.formId } : {}),
  };
  const value = withChanges({ ...base, ...assignment }, corrections);
  // A task created with an assignee is assigned through its assigning listeners, as in Camunda 8.8.
  const assigning = value.assignee !== undefined && taskListenersOf(def, 'assigning').length > 0;
  const { assignee, ...unassigned } = value;
  p.write({ valueType: 'USER_TASK', intent: 'CREATED', ...recordBase(p, key), value: assigning ? unassigned : value });
  if (assigning) changeTask(p, p.element(el.key)!, key, 'assigning', 'assign', { assignee: assignee! });
}

function evaluateAssignment(ut: UserTaskDef, vars: VariableContext, now: number): Outcome<Assignment> {
  const assignee = ut.assignee ? evaluateOptionalString(ut.assignee, vars, now) : ok(undefined);
  if (!assignee.ok) return assignee;
  const groups = ut.candidateGroups ? evaluateStringList(ut.candidateGroups, vars, now) : ok([]);
  if (!groups.ok) return groups;
  const users = ut.candidateUsers ? evaluateStringList(ut.candidateUsers, vars, now) : ok([]);
  if (!users.ok) return users;
  const due = ut.dueDate ? evaluateDateTime(ut.dueDate, vars, now) : ok(undefined);
  if (!due.ok) return due;
  const followUp = ut.followUpDate ? evaluateDateTime(ut.followUpDate, vars, now) : ok(undefined);
  if (!followUp.ok) return followUp;
  const priority = ut.priority ? evaluateInteger(ut.priority, vars, now) : ok(DEFAULT_USER_TASK_PRIORITY);
  if (!priority.ok) return priority;
  if (priority.value < 0 || priority.value > 100) {
    return fail(`Expected the priority of the user task to be between 0 and 100, but was ${priority.value}`);
  }
  return ok({
    ...(assignee.value ? { assignee: assignee.value } : {}),
    candidateGroups: groups.value,
    candidateUsers: users.value,
    ...(due.value ? { dueDate: due.value } : {}),
    ...(followUp.value ? { followUpDate: followUp.value } : {}),
    priority: priority.value,
  });
}

/** A string, or nothing for `null` / an empty string (an unassigned task). */
function evaluateOptionalString(
  expr: Expression,
  vars: VariableContext,
  now: number,
): Outcome<string | undefined> {
  const r = evaluateExpression(expr, vars, now);
  if (!r.ok) return r;
  if (r.value === null || r.value === '') return ok(undefined);
  if (typeof r.value !== 'string')
    return fail(`Expected the assignee to be a string, but was ${describeValue(r.value)}`);
  return ok(r.value);
}

/** Operator commands on the whole instance: CANCEL, RESOLVE_INCIDENT, SET_VARIABLES. */
import { writeIncidentResolved } from '../behaviors/incident.behavior';
import { continueActivation, continueCompletion } from '../behaviors/lifecycle.behavior';
import { runTaskListener } from '../behaviors/task-listener.behavior';
import { setVariablesAt } from '../behaviors/variables.behavior';
import type { ResolveIncidentCommand, SetVariablesCommand } from '../commands';
import { CommandRejection } from '../execute.contract';
import { holdTaskVariables } from './user-task.handler';
import type { Processing } from '../processing/processing';

/**
 * CANCEL: terminates every element, the process last; the instance ends TERMINATED — after
 * the canceling listeners of its open user tasks (see `user-task-canceling.behavior.ts`).
 */
export { cancelInstance } from '../behaviors/user-task-canceling.behavior';

/**
 * RESOLVE_INCIDENT: writes INCIDENT RESOLVED and retries the step that failed. A job incident
 * retries nothing here: the store makes the job activatable again and a worker retries it. A
 * user task listener whose job could not be created starts its operation's listeners over;
 * the task itself stays as it is.
 */
export function resolveIncident(p: Processing, cmd: ResolveIncidentCommand): void {
  const incident = p.state.incidents[cmd.incidentKey];
  if (!incident) {
    throw new CommandRejection(
      'NOT_FOUND',
      `Expected an open incident '${cmd.incidentKey}' in instance '${p.state.processInstanceKey}', but there is none`,
    );
  }
  writeIncidentResolved(p, incident);
  const el = p.element(incident.elementInstanceKey);
  if (!el || incident.retry === 'job') return;
  const def = p.def(el);
  if (incident.retry === 'task-listener' && incident.taskListener) return runTaskListener(p, el, def, incident.taskListener);
  if (incident.retry === 'complete' && el.state === 'COMPLETING') return continueCompletion(p, el.key);
  if (el.state === 'ACTIVATING') return continueActivation(p, el.key, {});
  if (el.state === 'ACTIVATED') return p.processor(el).onActivate(p, el, def, {});
}

/**
 * SET_VARIABLES: on the scope only (`local`), or propagated from it as Camunda 8 does: each
 * variable goes to the nearest scope upwards that has it, else to the process. On a user task
 * with updating listeners, they decide first (see `holdTaskVariables`).
 */
export function setVariables(p: Processing, cmd: SetVariablesCommand): void {
  if (!p.element(cmd.scopeKey)) {
    throw new CommandRejection(
      'NOT_FOUND',
      `Expected scope '${cmd.scopeKey}' to be an active element instance of instance '${p.state.processInstanceKey}', but it is not`,
    );
  }
  if (holdTaskVariables(p, cmd)) return;
  setVariablesAt(p, cmd.scopeKey, cmd.variables, cmd.local);
}

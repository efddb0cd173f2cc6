/** Operator commands on the whole instance: CANCEL, RESOLVE_INCIDENT, SET_VARIABLES. */
import { writeIncidentResolved } from '../behaviors/incident.behavior';
import { continueActivation, continueCompletion } from '../behaviors/lifecycle.behavior';
import { propagateVariables, setLocalVariables } from '../behaviors/variables.behavior';
import type { ResolveIncidentCommand, SetVariablesCommand } from '../commands';
import { CommandRejection } from '../execute.contract';
import type { Processing } from '../processing/processing';

/**
 * CANCEL: terminates every element, the process last; the instance ends TERMINATED — after
 * the canceling listeners of its open user tasks (see `user-task-canceling.behavior.ts`).
 */
export { cancelInstance } from '../behaviors/user-task-canceling.behavior';

/**
 * RESOLVE_INCIDENT: writes INCIDENT RESOLVED and retries the step that failed. A job incident
 * retries nothing here: the store makes the job activatable again and a worker retries it.
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
  if (incident.retry === 'complete' && el.state === 'COMPLETING') return continueCompletion(p, el.key);
  if (el.state === 'ACTIVATING') return continueActivation(p, el.key, {});
  if (el.state === 'ACTIVATED') return p.processor(el).onActivate(p, el, def, {});
}

/**
 * SET_VARIABLES: on the scope only (`local`), or propagated from it as Camunda 8 does: each
 * variable goes to the nearest scope upwards that has it, else to the process.
 */
export function setVariables(p: Processing, cmd: SetVariablesCommand): void {
  if (!p.element(cmd.scopeKey)) {
    throw new CommandRejection(
      'NOT_FOUND',
      `Expected scope '${cmd.scopeKey}' to be an active element instance of instance '${p.state.processInstanceKey}', but it is not`,
    );
  }
  if (cmd.local) setLocalVariables(p, cmd.scopeKey, cmd.variables);
  else propagateVariables(p, cmd.scopeKey, cmd.variables);
}

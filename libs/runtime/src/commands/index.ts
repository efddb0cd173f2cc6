/** Dispatches a command to its handler. */
import type { Command } from '../commands';
import type { Processing } from '../processing/processing';
import { activateAdHocElements } from './ad-hoc.handler';
import { childCompleted, childCreationFailed, childTerminated } from './child-instance.handlers';
import { createInstance } from './create-instance.handler';
import { correlateMessage, triggerSignal, triggerTimer } from './event.handlers';
import { cancelInstance, resolveIncident, setVariables } from './instance.handlers';
import { completeJob, failJob, throwJobError } from './job.handlers';
import { migrateInstance } from './migration.handler';
import { modifyInstance } from './modification.handler';
import { assignUserTask, completeUserTask, updateUserTask } from './user-task.handler';

/** Runs the handler of `command`; the steps it queues run afterwards. */
export function handleCommand(p: Processing, command: Command): void {
  switch (command.type) {
    case 'CREATE_INSTANCE':
      return createInstance(p, command);
    case 'COMPLETE_JOB':
      return completeJob(p, command);
    case 'FAIL_JOB':
      return failJob(p, command);
    case 'THROW_ERROR':
      return throwJobError(p, command);
    case 'COMPLETE_USER_TASK':
      return completeUserTask(p, command);
    case 'ASSIGN_USER_TASK':
      return assignUserTask(p, command);
    case 'UPDATE_USER_TASK':
      return updateUserTask(p, command);
    case 'TRIGGER_TIMER':
      return triggerTimer(p, command);
    case 'CORRELATE_MESSAGE':
      return correlateMessage(p, command);
    case 'TRIGGER_SIGNAL':
      return triggerSignal(p, command);
    case 'CANCEL':
      return cancelInstance(p);
    case 'RESOLVE_INCIDENT':
      return resolveIncident(p, command);
    case 'SET_VARIABLES':
      return setVariables(p, command);
    case 'CHILD_COMPLETED':
      return childCompleted(p, command);
    case 'CHILD_TERMINATED':
      return childTerminated(p, command);
    case 'CHILD_CREATION_FAILED':
      return childCreationFailed(p, command);
    case 'MODIFY':
      return modifyInstance(p, command);
    case 'MIGRATE':
      return migrateInstance(p, command);
    case 'ACTIVATE_AD_HOC_ELEMENTS':
      return activateAdHocElements(p, command);
    case 'CONTINUE':
      // The pending work was put back on the queue before the handler ran (see `execute`).
      return;
  }
}

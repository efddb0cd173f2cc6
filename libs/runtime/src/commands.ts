/**
 * Commands: what can happen to one process instance. The store loads the instance, hands the
 * state and one command to {@link execute}, and applies the records that come back — all in one
 * transaction holding the instance row lock.
 */
import type { JsonValue } from './state';

type Vars = Readonly<Record<string, JsonValue>>;

/** Start a new instance (at the none start event, or at `startElementId`: a message/timer start). */
export interface CreateInstanceCommand {
  readonly type: 'CREATE_INSTANCE';
  readonly processInstanceKey: string;
  readonly processDefinitionKey: string;
  readonly version: number;
  readonly tenantId: string;
  readonly variables: Vars;
  readonly startElementId?: string;
  readonly parentProcessInstanceKey?: string;
  readonly parentElementInstanceKey?: string;
}

export interface CompleteJobCommand {
  readonly type: 'COMPLETE_JOB';
  readonly jobKey: string;
  readonly elementInstanceKey: string;
  readonly variables: Vars;
}

/** A worker reports failure. With `retries > 0` the job stays; with 0 an incident is raised. */
export interface FailJobCommand {
  readonly type: 'FAIL_JOB';
  readonly jobKey: string;
  readonly elementInstanceKey: string;
  readonly retries: number;
  readonly errorMessage: string;
  readonly retryBackOff: number;
  /** The job's type and headers, echoed into the FAILED record. */
  readonly jobType: string;
}

/** A worker throws a BPMN error for the job's element. */
export interface ThrowErrorCommand {
  readonly type: 'THROW_ERROR';
  readonly jobKey: string;
  readonly elementInstanceKey: string;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly variables: Vars;
}

export interface CompleteUserTaskCommand {
  readonly type: 'COMPLETE_USER_TASK';
  readonly userTaskKey: string;
  readonly elementInstanceKey: string;
  readonly variables: Vars;
}

/** A due timer fires. The store passes the timer row it claimed. */
export interface TriggerTimerCommand {
  readonly type: 'TRIGGER_TIMER';
  readonly timerKey: string;
  readonly elementInstanceKey: string;
  readonly targetElementId: string;
  readonly dueDate: number;
  readonly repetitions: number;
  readonly interval?: string;
}

/** A published message matched one of the instance's subscriptions. */
export interface CorrelateMessageCommand {
  readonly type: 'CORRELATE_MESSAGE';
  readonly subscriptionKey: string;
  readonly elementInstanceKey: string;
  readonly targetElementId: string;
  readonly messageKey: string;
  readonly messageName: string;
  readonly correlationKey: string;
  readonly variables: Vars;
}

/** A broadcast signal matched one of the instance's signal subscriptions. */
export interface TriggerSignalCommand {
  readonly type: 'TRIGGER_SIGNAL';
  readonly subscriptionKey: string;
  readonly elementInstanceKey: string;
  readonly targetElementId: string;
  readonly variables: Vars;
}

/** Cancel the whole instance: every element is terminated, the instance ends TERMINATED. */
export interface CancelInstanceCommand {
  readonly type: 'CANCEL';
}

/** Retry the step an incident stopped at (job incidents: the job becomes activatable again). */
export interface ResolveIncidentCommand {
  readonly type: 'RESOLVE_INCIDENT';
  readonly incidentKey: string;
}

/** Set variables on a scope (`local`: only there; otherwise propagated as Camunda 8 does). */
export interface SetVariablesCommand {
  readonly type: 'SET_VARIABLES';
  readonly scopeKey: string;
  readonly variables: Vars;
  readonly local: boolean;
}

/**
 * The child process instance of a call activity completed (the store sends it after the
 * child's PROCESS_INSTANCE_RESULT): its variables go to the call activity, which completes.
 */
export interface ChildCompletedCommand {
  readonly type: 'CHILD_COMPLETED';
  /** The call activity instance (the child's `parentElementInstanceKey`). */
  readonly elementInstanceKey: string;
  readonly childProcessInstanceKey: string;
  readonly variables: Vars;
}

/**
 * The child process instance of a call activity ended without completing, other than by a
 * cancellation the parent asked for (CHILD_INSTANCE CANCELED): the call activity is
 * terminated, and so is every enclosing scope left with nothing running.
 */
export interface ChildTerminatedCommand {
  readonly type: 'CHILD_TERMINATED';
  readonly elementInstanceKey: string;
  readonly childProcessInstanceKey: string;
}

/**
 * The store could not create the child of a CHILD_INSTANCE CREATED record (no such process or
 * version): the call activity stops at a CALLED_ELEMENT_ERROR incident; resolving it asks
 * for a child again.
 */
export interface ChildCreationFailedCommand {
  readonly type: 'CHILD_CREATION_FAILED';
  readonly elementInstanceKey: string;
  readonly childProcessInstanceKey: string;
  /** Reads "Expected …, but …". */
  readonly errorMessage: string;
}

/** Any command. */
export type Command =
  | CreateInstanceCommand
  | CompleteJobCommand
  | FailJobCommand
  | ThrowErrorCommand
  | CompleteUserTaskCommand
  | TriggerTimerCommand
  | CorrelateMessageCommand
  | TriggerSignalCommand
  | CancelInstanceCommand
  | ResolveIncidentCommand
  | SetVariablesCommand
  | ChildCompletedCommand
  | ChildTerminatedCommand
  | ChildCreationFailedCommand;

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
  /**
   * How many call activities deep the new instance runs: 0 (or absent) for an instance started
   * from outside, the parent's depth + 1 for a called one. The store refuses to go past its
   * maximum (an incident on the call activity), so a process calling itself ends.
   */
  readonly callDepth?: number;
}

export interface CompleteJobCommand {
  readonly type: 'COMPLETE_JOB';
  readonly jobKey: string;
  readonly elementInstanceKey: string;
  readonly variables: Vars;
  /** Camunda 8.8's job result: what the element the job belongs to does next. */
  readonly result?: JobResult;
}

/**
 * The `result` of a job completion (Camunda 8.8): for an ad-hoc sub-process's job, the inner
 * elements to start and whether it is done.
 */
export interface AdHocJobResult {
  readonly type: 'adHocSubProcess';
  readonly activateElements?: readonly { readonly elementId: string; readonly variables?: Vars }[];
  readonly isCompletionConditionFulfilled?: boolean;
  readonly isCancelRemainingInstances?: boolean;
}

/**
 * The `result` of a user task listener's job (Camunda 8.8): deny the operation (assigning,
 * updating, completing), or
 * correct the task's `assignee`, `dueDate`, `followUpDate`, `candidateUsers`,
 * `candidateGroups`, `priority`.
 */
export interface UserTaskJobResult {
  readonly type: 'userTask';
  readonly denied?: boolean;
  readonly deniedReason?: string;
  readonly corrections?: Readonly<Record<string, JsonValue>>;
}

/** A job result; see {@link AdHocJobResult} and {@link UserTaskJobResult}. */
export type JobResult = AdHocJobResult | UserTaskJobResult;

/** Start inner elements of an active ad-hoc sub-process (`POST /v2/element-instances/ad-hoc-activities/…`). */
export interface ActivateAdHocElementsCommand {
  readonly type: 'ACTIVATE_AD_HOC_ELEMENTS';
  readonly adHocSubProcessInstanceKey: string;
  readonly elements: readonly { readonly elementId: string; readonly variables?: Vars }[];
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

/**
 * Assign (`assign`, `claim`) or unassign (`assignee: null`) a user task. With `allowOverride`
 * false a task someone else holds is refused (a claim).
 */
export interface AssignUserTaskCommand {
  readonly type: 'ASSIGN_USER_TASK';
  readonly userTaskKey: string;
  readonly elementInstanceKey: string;
  readonly assignee: string | null;
  readonly allowOverride: boolean;
  /** What the task's listeners see: `assign`, `claim`, `unassign`, or the caller's own action. */
  readonly action: string;
}

/** The fields `PATCH /v2/user-tasks/{key}` may change; `null` dates clear them. */
export interface UserTaskChanges {
  readonly dueDate?: string | null;
  readonly followUpDate?: string | null;
  readonly candidateGroups?: readonly string[];
  readonly candidateUsers?: readonly string[];
  readonly priority?: number;
}

/** Change a user task's dates, candidates or priority. */
export interface UpdateUserTaskCommand {
  readonly type: 'UPDATE_USER_TASK';
  readonly userTaskKey: string;
  readonly elementInstanceKey: string;
  readonly changes: UserTaskChanges;
  /** What the task's listeners see: `update`, or the caller's own action. */
  readonly action: string;
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

/**
 * Go on with the work an earlier command left when it reached its step bound
 * ({@link ExecutionContext.maxSteps}); the work itself is in the state (`pending`).
 */
export interface ContinueCommand {
  readonly type: 'CONTINUE';
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

/** One element to activate by a modification (Camunda 8's `activateInstructions[]`). */
export interface ActivateInstruction {
  readonly elementId: string;
  /**
   * The element instance to activate inside: an instance of one of the element's enclosing
   * scopes. Without it the innermost enclosing scope with exactly one live instance is used, and
   * the embedded sub-processes between it and the element are created.
   */
  readonly ancestorElementInstanceKey?: string;
  /**
   * Variables to set: on the instance of the element or enclosing scope `scopeId`, locally;
   * without `scopeId`, on the process scope.
   */
  readonly variableInstructions: readonly {
    readonly variables: Vars;
    readonly scopeId?: string;
  }[];
}

/**
 * Operator modification of a running instance: terminate element instances (everything inside
 * them first), then activate elements, as Camunda 8's process instance modification does. A
 * scope left with nothing running completes. Written to history as PROCESS_INSTANCE_MODIFICATION
 * MODIFIED.
 */
export interface ModifyInstanceCommand {
  readonly type: 'MODIFY';
  readonly activateInstructions: readonly ActivateInstruction[];
  readonly terminateInstructions: readonly { readonly elementInstanceKey: string }[];
}

/** Maps an element of the instance's definition to one of the target definition. */
export interface MappingInstruction {
  readonly sourceElementId: string;
  readonly targetElementId: string;
}

/**
 * Moves the instance to another process definition (see `migration/migration-plan.ts` for what
 * is allowed). The target graph is {@link ExecutionContext.targetGraph}; the command is refused
 * with every problem of the plan when it does not hold.
 */
export interface MigrateInstanceCommand {
  readonly type: 'MIGRATE';
  readonly targetProcessDefinitionKey: string;
  readonly targetVersion: number;
  readonly mappingInstructions: readonly MappingInstruction[];
}

/** Any command. */
export type Command =
  | CreateInstanceCommand
  | CompleteJobCommand
  | FailJobCommand
  | ThrowErrorCommand
  | CompleteUserTaskCommand
  | AssignUserTaskCommand
  | UpdateUserTaskCommand
  | TriggerTimerCommand
  | CorrelateMessageCommand
  | TriggerSignalCommand
  | CancelInstanceCommand
  | ResolveIncidentCommand
  | SetVariablesCommand
  | ChildCompletedCommand
  | ChildTerminatedCommand
  | ChildCreationFailedCommand
  | ModifyInstanceCommand
  | MigrateInstanceCommand
  | ActivateAdHocElementsCommand
  | ContinueCommand;

/**
 * Records: the ordered facts the interpreter emits for one command. They are the single truth
 * that appliers fold into {@link InstanceState}, that the store turns into rows, history and
 * Kafka outbox entries, and that metrics and the monitor read.
 *
 * Field names follow Camunda 8's record values so that exported events look familiar.
 */
import type { IncidentErrorType, IncidentState, JsonValue } from './state';
import type { TaskListenerEventType } from '@osprey/bpmn';

/** Fields every record carries. */
interface RecordBase {
  /** Key of the entity the record is about (element instance, job, timer, …). */
  readonly key: string;
  readonly processInstanceKey: string;
  /** Milliseconds since the epoch, on the database clock. */
  readonly timestamp: number;
}

/** Element lifecycle records (`valueType: PROCESS_INSTANCE` in Camunda 8). */
export interface ElementRecord extends RecordBase {
  readonly valueType: 'PROCESS_INSTANCE';
  readonly intent:
    | 'ELEMENT_ACTIVATING'
    | 'ELEMENT_ACTIVATED'
    | 'ELEMENT_COMPLETING'
    | 'ELEMENT_COMPLETED'
    | 'ELEMENT_TERMINATING'
    | 'ELEMENT_TERMINATED'
    | 'SEQUENCE_FLOW_TAKEN';
  readonly value: {
    readonly elementId: string;
    /** BPMN element type in Camunda's spelling, e.g. `SERVICE_TASK`, `PROCESS`, `SEQUENCE_FLOW`. */
    readonly bpmnElementType: string;
    readonly flowScopeKey: string | null;
    readonly bpmnProcessId: string;
    readonly processDefinitionKey: string;
    readonly version: number;
    readonly tenantId: string;
    /** For SEQUENCE_FLOW_TAKEN into a join: the target element id. */
    readonly targetElementId?: string;
    /** For ELEMENT_ACTIVATING of a boundary / event target: the element that triggered it. */
    readonly triggeredBy?: string;
    readonly parentProcessInstanceKey?: string;
    readonly parentElementInstanceKey?: string;
    /**
     * ELEMENT_ACTIVATING of an `EVENT_SUB_PROCESS`: true when it interrupts its scope (the rest
     * of the scope was terminated just before, and tokens waiting at its joins are dropped).
     */
    readonly interrupting?: boolean;
    /** ELEMENT_ACTIVATED of a `MULTI_INSTANCE_BODY`: how many inner instances it runs. */
    readonly numberOfInstances?: number;
  };
}

/** Variable records; `key` is `${scopeKey}:${name}`. */
export interface VariableRecord extends RecordBase {
  readonly valueType: 'VARIABLE';
  readonly intent: 'CREATED' | 'UPDATED';
  readonly value: {
    readonly name: string;
    readonly value: JsonValue;
    readonly scopeKey: string;
    readonly processDefinitionKey: string;
    readonly bpmnProcessId: string;
    readonly tenantId: string;
  };
}

/** Job records. The store owns the job row (retries, lease); the interpreter decides lifecycle. */
export interface JobRecord extends RecordBase {
  readonly valueType: 'JOB';
  readonly intent: 'CREATED' | 'COMPLETED' | 'FAILED' | 'ERROR_THROWN' | 'CANCELED';
  readonly value: {
    readonly type: string;
    readonly retries: number;
    readonly customHeaders: Readonly<Record<string, string>>;
    readonly elementId: string;
    readonly elementInstanceKey: string;
    readonly bpmnProcessId: string;
    readonly processDefinitionKey: string;
    readonly processDefinitionVersion: number;
    readonly tenantId: string;
    readonly errorMessage?: string;
    readonly errorCode?: string;
    /** FAILED: milliseconds before the job may be activated again. */
    readonly retryBackOff?: number;
    /** COMPLETED / ERROR_THROWN: the variables the worker sent. */
    readonly variables?: Readonly<Record<string, JsonValue>>;
    /** For an execution listener's job: which listener, and how the element goes on after the last. */
    readonly listener?: ListenerJob;
    /** For a user task listener's job: which listener, and what it waits to carry out. */
    readonly taskListener?: TaskListenerJob;
  };
}

/** What a user task listener's job records (see `task-listener.behavior.ts`). */
export interface TaskListenerJob {
  readonly eventType: TaskListenerEventType;
  readonly index: number;
  /**
   * The corrections the listeners before this one made (`assignee`, `dueDate`, …); for
   * assigning and updating, laid over the change the operation asked for.
   */
  readonly corrections?: Readonly<Record<string, JsonValue>>;
  /** Completing: the variables the task is being completed with. */
  readonly variables?: Readonly<Record<string, JsonValue>>;
  /** Assigning and updating: what the operation asked for (`assign`, `claim`, `unassign`, `update`). */
  readonly action?: string;
  /** Assigning and updating: the fields the operation changes, as Camunda names them. */
  readonly changedAttributes?: readonly string[];
  /** Canceling: what happens once the last listener completed. */
  readonly then?: CancelingContinuation;
  /**
   * Assigning and updating, from the second listener on: the change the operation asked for
   * (the first listener's `corrections`), so a failed listener can start the transition over.
   */
  readonly requested?: Readonly<Record<string, JsonValue>>;
  /** Updating for variables set on the task's element instance: applied once the listeners agree. */
  readonly setVariables?: { readonly variables: Readonly<Record<string, JsonValue>>; readonly local: boolean };
}

/**
 * What a user task's canceling listeners hold up: the instance's cancellation, an interrupting
 * boundary event of the task or of an activity around it (`ownerKey`, the task itself when
 * absent), the early completion of a scope around it (a terminate end event, a multi-instance
 * completion condition), or an interrupting event sub-process of a scope around it.
 */
export type CancelingContinuation =
  | { readonly kind: 'cancel-instance' }
  | {
      readonly kind: 'boundary';
      readonly boundaryId: string;
      readonly ownerKey?: string;
      readonly variables?: Readonly<Record<string, JsonValue>>;
    }
  | { readonly kind: 'complete-scope'; readonly scopeKey: string }
  | {
      readonly kind: 'event-sub-process';
      readonly scopeKey: string;
      readonly startElementId: string;
      readonly variables?: Readonly<Record<string, JsonValue>>;
    };

/** What an execution listener's job records about its listener (see `execution-listener.behavior.ts`). */
export interface ListenerJob {
  readonly eventType: 'start' | 'end';
  /** Position among the element's listeners of that event type. */
  readonly index: number;
  /** Start listeners of a container started at a particular start event: that event. */
  readonly startElementId?: string;
  /** End listeners of a gateway: the flows it chose. */
  readonly flows?: readonly string[];
}

/** User task records. */
export interface UserTaskRecord extends RecordBase {
  readonly valueType: 'USER_TASK';
  /**
   * `ASSIGNING`, `UPDATING`, `COMPLETING` and `CANCELING` open a transition that the task's
   * listeners decide; `ASSIGNED` / `UNASSIGNED` / `UPDATED` close it with the new values, the
   * `…_DENIED` intents close it with the old ones.
   */
  readonly intent:
    | 'CREATED'
    | 'ASSIGNING'
    | 'ASSIGNED'
    | 'UNASSIGNED'
    | 'ASSIGNMENT_DENIED'
    | 'UPDATING'
    | 'UPDATED'
    | 'UPDATE_DENIED'
    | 'COMPLETING'
    | 'COMPLETION_DENIED'
    | 'CANCELING'
    | 'COMPLETED'
    | 'CANCELED';
  readonly value: {
    readonly elementId: string;
    readonly elementInstanceKey: string;
    readonly bpmnProcessId: string;
    readonly processDefinitionKey: string;
    readonly processDefinitionVersion: number;
    readonly tenantId: string;
    readonly name?: string;
    readonly assignee?: string;
    readonly candidateGroups: readonly string[];
    readonly candidateUsers: readonly string[];
    /** ISO 8601 date-time strings. */
    readonly dueDate?: string;
    readonly followUpDate?: string;
    readonly formKey?: string;
    readonly formId?: string;
    readonly priority: number;
    readonly variables?: Readonly<Record<string, JsonValue>>;
    /** A transition's action (`assign`, `claim`, `unassign`, `update`, `complete`, `cancel`). */
    readonly action?: string;
    /** The fields an assignment or update changed, as Camunda names them. */
    readonly changedAttributes?: readonly string[];
    /** `…_DENIED`: why a listener denied the operation. */
    readonly deniedReason?: string;
  };
}

/** Timer records. */
export interface TimerRecord extends RecordBase {
  readonly valueType: 'TIMER';
  readonly intent: 'CREATED' | 'TRIGGERED' | 'CANCELED';
  readonly value: {
    readonly elementInstanceKey: string;
    /** The element that fires (the catch event, boundary event or event-gateway target). */
    readonly targetElementId: string;
    /** Due time, ms since epoch. */
    readonly dueDate: number;
    /** Remaining repetitions for cycles; -1 = unbounded; 1 for a one-shot timer. */
    readonly repetitions: number;
    /** The cycle/duration the next repetition is computed from. */
    readonly interval?: string;
    readonly processDefinitionKey: string;
    readonly tenantId: string;
  };
}

/** Message subscription records (catch events, receive tasks, boundaries, event gateways). */
export interface MessageSubscriptionRecord extends RecordBase {
  readonly valueType: 'MESSAGE_SUBSCRIPTION';
  readonly intent: 'CREATED' | 'CORRELATED' | 'DELETED';
  readonly value: {
    readonly messageName: string;
    readonly correlationKey: string;
    readonly elementInstanceKey: string;
    readonly targetElementId: string;
    readonly interrupting: boolean;
    readonly bpmnProcessId: string;
    readonly tenantId: string;
    readonly messageKey?: string;
    /** CORRELATED: the variables of the correlated message. */
    readonly variables?: Readonly<Record<string, JsonValue>>;
  };
}

/** Signal subscription records. */
export interface SignalSubscriptionRecord extends RecordBase {
  readonly valueType: 'SIGNAL_SUBSCRIPTION';
  readonly intent: 'CREATED' | 'DELETED';
  readonly value: {
    readonly signalName: string;
    readonly elementInstanceKey: string;
    readonly targetElementId: string;
    readonly bpmnProcessId: string;
    readonly tenantId: string;
  };
}

/** A signal thrown by the instance; the store broadcasts it to every other subscription. */
export interface SignalRecord extends RecordBase {
  readonly valueType: 'SIGNAL';
  readonly intent: 'BROADCAST';
  readonly value: {
    readonly signalName: string;
    readonly variables: Readonly<Record<string, JsonValue>>;
    readonly tenantId: string;
  };
}

/** Incident records. */
export interface IncidentRecord extends RecordBase {
  readonly valueType: 'INCIDENT';
  readonly intent: 'CREATED' | 'RESOLVED';
  readonly value: {
    readonly errorType: IncidentErrorType;
    readonly errorMessage: string;
    readonly elementId: string;
    readonly elementInstanceKey: string;
    readonly jobKey?: string;
    readonly bpmnProcessId: string;
    readonly processDefinitionKey: string;
    readonly tenantId: string;
    /** CREATED: the step that resolving the incident retries (kept in {@link IncidentState.retry}). */
    readonly retry?: IncidentState['retry'];
    /** CREATED with `retry: 'task-listener'`: the listener job resolving the incident creates. */
    readonly taskListener?: TaskListenerJob;
  };
}

/** One scope an activity completed in: its element instance key and element id. */
export interface CompensationScope {
  readonly elementInstanceKey: string;
  readonly elementId: string;
}

/**
 * Compensation subscriptions: an activity with a compensation boundary event completed
 * (CREATED); a compensation throw event claimed it (TRIGGERED) and its handler ran to the end
 * (COMPLETED); or it can no longer be compensated (DELETED: its throw event was terminated, or
 * the instance ended). They live in the instance's state only; the store keeps no rows for
 * them.
 */
export interface CompensationSubscriptionRecord extends RecordBase {
  readonly valueType: 'COMPENSATION_SUBSCRIPTION';
  readonly intent: 'CREATED' | 'TRIGGERED' | 'COMPLETED' | 'DELETED';
  readonly value: {
    /** The compensable activity and the instance of it that completed. */
    readonly elementId: string;
    readonly elementInstanceKey: string;
    /** The activity marked `isForCompensation` that undoes it. */
    readonly compensationHandlerId: string;
    /** The scopes the activity completed in, innermost first, the process last. */
    readonly scopes: readonly CompensationScope[];
    /** The activity instance's local variables when it completed; its handler starts with them. */
    readonly variables: Readonly<Record<string, JsonValue>>;
    readonly bpmnProcessId: string;
    readonly processDefinitionKey: string;
    readonly tenantId: string;
    /** TRIGGERED, COMPLETED: the compensation throw or end event running the handler. */
    readonly throwEventId?: string;
    readonly throwEventInstanceKey?: string;
  };
}

/**
 * The child process instance of a call activity, seen from the parent (`key` = the child's
 * process instance key, chosen by the parent).
 *
 * - CREATED: the store must create the child now (CREATE_INSTANCE of the process resolved from
 *   `calledProcessId`, `bindingType`, `versionTag`, with `variables`, this key and the parent
 *   keys), in the same transaction.
 * - CANCELED: the call activity was terminated; the store must cancel the child (CANCEL).
 * - COMPLETED, TERMINATED: what the store reported back (CHILD_COMPLETED, CHILD_TERMINATED).
 * - REJECTED: the store could not create it (CHILD_CREATION_FAILED): an incident follows.
 */
export interface ChildInstanceRecord extends RecordBase {
  readonly valueType: 'CHILD_INSTANCE';
  readonly intent: 'CREATED' | 'COMPLETED' | 'TERMINATED' | 'CANCELED' | 'REJECTED';
  readonly value: {
    /** The call activity and its instance. */
    readonly elementId: string;
    readonly elementInstanceKey: string;
    /** The parent's process. */
    readonly bpmnProcessId: string;
    readonly processDefinitionKey: string;
    readonly processDefinitionVersion: number;
    readonly tenantId: string;
    /** The BPMN process id of the child (evaluated). */
    readonly calledProcessId: string;
    /**
     * Which version of it: `latest`; `deployment` — the one deployed with the parent's
     * definition; `versionTag` — the one tagged `versionTag`.
     */
    readonly bindingType: 'latest' | 'deployment' | 'versionTag';
    readonly versionTag?: string;
    /** CREATED: the child's initial variables. COMPLETED: the child's variables when it completed. */
    readonly variables?: Readonly<Record<string, JsonValue>>;
    /** REJECTED: why the child could not be created. */
    readonly errorMessage?: string;
  };
}

/**
 * Written by a child process instance (one with a parent) just before it completes: its
 * process variables, for the store to hand to the parent in CHILD_COMPLETED.
 */
export interface ProcessInstanceResultRecord extends RecordBase {
  readonly valueType: 'PROCESS_INSTANCE_RESULT';
  readonly intent: 'COMPLETED';
  readonly value: {
    readonly bpmnProcessId: string;
    readonly processDefinitionKey: string;
    readonly version: number;
    readonly tenantId: string;
    readonly parentProcessInstanceKey: string;
    readonly parentElementInstanceKey: string;
    readonly variables: Readonly<Record<string, JsonValue>>;
  };
}

/**
 * An operator modified the instance (`key` = the process instance key): the instructions as
 * given, written before their effects (the terminations and activations that follow).
 */
export interface ProcessInstanceModificationRecord extends RecordBase {
  readonly valueType: 'PROCESS_INSTANCE_MODIFICATION';
  readonly intent: 'MODIFIED';
  readonly value: {
    readonly bpmnProcessId: string;
    readonly processDefinitionKey: string;
    readonly tenantId: string;
    readonly activateInstructions: readonly {
      readonly elementId: string;
      readonly ancestorElementInstanceKey?: string;
      readonly variableInstructions: readonly {
        readonly variables: Readonly<Record<string, JsonValue>>;
        readonly scopeId?: string;
      }[];
    }[];
    readonly terminateInstructions: readonly { readonly elementInstanceKey: string }[];
  };
}

/**
 * The instance moved to another process definition (`key` = the process instance key). Its
 * applier rewrites the state's header and every element id by `elementMapping`; the store
 * rewrites the instance's rows (jobs, user tasks, timers, subscriptions, element instances,
 * incidents) the same way.
 */
export interface ProcessInstanceMigrationRecord extends RecordBase {
  readonly valueType: 'PROCESS_INSTANCE_MIGRATION';
  readonly intent: 'MIGRATED';
  readonly value: {
    /** The target definition. */
    readonly bpmnProcessId: string;
    readonly processDefinitionKey: string;
    readonly version: number;
    readonly tenantId: string;
    /** The definition the instance ran on before. */
    readonly sourceBpmnProcessId: string;
    readonly sourceProcessDefinitionKey: string;
    readonly sourceVersion: number;
    /** The instructions as given. */
    readonly mappingInstructions: readonly { readonly sourceElementId: string; readonly targetElementId: string }[];
    /**
     * Source element id → target element id for every element id the live state refers to
     * (element instances, joins, open jobs, tasks, timers and subscriptions, incidents).
     */
    readonly elementMapping: Readonly<Record<string, string>>;
  };
}

/** Any record. Discriminate on `valueType`, then `intent`. */
/**
 * A decision evaluated by a business-rule task (`valueType: DECISION_EVALUATION` in Camunda 8):
 * every decision evaluated on the way, with inputs, matched rules and outputs. `key` is the
 * decision evaluation key. The store keeps each evaluated decision as a decision instance.
 */
export interface DecisionEvaluationRecord extends RecordBase {
  readonly valueType: 'DECISION_EVALUATION';
  readonly intent: 'EVALUATED' | 'FAILED';
  readonly value: {
    readonly decisionKey: string;
    readonly decisionId: string;
    readonly decisionVersion: number;
    readonly decisionRequirementsKey: string;
    readonly decisionRequirementsId: string;
    /** The called decision's output, as JSON (absent when the evaluation failed). */
    readonly decisionOutput?: JsonValue;
    readonly evaluatedDecisions: readonly EvaluatedDecisionValue[];
    readonly failedDecisionId?: string;
    readonly failedDecisionKey?: string;
    readonly failedDecisionVersion?: number;
    readonly evaluationFailureMessage?: string;
    readonly elementId: string;
    readonly elementInstanceKey: string;
    readonly bpmnProcessId: string;
    readonly processDefinitionKey: string;
    readonly tenantId: string;
  };
}

/** One decision of a {@link DecisionEvaluationRecord}. */
export interface EvaluatedDecisionValue {
  readonly decisionKey: string;
  readonly decisionId: string;
  readonly decisionName: string;
  readonly decisionVersion: number;
  readonly decisionType: 'DECISION_TABLE' | 'LITERAL_EXPRESSION';
  readonly decisionOutput: JsonValue;
  readonly evaluatedInputs: readonly { readonly inputId: string; readonly inputName: string; readonly inputValue: JsonValue }[];
  readonly matchedRules: readonly {
    readonly ruleId: string;
    readonly ruleIndex: number;
    readonly evaluatedOutputs: readonly { readonly outputId: string; readonly outputName: string; readonly outputValue: JsonValue }[];
  }[];
}

export type EngineRecord =
  | ElementRecord
  | DecisionEvaluationRecord
  | VariableRecord
  | JobRecord
  | UserTaskRecord
  | TimerRecord
  | MessageSubscriptionRecord
  | SignalSubscriptionRecord
  | SignalRecord
  | IncidentRecord
  | CompensationSubscriptionRecord
  | ChildInstanceRecord
  | ProcessInstanceResultRecord
  | ProcessInstanceModificationRecord
  | ProcessInstanceMigrationRecord;

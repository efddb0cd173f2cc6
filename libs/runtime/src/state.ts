/**
 * The live state of one process instance, as the interpreter sees it. It is plain JSON so the
 * store can persist it as one document and rebuild it in a fresh engine; only appliers
 * (see `appliers/`) mutate it, in response to records.
 */
import type {
  ChildInstanceRecord,
  CompensationSubscriptionRecord,
  JobRecord,
  MessageSubscriptionRecord,
  SignalSubscriptionRecord,
  TaskListenerJob,
  TimerRecord,
  UserTaskRecord,
} from './records';
import type { Step } from './processing/steps';

/** Lifecycle of an element instance, as in Camunda 8. */
export type ElementInstanceState =
  'ACTIVATING' | 'ACTIVATED' | 'COMPLETING' | 'COMPLETED' | 'TERMINATING' | 'TERMINATED';

/** A JSON value stored in a variable. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** One running element instance: a token at a task, an event, a gateway, or a scope. */
export interface ElementInstance {
  /** Unique key (a decimal int64 string). The process itself uses the process instance key. */
  key: string;
  elementId: string;
  elementType: string;
  /** Key of the element instance of the containing scope; `null` for the process. */
  flowScopeKey: string | null;
  state: ElementInstanceState;
  /** Number of live child element instances (for scopes): completion is O(1) to decide. */
  activeChildren: number;
  /**
   * Tokens waiting at joins of this scope: gateway id → incoming flow id → count. A parallel
   * join fires when every incoming flow has at least one token.
   */
  joins?: Record<string, Record<string, number>>;
  /** Key of the job created for this element, while it waits on one. */
  jobKey?: string;
  /** Key of the user task created for this element. */
  userTaskKey?: string;
  /** Keys of timers owned by this element (its own catch timer and boundary timers). */
  timerKeys?: string[];
  /** Keys of message subscriptions owned by this element. */
  messageSubscriptionKeys?: string[];
  /** Keys of signal subscriptions owned by this element. */
  signalSubscriptionKeys?: string[];
  /** Open incident on this element instance, if any. */
  incidentKey?: string;
  /** For a boundary or event-gateway target: the element id that triggered it. */
  triggeredBy?: string;
  /** Element-specific extension data (multi-instance counters, call activity child key, …). */
  data?: Record<string, JsonValue>;
  /**
   * For a scope in which an interrupting event sub-process started: the key of that event
   * sub-process instance. The rest of the scope was terminated and nothing else starts in it;
   * the scope completes when the event sub-process does.
   */
  interruptedBy?: string;
  /** For a multi-instance body (`elementType` `MULTI_INSTANCE_BODY`): its counters. */
  multiInstance?: MultiInstanceState;
  /** For a call activity: the key of the child process instance it waits on. */
  childProcessInstanceKey?: string;
}

/**
 * Counters of a multi-instance body. The active inner instances are the body's
 * `activeChildren`.
 */
export interface MultiInstanceState {
  /** The size of the input collection when the body activated. */
  readonly numberOfInstances: number;
  /** Inner instances activated so far; the next one gets `loopCounter` = activated + 1. */
  readonly activated: number;
  readonly completed: number;
  readonly terminated: number;
}

/**
 * A completed activity that can still be compensated (it has a compensation boundary event):
 * the value of its COMPENSATION_SUBSCRIPTION CREATED record.
 */
export interface CompensationState {
  readonly key: string;
  readonly value: CompensationSubscriptionRecord['value'];
  /** Once a compensation throw event claimed it (TRIGGERED): that throw event's instance key. */
  readonly throwEventInstanceKey?: string;
}

/** An open incident, with what resolving it must retry. */
export interface IncidentState {
  key: string;
  elementInstanceKey: string;
  elementId: string;
  errorType: IncidentErrorType;
  errorMessage: string;
  jobKey?: string;
  /** The step that failed and will be retried on resolution. */
  retry: 'activate' | 'complete' | 'job' | 'trigger' | 'task-listener';
  /**
   * `retry: 'task-listener'`: the user task listener to run again — the first of the
   * operation's listeners, as Camunda 8.8 retries the whole transition.
   */
  taskListener?: TaskListenerJob;
}

/** Incident types as named by Camunda 8. */
export type IncidentErrorType =
  | 'JOB_NO_RETRIES'
  | 'IO_MAPPING_ERROR'
  | 'EXTRACT_VALUE_ERROR'
  | 'CONDITION_ERROR'
  | 'UNHANDLED_ERROR_EVENT'
  | 'CALLED_ELEMENT_ERROR'
  | 'CALLED_DECISION_ERROR'
  | 'DECISION_EVALUATION_ERROR'
  | 'UNKNOWN';

/** The whole live state of one process instance. */
export interface InstanceState {
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  tenantId: string;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  /** Live element instances by key (the process itself included, under the instance key). */
  elements: Record<string, ElementInstance>;
  /** Variables by scope key (element instance key) then name. */
  variables: Record<string, Record<string, JsonValue>>;
  /** Open incidents by key. */
  incidents: Record<string, IncidentState>;
  /** Parent link when started by a call activity. */
  parentProcessInstanceKey?: string;
  parentElementInstanceKey?: string;
  /**
   * The value of the CREATED record of every open job, user task, timer and message or signal
   * subscription of the instance, by key. Closing one (JOB CANCELED, TIMER CANCELED,
   * MESSAGE_SUBSCRIPTION DELETED, …) repeats that value, so the closing record is complete
   * without re-evaluating expressions against variables that may have changed since.
   */
  openEntities?: Record<string, OpenEntity>;
  /** Completed activities that can still be compensated, in the order they completed. */
  compensations?: CompensationState[];
  /** Call activities between this instance and the instance started from outside (absent: 0). */
  callDepth?: number;
  /**
   * Work a command left when it reached its step bound: the next command on the instance (the
   * store schedules a CONTINUE) runs it first. Absent while the instance is at rest, which is
   * almost always.
   */
  pending?: PendingWork;
}

/** The steps a bounded command had not run yet, in queue order (see `Processing`). */
export interface PendingWork {
  readonly steps: readonly Step[];
  /** Steps that run once the queue is empty, with their dedupe ids. */
  readonly deferred: readonly (readonly [string, Step])[];
}

/** The transitional states of a user task while its listeners run, as Camunda reports them. */
export type UserTaskTransition = 'ASSIGNING' | 'UPDATING' | 'COMPLETING' | 'CANCELING';

/**
 * An open job, user task, timer, subscription or child instance: the `valueType` and `value` of
 * the record that created it (see {@link InstanceState.openEntities}); for a child instance,
 * without the variables it was given.
 */
export type OpenEntity =
  | { readonly valueType: 'JOB'; readonly value: JobRecord['value'] }
  | {
      readonly valueType: 'USER_TASK';
      readonly value: UserTaskRecord['value'];
      /** A transition the task's listeners are deciding on; the `value` is what stands until then. */
      readonly transition?: UserTaskTransition;
    }
  | { readonly valueType: 'TIMER'; readonly value: TimerRecord['value'] }
  | { readonly valueType: 'MESSAGE_SUBSCRIPTION'; readonly value: MessageSubscriptionRecord['value'] }
  | { readonly valueType: 'SIGNAL_SUBSCRIPTION'; readonly value: SignalSubscriptionRecord['value'] }
  | { readonly valueType: 'CHILD_INSTANCE'; readonly value: ChildInstanceRecord['value'] };

/**
 * The compiled, immutable form of one executable BPMN process: what the interpreter in
 * `@osprey/runtime` walks. Produced by {@link compileDeployment}; never mutated after that, so
 * one instance is shared by every process instance of the same definition.
 *
 * Every element of the process, at any depth, is in {@link ProcessGraph.elements}; the nesting
 * is expressed by {@link ElementDef.scopeId} (the id of the process or the sub-process that
 * contains the element). That flat shape lets the interpreter look any element up in O(1) and
 * keeps later semantics (event sub-processes, multi-instance bodies, call activities) additive.
 */

/** A value that is either fixed in the model or a FEEL expression (a model value starting with `=`). */
export type Expression =
  | { readonly kind: 'static'; readonly value: string }
  | { readonly kind: 'feel'; readonly source: string };

/** BPMN element types the engine knows about (the BPMN local name, camel-cased). */
export type ElementType =
  | 'process'
  | 'startEvent'
  | 'endEvent'
  | 'intermediateCatchEvent'
  | 'intermediateThrowEvent'
  | 'boundaryEvent'
  | 'serviceTask'
  | 'sendTask'
  | 'businessRuleTask'
  | 'userTask'
  | 'scriptTask'
  | 'receiveTask'
  | 'manualTask'
  | 'task'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway'
  | 'subProcess'
  | 'callActivity';

/** A timer definition; exactly one of the three is set, as in BPMN. */
export interface TimerDef {
  readonly timeDate?: Expression;
  readonly timeDuration?: Expression;
  /** ISO 8601 repeating interval (`R3/PT10M`, `R/2026-01-01T00:00:00Z/P1D`) or a cron expression. */
  readonly timeCycle?: Expression;
}

/** The event definition carried by an event element. */
export type EventDefinition =
  | { readonly kind: 'none' }
  | { readonly kind: 'timer'; readonly timer: TimerDef }
  | {
      readonly kind: 'message';
      readonly messageName: Expression;
      /** `zeebe:subscription correlationKey`; absent on message start events. */
      readonly correlationKey?: Expression;
    }
  | { readonly kind: 'signal'; readonly signalName: Expression }
  /** `errorCode` absent means catch-all on a catch event. */
  | { readonly kind: 'error'; readonly errorCode?: Expression }
  | { readonly kind: 'escalation'; readonly escalationCode?: Expression }
  | { readonly kind: 'terminate' }
  | { readonly kind: 'link'; readonly linkName: string }
  | { readonly kind: 'compensate'; readonly activityRef?: string }
  | { readonly kind: 'cancel' }
  | ConditionalEventDef;

/** Variable changes a conditional event is re-evaluated on (`zeebe:conditionalFilter variableEvents`). */
export type VariableEventKind = 'create' | 'update';

/**
 * A conditional event (`bpmn:conditionalEventDefinition`, Camunda 8.9): it triggers when its
 * condition is `true` as its scope activates, or after a variable it names changes where it can
 * see it.
 */
export interface ConditionalEventDef {
  readonly kind: 'conditional';
  /** `bpmn:condition`, always FEEL (the leading `=` optional, as in Camunda). */
  readonly condition: Expression;
  /** `zeebe:conditionalFilter variableNames`: only changes of these variables re-evaluate it. */
  readonly variableNames?: readonly string[];
  /** `zeebe:conditionalFilter variableEvents`: only these kinds of change re-evaluate it (default both). */
  readonly variableEvents?: readonly VariableEventKind[];
}

/** One `zeebe:input` / `zeebe:output` mapping: `target` receives the value of `source`. */
export interface Mapping {
  /** A FEEL expression (without the leading `=`), or a static value. */
  readonly source: Expression;
  /** Variable name; a dotted path (`a.b`) sets a nested property. */
  readonly target: string;
}

/** `zeebe:taskDefinition` of a job-based task. */
export interface TaskDefinition {
  readonly type: Expression;
  /** Defaults to `3` when absent in the model, as in Camunda 8. */
  readonly retries: Expression;
}

/**
 * One `zeebe:executionListener`: a job of `type` that runs when the element starts (after its
 * input mappings, before its own work) or ends (after its output mappings).
 */
export interface ExecutionListenerDef {
  readonly eventType: 'start' | 'end';
  readonly type: Expression;
  /** Defaults to `3`, as in Camunda 8. */
  readonly retries: Expression;
}

/** `zeebe:userTask` with its assignment, schedule, form and priority. */
export interface UserTaskDef {
  readonly assignee?: Expression;
  readonly candidateGroups?: Expression;
  readonly candidateUsers?: Expression;
  readonly dueDate?: Expression;
  readonly followUpDate?: Expression;
  /** `zeebe:formDefinition formId` (a deployed form) */
  readonly formId?: string;
  /** `zeebe:formDefinition formKey` or `externalReference` */
  readonly formKey?: string;
  readonly priority?: Expression;
  /** `zeebe:taskListeners` the engine runs (`creating`, `completing`), in document order. */
  readonly listeners?: readonly TaskListenerDef[];
}

/**
 * One `zeebe:taskListener`: a job of `type` that runs when the user task is created, assigned,
 * updated, completed or canceled (Camunda 8.8's event types).
 */
export interface TaskListenerDef {
  readonly eventType: TaskListenerEventType;
  readonly type: Expression;
  /** Defaults to `3`, as in Camunda 8. */
  readonly retries: Expression;
}

/** Camunda 8.8's user task listener event types. */
export type TaskListenerEventType = 'creating' | 'assigning' | 'updating' | 'completing' | 'canceling';

/** `zeebe:calledElement` (executed by the call-activity processor). */
export interface CalledElementDef {
  readonly processId: Expression;
  /** `latest` (default), `deployment` or `versionTag`. */
  readonly bindingType: 'latest' | 'deployment' | 'versionTag';
  readonly versionTag?: string;
  readonly propagateAllChildVariables: boolean;
  readonly propagateAllParentVariables: boolean;
}

/** `zeebe:calledDecision` (a business-rule task evaluated by the engine, no job). */
export interface CalledDecisionDef {
  /** The DMN decision id: static, or a FEEL expression evaluated when the task activates. */
  readonly decisionId: Expression;
  /** The variable that receives the decision's output. */
  readonly resultVariable: string;
  /** `latest` (default), `deployment` or `versionTag`. */
  readonly bindingType: 'latest' | 'deployment' | 'versionTag';
  readonly versionTag?: string;
}

/** `zeebe:loopCharacteristics` on a multi-instance activity. */
export interface LoopDef {
  readonly isSequential: boolean;
  readonly inputCollection: Expression;
  readonly inputElement?: string;
  readonly outputCollection?: string;
  readonly outputElement?: Expression;
  readonly completionCondition?: Expression;
}

/**
 * An ad-hoc sub-process (`bpmn:adHocSubProcess` with `zeebe:adHoc`): its inner elements start
 * when asked, in any order, any number of times, rather than from a start event.
 */
export interface AdHocDef {
  /** `zeebe:adHoc activeElementsCollection`: the ids of the inner elements to start on activation. */
  readonly activeElementsCollection?: Expression;
  /** `bpmn:completionCondition`, evaluated each time an inner flow completes. */
  readonly completionCondition?: Expression;
  /** `cancelRemainingInstances` (default `true`): whether a met condition terminates what still runs. */
  readonly cancelRemainingInstances: boolean;
  /** `zeebe:adHoc outputCollection`: the local list that gathers each inner flow's `outputElement`. */
  readonly outputCollection?: string;
  readonly outputElement?: Expression;
  /** Inner elements without incoming flows: the ones that can be started. */
  readonly activatableElements: readonly string[];
}

/** One flow node of the process at any depth. */
export interface ElementDef {
  readonly id: string;
  readonly name?: string;
  readonly type: ElementType;
  /** Id of the containing process or sub-process; `null` for the process itself. */
  readonly scopeId: string | null;
  /** Ids of incoming sequence flows. */
  readonly incoming: readonly string[];
  /** Ids of outgoing sequence flows, in document order. */
  readonly outgoing: readonly string[];
  /** Default flow of an exclusive or inclusive gateway (or of an activity). */
  readonly defaultFlow?: string;
  readonly eventDefinition?: EventDefinition;
  /** Boundary events attached to this activity, in document order. */
  readonly boundaryEvents: readonly string[];
  /** For a boundary event: the activity it is attached to. */
  readonly attachedTo?: string;
  /** For a boundary event or an event sub-process start event: interrupting (default true). */
  readonly interrupting?: boolean;
  readonly inputs: readonly Mapping[];
  readonly outputs: readonly Mapping[];
  readonly taskDefinition?: TaskDefinition;
  /** `zeebe:taskHeaders`, static strings. */
  readonly taskHeaders: Readonly<Record<string, string>>;
  readonly userTask?: UserTaskDef;
  /** `zeebe:script`: FEEL expression and the variable that receives its result. */
  readonly script?: { readonly expression: Expression; readonly resultVariable: string };
  /** For a container (process, sub-process): its none start event (the one a plain activation starts at). */
  readonly noneStartEventId?: string;
  /** For a container: ids of the elements directly inside it. */
  readonly children: readonly string[];
  /** Sub-process flavour (`triggeredByEvent` = event sub-process; `transaction`; `adHoc`). */
  readonly subProcessKind?: 'embedded' | 'event' | 'transaction' | 'adHoc';
  /** `zeebe:executionListeners`, in document order (the order they run in). */
  readonly executionListeners?: readonly ExecutionListenerDef[];
  /** For an ad-hoc sub-process: how its inner elements start and when it completes. */
  readonly adHoc?: AdHocDef;
  /** `bpmn:documentation` text, where the model has some (ad-hoc inner elements describe themselves with it). */
  readonly documentation?: string;
  readonly calledElement?: CalledElementDef;
  readonly calledDecision?: CalledDecisionDef;
  readonly loop?: LoopDef;
  /** For a compensation boundary event: the handler activity associated with it. */
  readonly compensationHandler?: string;
  /** True for an activity marked `isForCompensation`. */
  readonly isForCompensation?: boolean;
  /**
   * For an inclusive or parallel gateway with more than one incoming flow (a join), the ids of
   * the elements in the same scope from which the gateway can still be reached. The inclusive
   * join uses it to decide whether another token may still arrive.
   */
  readonly reachableFrom?: ReadonlySet<string>;
}

/** A sequence flow. */
export interface SequenceFlowDef {
  readonly id: string;
  readonly name?: string;
  readonly sourceId: string;
  readonly targetId: string;
  /** `conditionExpression` (FEEL, without the leading `=`). */
  readonly condition?: Expression;
}

/** The compiled process. */
export interface ProcessGraph {
  /** BPMN process id (`bpmnProcessId` in the API). */
  readonly processId: string;
  readonly name?: string;
  /** `zeebe:versionTag` */
  readonly versionTag?: string;
  readonly elements: ReadonlyMap<string, ElementDef>;
  readonly flows: ReadonlyMap<string, SequenceFlowDef>;
  /** Start events of the process itself (not of event sub-processes), by kind. */
  readonly startEvents: {
    readonly none?: string;
    readonly message: readonly string[];
    readonly timer: readonly string[];
    readonly signal: readonly string[];
  };
  /** Link catch events by link name, per scope id: `${scopeId}/${linkName}` → element id. */
  readonly linkTargets: ReadonlyMap<string, string>;
}

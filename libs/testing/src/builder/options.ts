/**
 * The options of the graph builder's element methods. Model values follow the Zeebe
 * convention: a string starting with `=` is a FEEL expression, anything else a static value.
 */

/** A model value: `=expr` is FEEL, anything else static. Numbers are static. */
export type ModelValue = string | number;

/** Input or output mappings, target → source (`{ total: '=order.total' }`), applied in key order. */
export type Mappings = Readonly<Record<string, ModelValue>>;

/** Multi-instance characteristics (`zeebe:loopCharacteristics`); expressions are FEEL. */
export interface MultiInstanceOptions {
  /** @default false (parallel) */
  readonly sequential?: boolean;
  /** FEEL, with or without `=`. */
  readonly inputCollection: string;
  readonly inputElement?: string;
  readonly outputCollection?: string;
  /** FEEL, with or without `=`. */
  readonly outputElement?: string;
  /** FEEL, with or without `=`. */
  readonly completionCondition?: string;
}

/** Options every flow node accepts. */
export interface NodeOptions {
  readonly name?: string;
  readonly inputs?: Mappings;
  readonly outputs?: Mappings;
  /** Makes an activity multi-instance. */
  readonly multiInstance?: MultiInstanceOptions;
  /**
   * Marks an activity as a compensation handler (`isForCompensation`). An activity added right
   * after a compensation boundary event is one already, associated with that event.
   */
  readonly forCompensation?: boolean;
}

/** The event an event element waits for or throws. */
export interface EventOptions extends NodeOptions {
  readonly message?: { readonly name: ModelValue; readonly correlationKey?: ModelValue };
  readonly timer?: {
    readonly date?: ModelValue;
    readonly duration?: ModelValue;
    readonly cycle?: ModelValue;
  };
  readonly signal?: ModelValue;
  /** Error code; `null` = catch-all (boundary events, event sub-process start events). */
  readonly error?: ModelValue | null;
  /** Escalation code; `null` = catch-all (boundary events, event sub-process start events). */
  readonly escalation?: ModelValue | null;
  readonly terminate?: boolean;
  readonly link?: string;
  /**
   * Compensation: `true` on a throw or end event compensates everything in its scope, an
   * activity id only that activity; `true` on a boundary event makes it a compensation boundary.
   */
  readonly compensate?: true | string;
  /** Throw events with a job (message throw/end events as job workers). */
  readonly job?: JobOptions;
  /** The start event of an event sub-process. @default true */
  readonly interrupting?: boolean;
}

/** A job-based task. */
export interface JobOptions extends NodeOptions {
  readonly type: ModelValue;
  /** @default 3 */
  readonly retries?: ModelValue;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A user task (`zeebe:userTask` unless `jobBased`). */
export interface UserTaskOptions extends NodeOptions {
  readonly assignee?: ModelValue;
  readonly candidateGroups?: ModelValue;
  readonly candidateUsers?: ModelValue;
  readonly dueDate?: ModelValue;
  readonly followUpDate?: ModelValue;
  readonly formKey?: string;
  readonly formId?: string;
  readonly priority?: ModelValue;
  /** A job-based user task (no `zeebe:userTask`). */
  readonly jobBased?: boolean;
}

/** A boundary event. */
export interface BoundaryOptions extends EventOptions {
  readonly attachedTo: string;
  /** @default true */
  readonly interrupting?: boolean;
}

/** A call activity (`zeebe:calledElement`). */
export interface CallActivityOptions extends NodeOptions {
  /** The called process id: static, or `=FEEL`. */
  readonly processId: ModelValue;
  /** @default 'latest' */
  readonly bindingType?: 'latest' | 'deployment' | 'versionTag';
  readonly versionTag?: string;
  /** @default true */
  readonly propagateAllChildVariables?: boolean;
  /** @default true */
  readonly propagateAllParentVariables?: boolean;
}

/**
 * The steps of one command's FIFO queue. A processor never recurses into the next element: it
 * enqueues a step, so a command runs breadth-first in a fixed order, and a long chain of
 * pass-through elements does not grow the call stack.
 */
import type { JsonValue } from '../state';

/** Activate a new instance of `elementId` in the scope instance `flowScopeKey`. */
export interface ActivateStep {
  readonly type: 'activate';
  readonly elementId: string;
  readonly flowScopeKey: string | null;
  /** Preset key (the process instance uses the instance key). */
  readonly key?: string;
  /** Boundary and event-gateway targets: the element whose event triggered this one. */
  readonly triggeredBy?: string;
  /** Variables of the event that triggered the element (message, signal, error). */
  readonly eventVariables?: Readonly<Record<string, JsonValue>>;
  /** Containers: start at this start event instead of the none start event. */
  readonly startElementId?: string;
  /**
   * Local variables the instance starts with, set before its input mappings: a multi-instance
   * inner instance's `loopCounter` and input element, a compensation handler's variables.
   */
  readonly localVariables?: Readonly<Record<string, JsonValue>>;
  /** An event sub-process that interrupts its scope (see `ElementRecord` `interrupting`). */
  readonly interrupting?: boolean;
}

/** Decide whether the join `gatewayId` in scope instance `scopeKey` fires. */
export interface JoinStep {
  readonly type: 'join';
  readonly gatewayId: string;
  readonly scopeKey: string;
  /** Inclusive joins: the queue has drained, decide now (see `join.behavior.ts`). */
  readonly settled?: boolean;
}

/** Complete the scope instance `scopeKey` when nothing is left running in it. */
export interface ScopeCheckStep {
  readonly type: 'scope-check';
  readonly scopeKey: string;
}

/** Write the output collection a multi-instance body gathered during this command. */
export interface OutputCollectionStep {
  readonly type: 'output-collection';
  readonly bodyKey: string;
}

/** A variable that changed in this command, as conditional events see it. */
export interface VariableChange {
  readonly scopeKey: string;
  readonly name: string;
  readonly kind: 'create' | 'update';
  /** Order of the change within the command (see `conditional-event.behavior.ts`). */
  readonly seq: number;
}

/**
 * Evaluate conditional events: those of the element instance `ownerKey` as it activates, or,
 * with `changes`, those that can see a variable that changed (deferred until the queue drains,
 * so one command's changes are evaluated once).
 */
export interface ConditionsStep {
  readonly type: 'conditions';
  readonly ownerKey?: string;
  readonly changes?: readonly VariableChange[];
}

/** Any step. */
export type Step = ActivateStep | JoinStep | ScopeCheckStep | OutputCollectionStep | ConditionsStep;

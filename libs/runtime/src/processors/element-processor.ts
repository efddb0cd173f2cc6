/**
 * The one lifecycle interface every element type implements. The generic lifecycle (see
 * `behaviors/lifecycle.behavior.ts`) writes the ACTIVATING/ACTIVATED/COMPLETING/COMPLETED and
 * TERMINATING/TERMINATED records, input and output mappings and boundary subscriptions around
 * these hooks; a processor only adds what its element type does.
 */
import type { ElementDef } from '@osprey/bpmn';
import type { JobResult } from '../commands';
import type { Processing } from '../processing/processing';
import type { ElementRecord } from '../records';
import type { ElementInstance, JsonValue } from '../state';
import type { Outcome } from '../util/outcome';

/** Options of an activation. */
export interface ActivationOptions {
  /** Containers: start at this start event instead of the none start event. */
  readonly startElementId?: string;
  /** Multi-instance bodies: the input collection evaluated while the body was activating. */
  readonly inputCollection?: readonly JsonValue[];
}

/** What {@link ElementProcessor.onActivating} prepared. */
export interface Activating {
  /** Fields for the element's ELEMENT_ACTIVATED record. */
  readonly record?: Pick<ElementRecord['value'], 'numberOfInstances'>;
  /** Options for {@link ElementProcessor.onActivate}. */
  readonly options?: ActivationOptions;
}

/** What a scope decided about a child that is about to complete. */
export interface ChildCompletion {
  /** The scope completes once this child has (a multi-instance completion condition was met). */
  readonly completesScope?: boolean;
}

/** How a completed element passes its token on. */
export interface CompletionOptions {
  /** Take only these outgoing flows (gateways decide which); default: all of them. */
  readonly flows?: readonly string[];
  /** Activate the flows' targets as triggered by this element, with these event variables. */
  readonly triggeredBy?: string;
  readonly eventVariables?: Readonly<Record<string, JsonValue>>;
}

/** Something the element waited for happened. The command handler already wrote the record that closes the job, task, timer or subscription. */
export type OccurredEvent =
  | {
      readonly kind: 'job-completed';
      readonly variables: Readonly<Record<string, JsonValue>>;
      readonly result?: JobResult;
    }
  | { readonly kind: 'user-task-completed'; readonly variables: Readonly<Record<string, JsonValue>> }
  | {
      readonly kind: 'message';
      readonly targetElementId: string;
      readonly variables: Readonly<Record<string, JsonValue>>;
    }
  | {
      readonly kind: 'signal';
      readonly targetElementId: string;
      readonly variables: Readonly<Record<string, JsonValue>>;
    }
  | { readonly kind: 'timer'; readonly targetElementId: string }
  | { readonly kind: 'conditional'; readonly targetElementId: string }
  | { readonly kind: 'child-completed'; readonly variables: Readonly<Record<string, JsonValue>> };

/** Behaviour of one element type. */
export interface ElementProcessor {
  /**
   * The element is ACTIVATED (inputs applied, boundary subscriptions open): start its work (a
   * job, a user task, a subscription) or complete it at once. Also called again when an
   * incident raised here is resolved, so it must decide before it writes.
   */
  onActivate(p: Processing, el: ElementInstance, def: ElementDef, opts: ActivationOptions): void;
  /**
   * The element is ACTIVATING (after its input mappings, before its boundary subscriptions):
   * work that must succeed before it counts as ACTIVATED. A failure stops it at an
   * EXTRACT_VALUE_ERROR incident and is retried on resolution.
   */
  onActivating?(p: Processing, el: ElementInstance, def: ElementDef): Outcome<Activating>;
  /** The element is COMPLETING (after its output mappings): last writes before it ends. */
  onCompleting?(p: Processing, el: ElementInstance, def: ElementDef): void;
  /**
   * The element is COMPLETED and removed: pass the token on. Default: take the outgoing flows
   * (or check whether the scope completes when there are none).
   */
  onComplete?(p: Processing, completed: ElementInstance, def: ElementDef, opts: CompletionOptions): void;
  /** The element is TERMINATING (its children already ended): cancel its own work. */
  onTerminate?(p: Processing, el: ElementInstance, def: ElementDef): void;
  /** What the element waited for happened (its own event, not a boundary event's). */
  onEventOccurred?(p: Processing, el: ElementInstance, def: ElementDef, event: OccurredEvent): void;
  /**
   * For a scope: `child` is COMPLETING (after its output mappings). A failure stops the child at
   * an EXTRACT_VALUE_ERROR incident, retried on resolution.
   */
  beforeChildCompleted?(
    p: Processing,
    scope: ElementInstance,
    child: ElementInstance,
  ): Outcome<ChildCompletion>;
  /**
   * For a scope: `child` (an instance of `childDef`) COMPLETED. When present, the scope decides
   * what happens next instead of the child taking its outgoing flows.
   */
  onChildCompleted?(
    p: Processing,
    scope: ElementInstance,
    child: ElementInstance,
    childDef: ElementDef,
    completion: ChildCompletion,
    opts: CompletionOptions,
  ): void;
}

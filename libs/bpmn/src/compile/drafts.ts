import type { ElementDef, Mapping, SequenceFlowDef } from '../graph';
import type { ProblemList } from '../problems';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** An {@link ElementDef} while the compiler is still filling it in. */
export interface ElementDraft extends Mutable<
  Omit<ElementDef, 'incoming' | 'outgoing' | 'boundaryEvents' | 'children' | 'inputs' | 'outputs'>
> {
  incoming: string[];
  outgoing: string[];
  boundaryEvents: string[];
  children: string[];
  inputs: Mapping[];
  outputs: Mapping[];
}

/** A sequence flow as found in the document, before its ends are checked. */
export interface FlowDraft {
  readonly id: string;
  readonly name?: string;
  readonly scopeId: string;
  readonly sourceId?: string;
  readonly targetId?: string;
  readonly condition?: SequenceFlowDef['condition'];
}

/** Everything the compiler gathers while it walks one process. */
export interface CompileContext {
  readonly problems: ProblemList;
  /** Unresolved references reported by the parser: element id → property → missing id. */
  readonly unresolved: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly elements: Map<string, ElementDraft>;
  readonly flows: FlowDraft[];
  /** Flow nodes left out of the graph because their type is not supported (already reported). */
  readonly skipped: Set<string>;
  /** Business-rule tasks that call a DMN decision (already reported). */
  readonly decisionTasks: Set<string>;
  /** Events whose event definition is not supported (already reported; compiled as `none`). */
  readonly unreadableEvents: Set<string>;
  /** `bpmn:association` source → target, for compensation handlers. */
  readonly associations: { readonly sourceId: string; readonly targetId: string }[];
  /** Flow ids listed in each element's `<bpmn:outgoing>`, which fixes their evaluation order. */
  readonly outgoingOrder: Map<string, readonly string[]>;
}

export function newDraft(
  id: string,
  type: ElementDraft['type'],
  scopeId: string | null,
  name?: string,
): ElementDraft {
  return {
    id,
    ...(name ? { name } : {}),
    type,
    scopeId,
    incoming: [],
    outgoing: [],
    boundaryEvents: [],
    children: [],
    inputs: [],
    outputs: [],
    taskHeaders: {},
  };
}

/** What the validator needs to know about a process beyond its graph. */
export interface ValidationFacts {
  /** Business-rule tasks that call a DMN decision (already reported). */
  readonly decisionTasks: ReadonlySet<string>;
  /** Events with an unsupported event definition (already reported; compiled as `none`). */
  readonly unreadableEvents: ReadonlySet<string>;
}

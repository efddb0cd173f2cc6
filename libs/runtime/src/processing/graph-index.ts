/**
 * Per-graph lookups the interpreter needs on every step, computed once per {@link ProcessGraph}
 * (graphs are immutable and shared by all instances of a definition).
 */
import type { ElementDef, ElementType, ProcessGraph, SequenceFlowDef } from '@osprey/bpmn';

/** Camunda 8's `bpmnElementType` for each element type. */
const BPMN_TYPES: Record<ElementType, string> = {
  process: 'PROCESS',
  startEvent: 'START_EVENT',
  endEvent: 'END_EVENT',
  intermediateCatchEvent: 'INTERMEDIATE_CATCH_EVENT',
  intermediateThrowEvent: 'INTERMEDIATE_THROW_EVENT',
  boundaryEvent: 'BOUNDARY_EVENT',
  serviceTask: 'SERVICE_TASK',
  sendTask: 'SEND_TASK',
  businessRuleTask: 'BUSINESS_RULE_TASK',
  userTask: 'USER_TASK',
  scriptTask: 'SCRIPT_TASK',
  receiveTask: 'RECEIVE_TASK',
  manualTask: 'MANUAL_TASK',
  task: 'TASK',
  exclusiveGateway: 'EXCLUSIVE_GATEWAY',
  parallelGateway: 'PARALLEL_GATEWAY',
  inclusiveGateway: 'INCLUSIVE_GATEWAY',
  eventBasedGateway: 'EVENT_BASED_GATEWAY',
  subProcess: 'SUB_PROCESS',
  callActivity: 'CALL_ACTIVITY',
};

/** Lookups over one graph. */
export class GraphIndex {
  /** The process element (synthesised when a graph does not list it among its elements). */
  readonly process: ElementDef;
  private readonly eventSubProcessStartsOf = new Map<string, readonly ElementDef[]>();
  /** True when some element of the graph is a conditional event: variable changes are then watched. */
  readonly hasConditionalEvents: boolean;

  private constructor(readonly graph: ProcessGraph) {
    this.process = graph.elements.get(graph.processId) ?? synthesizeProcess(graph);
    this.hasConditionalEvents = [...graph.elements.values()].some((e) => e.eventDefinition?.kind === 'conditional');
  }

  private static readonly cache = new WeakMap<ProcessGraph, GraphIndex>();

  /** The index of `graph`, built on first use. */
  static of(graph: ProcessGraph): GraphIndex {
    let index = GraphIndex.cache.get(graph);
    if (!index) {
      index = new GraphIndex(graph);
      GraphIndex.cache.set(graph, index);
    }
    return index;
  }

  /**
   * The element `id`.
   * @throws Error when the graph has no such element: state and graph disagree (a bug).
   */
  element(id: string): ElementDef {
    if (id === this.process.id) return this.process;
    const def = this.graph.elements.get(id);
    if (!def)
      throw new Error(`Expected element '${id}' in process '${this.graph.processId}', but it is not there`);
    return def;
  }

  /** The sequence flow `id`; throws like {@link element}. */
  flow(id: string): SequenceFlowDef {
    const flow = this.graph.flows.get(id);
    if (!flow)
      throw new Error(
        `Expected sequence flow '${id}' in process '${this.graph.processId}', but it is not there`,
      );
    return flow;
  }

  /** Camunda's `bpmnElementType` of `def`. */
  bpmnType(def: ElementDef): string {
    if (def.type === 'subProcess' && def.subProcessKind === 'event') return 'EVENT_SUB_PROCESS';
    if (def.type === 'subProcess' && def.subProcessKind === 'adHoc') return 'AD_HOC_SUB_PROCESS';
    return BPMN_TYPES[def.type];
  }

  /**
   * The start events of the event sub-processes directly inside container `def`, in document
   * order (each event sub-process has exactly one).
   */
  eventSubProcessStarts(def: ElementDef): readonly ElementDef[] {
    let starts = this.eventSubProcessStartsOf.get(def.id);
    if (!starts) {
      starts = def.children
        .map((id) => this.element(id))
        .filter((child) => child.type === 'subProcess' && child.subProcessKind === 'event')
        .flatMap((esp) => esp.children.map((id) => this.element(id)).filter((c) => c.type === 'startEvent'));
      this.eventSubProcessStartsOf.set(def.id, starts);
    }
    return starts;
  }

  /** For the start event of an event sub-process: that event sub-process. */
  eventSubProcessOf(def: ElementDef): ElementDef | undefined {
    if (def.type !== 'startEvent' || def.scopeId === null) return undefined;
    const scope = this.element(def.scopeId);
    return scope.type === 'subProcess' && scope.subProcessKind === 'event' ? scope : undefined;
  }

  /** The compensation boundary event attached to activity `def`, if it has one. */
  compensationBoundary(def: ElementDef): ElementDef | undefined {
    for (const id of def.boundaryEvents) {
      const boundary = this.element(id);
      if (boundary.eventDefinition?.kind === 'compensate') return boundary;
    }
    return undefined;
  }

  /**
   * The compensation event sub-process of sub-process `def` (one whose start event is a
   * compensation start event), if it has one: it undoes the sub-process as a whole.
   */
  compensationEventSubProcess(def: ElementDef): ElementDef | undefined {
    if (def.type !== 'subProcess') return undefined;
    const start = this.eventSubProcessStarts(def).find((s) => s.eventDefinition?.kind === 'compensate');
    return start && this.eventSubProcessOf(start);
  }

  /** True for a parallel or inclusive gateway that merges: tokens wait for each other there. */
  isJoin(def: ElementDef): boolean {
    return (def.type === 'parallelGateway' || def.type === 'inclusiveGateway') && def.incoming.length > 1;
  }

  /**
   * Elements of the same scope from which the join `def` can be reached, as the compiler
   * recorded them.
   * @throws Error when the graph lacks them: a graph that was not compiled is a bug
   */
  reachableFrom(def: ElementDef): ReadonlySet<string> {
    if (def.reachableFrom) return def.reachableFrom;
    throw new Error(`Expected the compiled reachability of join '${def.id}' in process '${this.graph.processId}', but the graph has none`);
  }
}

function synthesizeProcess(graph: ProcessGraph): ElementDef {
  const children = [...graph.elements.values()].filter((e) => e.scopeId === graph.processId).map((e) => e.id);
  return {
    id: graph.processId,
    name: graph.name,
    type: 'process',
    scopeId: null,
    incoming: [],
    outgoing: [],
    boundaryEvents: [],
    inputs: [],
    outputs: [],
    taskHeaders: {},
    children,
    noneStartEventId: graph.startEvents.none,
  };
}

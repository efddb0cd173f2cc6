/**
 * A fluent builder of compiled {@link ProcessGraph}s, for tests that need a process without
 * BPMN XML. It reads like Camunda's model API: each element method adds an element and
 * connects it from the current one; `moveTo` and `connectTo` build branches and joins.
 *
 * Model values follow the Zeebe convention: a string starting with `=` is a FEEL expression,
 * anything else a static value. Conditions are always FEEL (the `=` is optional).
 *
 * @example
 * ```ts
 * const graph = createProcess('order')
 *   .startEvent('start')
 *   .parallelGateway('fork')
 *   .serviceTask('inventory', { type: 'inventory' })
 *   .parallelGateway('join')
 *   .endEvent('end')
 *   .moveTo('fork')
 *   .serviceTask('payment', { type: 'payment' })
 *   .connectTo('join')
 *   .build();
 * ```
 */
import type { ElementDef, ElementType, ProcessGraph, SequenceFlowDef, UserTaskDef } from '@osprey/bpmn';
import { fillJoinReachability } from '@osprey/bpmn';
import {
  eventDefinition,
  expr,
  feel,
  jobParts,
  loopDef,
  mappings,
  withoutUndefined,
  type Draft,
} from './builder/definitions';
import type {
  BoundaryOptions,
  CallActivityOptions,
  EventOptions,
  JobOptions,
  ModelValue,
  NodeOptions,
  UserTaskOptions,
} from './builder/options';

export * from './builder/options';
export { expr } from './builder/definitions';

interface PendingFlow {
  id?: string;
  condition?: string;
  isDefault?: boolean;
}

/** Shared state of one process being built. */
class Model {
  readonly elements = new Map<string, Draft>();
  readonly flows = new Map<string, SequenceFlowDef>();
  private flowCount = 0;

  add(draft: Draft): void {
    if (this.elements.has(draft.id))
      throw new Error(`Expected a new element id, but '${draft.id}' is used twice`);
    this.elements.set(draft.id, draft);
    if (draft.scopeId !== null) this.get(draft.scopeId).children.push(draft.id);
  }

  get(id: string): Draft {
    const d = this.elements.get(id);
    if (!d) throw new Error(`Expected an element '${id}', but there is none`);
    return d;
  }

  connect(from: string, to: string, pending: PendingFlow): void {
    const id = pending.id ?? `flow_${++this.flowCount}_${from}_${to}`;
    this.flows.set(id, {
      id,
      sourceId: from,
      targetId: to,
      ...(pending.condition ? { condition: feel(pending.condition) } : {}),
    });
    const source = this.get(from);
    source.outgoing.push(id);
    this.get(to).incoming.push(id);
    if (pending.isDefault) source.defaultFlow = id;
  }
}

/** Builds the elements of one scope (the process or a sub-process). */
export class ScopeBuilder<Self extends ScopeBuilder<Self>> {
  protected cursor: string | null = null;
  private pending: PendingFlow = {};

  protected constructor(
    protected readonly model: Model,
    protected readonly scopeId: string,
  ) {}

  /** The next connection from the current element gets this condition (FEEL) and optional id. */
  condition(condition: string, flowId?: string): Self {
    this.pending = { ...this.pending, condition, ...(flowId ? { id: flowId } : {}) };
    return this.self();
  }

  /** The next connection from the current element is its default flow. */
  defaultFlow(flowId?: string): Self {
    this.pending = { ...this.pending, isDefault: true, ...(flowId ? { id: flowId } : {}) };
    return this.self();
  }

  /** The next connection gets this id. */
  flowId(id: string): Self {
    this.pending = { ...this.pending, id };
    return this.self();
  }

  /** Continues from element `id` (to add another branch). */
  moveTo(id: string): Self {
    this.model.get(id);
    this.cursor = id;
    return this.self();
  }

  /** The next element starts a path of its own, without an incoming flow (a link catch event). */
  newPath(): Self {
    this.cursor = null;
    this.pending = {};
    return this.self();
  }

  /** Connects the current element to the existing element `id` and continues from there. */
  connectTo(id: string): Self {
    this.link(id);
    this.cursor = id;
    return this.self();
  }

  /** A start event; in an event sub-process, `opts.interrupting` (default true) applies. */
  startEvent(id: string, opts: EventOptions = {}): Self {
    const inEventSubProcess = this.model.get(this.scopeId).subProcessKind === 'event';
    return this.node(id, 'startEvent', opts, {
      eventDefinition: eventDefinition(opts),
      ...(inEventSubProcess ? { interrupting: opts.interrupting ?? true } : {}),
    });
  }

  endEvent(id: string, opts: EventOptions = {}): Self {
    return this.node(id, 'endEvent', opts, { eventDefinition: eventDefinition(opts), ...jobParts(opts.job) });
  }

  intermediateCatchEvent(id: string, opts: EventOptions): Self {
    return this.node(id, 'intermediateCatchEvent', opts, { eventDefinition: eventDefinition(opts) });
  }

  intermediateThrowEvent(id: string, opts: EventOptions = {}): Self {
    return this.node(id, 'intermediateThrowEvent', opts, {
      eventDefinition: eventDefinition(opts),
      ...jobParts(opts.job),
    });
  }

  /** A boundary event on `opts.attachedTo`; continues from the boundary event. */
  boundaryEvent(id: string, opts: BoundaryOptions): Self {
    this.cursor = null;
    this.node(id, 'boundaryEvent', opts, {
      eventDefinition: eventDefinition(opts),
      attachedTo: opts.attachedTo,
      interrupting: opts.interrupting ?? true,
    });
    this.model.get(opts.attachedTo).boundaryEvents.push(id);
    return this.self();
  }

  serviceTask(id: string, opts: JobOptions): Self {
    return this.node(id, 'serviceTask', opts, jobParts(opts));
  }

  sendTask(id: string, opts: JobOptions): Self {
    return this.node(id, 'sendTask', opts, jobParts(opts));
  }

  businessRuleTask(id: string, opts: JobOptions): Self {
    return this.node(id, 'businessRuleTask', opts, jobParts(opts));
  }

  userTask(id: string, opts: UserTaskOptions = {}): Self {
    if (opts.jobBased) return this.node(id, 'userTask', opts, {});
    const ut: Record<string, unknown> = {};
    for (const k of [
      'assignee',
      'candidateGroups',
      'candidateUsers',
      'dueDate',
      'followUpDate',
      'priority',
    ] as const) {
      if (opts[k] !== undefined) ut[k] = expr(opts[k]);
    }
    if (opts.formKey) ut.formKey = opts.formKey;
    if (opts.formId) ut.formId = opts.formId;
    return this.node(id, 'userTask', opts, { userTask: ut as UserTaskDef });
  }

  /** A script task: FEEL `expression` into `resultVariable`, or a job when `job` is given. */
  scriptTask(
    id: string,
    opts: NodeOptions & ({ expression: string; resultVariable: string } | { job: JobOptions }),
  ): Self {
    if ('job' in opts) return this.node(id, 'scriptTask', opts, jobParts(opts.job));
    return this.node(id, 'scriptTask', opts, {
      script: { expression: feel(opts.expression), resultVariable: opts.resultVariable },
    });
  }

  receiveTask(
    id: string,
    opts: NodeOptions & { message: { name: ModelValue; correlationKey: ModelValue } },
  ): Self {
    return this.node(id, 'receiveTask', opts, {
      eventDefinition: eventDefinition({ message: opts.message }),
    });
  }

  manualTask(id: string, opts: NodeOptions = {}): Self {
    return this.node(id, 'manualTask', opts, {});
  }

  task(id: string, opts: NodeOptions = {}): Self {
    return this.node(id, 'task', opts, {});
  }

  exclusiveGateway(id: string, opts: NodeOptions = {}): Self {
    return this.node(id, 'exclusiveGateway', opts, {});
  }

  parallelGateway(id: string, opts: NodeOptions = {}): Self {
    return this.node(id, 'parallelGateway', opts, {});
  }

  inclusiveGateway(id: string, opts: NodeOptions = {}): Self {
    return this.node(id, 'inclusiveGateway', opts, {});
  }

  eventBasedGateway(id: string, opts: NodeOptions = {}): Self {
    return this.node(id, 'eventBasedGateway', opts, {});
  }

  /** An embedded sub-process whose content `body` builds; continues from the sub-process. */
  subProcess(id: string, body: (scope: SubProcessBuilder) => unknown, opts: NodeOptions = {}): Self {
    this.node(id, 'subProcess', opts, { subProcessKind: 'embedded' });
    body(new SubProcessBuilder(this.model, id));
    return this.self();
  }

  /**
   * An event sub-process of the current scope, whose content `body` builds starting with its
   * triggering start event; it has no flows, so the next element needs `moveTo` or `newPath`.
   */
  eventSubProcess(id: string, body: (scope: SubProcessBuilder) => unknown, opts: NodeOptions = {}): Self {
    this.cursor = null;
    this.node(id, 'subProcess', opts, { subProcessKind: 'event' });
    this.cursor = null;
    body(new SubProcessBuilder(this.model, id));
    return this.self();
  }

  /** A call activity of process `opts.processId`. */
  callActivity(id: string, opts: CallActivityOptions): Self {
    return this.node(id, 'callActivity', opts, {
      calledElement: {
        processId: expr(opts.processId),
        bindingType: opts.bindingType ?? 'latest',
        ...(opts.versionTag ? { versionTag: opts.versionTag } : {}),
        propagateAllChildVariables: opts.propagateAllChildVariables ?? true,
        propagateAllParentVariables: opts.propagateAllParentVariables ?? true,
      },
    });
  }

  protected self(): Self {
    return this as unknown as Self;
  }

  private node(id: string, type: ElementType, opts: NodeOptions, parts: Partial<Draft>): Self {
    // An activity right after a compensation boundary event is its handler, by association.
    const boundary = this.cursor === null ? undefined : this.model.get(this.cursor);
    const handlerOf =
      boundary?.type === 'boundaryEvent' && boundary.eventDefinition?.kind === 'compensate'
        ? boundary
        : undefined;
    const loop = loopDef(opts.multiInstance);
    this.model.add({
      id,
      type,
      scopeId: this.scopeId,
      incoming: [],
      outgoing: [],
      boundaryEvents: [],
      children: [],
      inputs: mappings(opts.inputs),
      outputs: mappings(opts.outputs),
      taskHeaders: {},
      ...(opts.name ? { name: opts.name } : {}),
      ...(loop ? { loop } : {}),
      ...(opts.forCompensation || handlerOf ? { isForCompensation: true } : {}),
      ...withoutUndefined(parts),
    });
    if (handlerOf) {
      handlerOf.compensationHandler = id;
      this.cursor = null;
      return this.self();
    }
    if (this.cursor !== null) this.link(id);
    this.cursor = id;
    return this.self();
  }

  private link(to: string): void {
    if (this.cursor === null)
      throw new Error(`Expected a current element to connect to '${to}', but there is none (use moveTo)`);
    this.model.connect(this.cursor, to, this.pending);
    this.pending = {};
  }
}

/** Builds the content of an embedded sub-process. */
export class SubProcessBuilder extends ScopeBuilder<SubProcessBuilder> {
  /** @internal */
  constructor(model: Model, scopeId: string) {
    super(model, scopeId);
  }
}

/** Builds a process; {@link ProcessBuilder.build} returns the compiled graph. */
export class ProcessBuilder extends ScopeBuilder<ProcessBuilder> {
  /** @internal */
  constructor(
    private readonly processId: string,
    private readonly opts: { name?: string; versionTag?: string },
  ) {
    const model = new Model();
    model.add({
      id: processId,
      type: 'process',
      scopeId: null,
      incoming: [],
      outgoing: [],
      boundaryEvents: [],
      children: [],
      inputs: [],
      outputs: [],
      taskHeaders: {},
    });
    super(model, processId);
  }

  /** The compiled graph: start events, link targets, none start events and join reachability filled in. */
  build(): ProcessGraph {
    const { elements, flows } = this.model;
    for (const d of elements.values()) {
      if (d.type === 'process' || (d.type === 'subProcess' && d.subProcessKind !== 'event')) {
        const none = d.children.find(
          (c) =>
            elements.get(c)!.type === 'startEvent' &&
            (elements.get(c)!.eventDefinition?.kind ?? 'none') === 'none',
        );
        if (none) d.noneStartEventId = none;
      }
    }
    const startEvents = {
      none: undefined as string | undefined,
      message: [] as string[],
      timer: [] as string[],
      signal: [] as string[],
    };
    const linkTargets = new Map<string, string>();
    for (const d of elements.values()) {
      if (d.type === 'startEvent' && d.scopeId === this.processId) {
        const kind = d.eventDefinition?.kind ?? 'none';
        if (kind === 'none') startEvents.none = d.id;
        else if (kind === 'message' || kind === 'timer' || kind === 'signal') startEvents[kind].push(d.id);
      }
      if (d.type === 'intermediateCatchEvent' && d.eventDefinition?.kind === 'link') {
        linkTargets.set(`${d.scopeId}/${d.eventDefinition.linkName}`, d.id);
      }
    }
    const graph: ProcessGraph = {
      processId: this.processId,
      ...(this.opts.name ? { name: this.opts.name } : {}),
      ...(this.opts.versionTag ? { versionTag: this.opts.versionTag } : {}),
      elements: elements as ReadonlyMap<string, ElementDef>,
      flows,
      startEvents: {
        ...(startEvents.none ? { none: startEvents.none } : {}),
        message: startEvents.message,
        timer: startEvents.timer,
        signal: startEvents.signal,
      },
      linkTargets,
    };
    // The compiler's own rule, so a graph built here joins exactly as a deployed one.
    fillJoinReachability(elements, [...flows.values()]);
    return graph;
  }
}

/** Starts building process `id`. */
export function createProcess(id: string, opts: { name?: string; versionTag?: string } = {}): ProcessBuilder {
  return new ProcessBuilder(id, opts);
}

/**
 * A fluent builder of BPMN processes for tests. It reads like Camunda's model API: each element
 * method adds an element and connects it from the current one; `moveTo` and `connectTo` build
 * branches and joins. {@link ProcessBuilder.toXml} writes the BPMN XML Camunda Modeler would,
 * and {@link ProcessBuilder.build} compiles it with the real compiler, so a test runs exactly
 * the graph a deployed diagram compiles to, with the compiler's defaults.
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
 *   .build(); // a Promise of the compiled graph
 * ```
 */
import { compileOrThrow, type CompileOptions, type ProcessGraph } from '@osprey/bpmn';
import {
  calledElement,
  eventDefinition,
  feel,
  ioMapping,
  jobExtensions,
  loopCharacteristics,
  messageRef,
  userTaskExtensions,
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
import { ProcessModel, type ModelNode, type PendingFlow } from './builder/process-model';
import { element } from './builder/xml';

export * from './builder/options';

/** What an element method adds besides the options every node takes. */
interface NodeParts {
  readonly attributes?: ModelNode['attributes'];
  readonly extensions?: readonly string[];
  readonly definitions?: readonly string[];
  readonly compensationBoundary?: boolean;
  readonly eventSubProcess?: boolean;
}

/** Builds the elements of one scope (the process or a sub-process). */
export class ScopeBuilder<Self extends ScopeBuilder<Self>> {
  protected cursor: string | null = null;
  private pending: PendingFlow = {};

  protected constructor(
    protected readonly model: ProcessModel,
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
    const inEventSubProcess = this.model.get(this.scopeId).eventSubProcess === true;
    return this.node(id, 'startEvent', opts, {
      attributes: { isInterrupting: inEventSubProcess && opts.interrupting === false ? false : undefined },
      definitions: eventDefinition(opts, this.model.globals),
    });
  }

  endEvent(id: string, opts: EventOptions = {}): Self {
    return this.node(id, 'endEvent', opts, { definitions: eventDefinition(opts, this.model.globals), extensions: jobExtensions(opts.job) });
  }

  intermediateCatchEvent(id: string, opts: EventOptions): Self {
    return this.node(id, 'intermediateCatchEvent', opts, { definitions: eventDefinition(opts, this.model.globals) });
  }

  intermediateThrowEvent(id: string, opts: EventOptions = {}): Self {
    return this.node(id, 'intermediateThrowEvent', opts, {
      definitions: eventDefinition(opts, this.model.globals),
      extensions: jobExtensions(opts.job),
    });
  }

  /** A boundary event on `opts.attachedTo`; continues from the boundary event. */
  boundaryEvent(id: string, opts: BoundaryOptions): Self {
    this.model.get(opts.attachedTo);
    this.cursor = null;
    return this.node(id, 'boundaryEvent', opts, {
      attributes: { attachedToRef: opts.attachedTo, cancelActivity: opts.interrupting === false ? false : undefined },
      definitions: eventDefinition(opts, this.model.globals),
      compensationBoundary: opts.compensate === true,
    });
  }

  serviceTask(id: string, opts: JobOptions): Self {
    return this.node(id, 'serviceTask', opts, { extensions: jobExtensions(opts) });
  }

  sendTask(id: string, opts: JobOptions): Self {
    return this.node(id, 'sendTask', opts, { extensions: jobExtensions(opts) });
  }

  businessRuleTask(id: string, opts: JobOptions): Self {
    return this.node(id, 'businessRuleTask', opts, { extensions: jobExtensions(opts) });
  }

  userTask(id: string, opts: UserTaskOptions = {}): Self {
    return this.node(id, 'userTask', opts, { extensions: userTaskExtensions(opts) });
  }

  /** A script task: FEEL `expression` into `resultVariable`, or a job when `job` is given. */
  scriptTask(
    id: string,
    opts: NodeOptions & ({ expression: string; resultVariable: string } | { job: JobOptions }),
  ): Self {
    if ('job' in opts) return this.node(id, 'scriptTask', opts, { extensions: jobExtensions(opts.job) });
    return this.node(id, 'scriptTask', opts, {
      extensions: [element('zeebe:script', { expression: feel(opts.expression), resultVariable: opts.resultVariable })],
    });
  }

  receiveTask(
    id: string,
    opts: NodeOptions & { message: { name: ModelValue; correlationKey: ModelValue } },
  ): Self {
    return this.node(id, 'receiveTask', opts, { attributes: { messageRef: messageRef(this.model.globals, opts.message) } });
  }

  manualTask(id: string, opts: NodeOptions = {}): Self {
    return this.node(id, 'manualTask', opts);
  }

  task(id: string, opts: NodeOptions = {}): Self {
    return this.node(id, 'task', opts);
  }

  exclusiveGateway(id: string, opts: NodeOptions = {}): Self {
    return this.node(id, 'exclusiveGateway', opts);
  }

  parallelGateway(id: string, opts: NodeOptions = {}): Self {
    return this.node(id, 'parallelGateway', opts);
  }

  inclusiveGateway(id: string, opts: NodeOptions = {}): Self {
    return this.node(id, 'inclusiveGateway', opts);
  }

  eventBasedGateway(id: string, opts: NodeOptions = {}): Self {
    return this.node(id, 'eventBasedGateway', opts);
  }

  /** An embedded sub-process whose content `body` builds; continues from the sub-process. */
  subProcess(id: string, body: (scope: SubProcessBuilder) => unknown, opts: NodeOptions = {}): Self {
    this.node(id, 'subProcess', opts);
    body(new SubProcessBuilder(this.model, id));
    return this.self();
  }

  /**
   * An event sub-process of the current scope, whose content `body` builds starting with its
   * triggering start event; it has no flows, so the next element needs `moveTo` or `newPath`.
   */
  eventSubProcess(id: string, body: (scope: SubProcessBuilder) => unknown, opts: NodeOptions = {}): Self {
    this.cursor = null;
    this.node(id, 'subProcess', opts, { attributes: { triggeredByEvent: true }, eventSubProcess: true });
    this.cursor = null;
    body(new SubProcessBuilder(this.model, id));
    return this.self();
  }

  /** A call activity of process `opts.processId`. */
  callActivity(id: string, opts: CallActivityOptions): Self {
    return this.node(id, 'callActivity', opts, { extensions: calledElement(opts) });
  }

  protected self(): Self {
    return this as unknown as Self;
  }

  private node(id: string, type: string, opts: NodeOptions, parts: NodeParts = {}): Self {
    // An activity right after a compensation boundary event is its handler, by association.
    const boundary = this.cursor === null ? undefined : this.model.get(this.cursor);
    const handlerOf = boundary?.compensationBoundary ? boundary : undefined;
    this.model.add({
      id,
      tag: `bpmn:${type}`,
      scopeId: this.scopeId,
      attributes: {
        id,
        name: opts.name,
        isForCompensation: opts.forCompensation || handlerOf ? true : undefined,
        ...parts.attributes,
      },
      extensions: [...(parts.extensions ?? []), ...ioMapping(opts.inputs, opts.outputs)],
      definitions: [...loopCharacteristics(opts.multiInstance), ...(parts.definitions ?? [])],
      incoming: [],
      outgoing: [],
      ...(parts.compensationBoundary ? { compensationBoundary: true } : {}),
      ...(parts.eventSubProcess ? { eventSubProcess: true } : {}),
    });
    if (handlerOf) {
      this.model.associate(handlerOf.id, id);
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
  constructor(model: ProcessModel, scopeId: string) {
    super(model, scopeId);
  }
}

/** Builds a process: {@link ProcessBuilder.toXml} writes it, {@link ProcessBuilder.build} compiles it. */
export class ProcessBuilder extends ScopeBuilder<ProcessBuilder> {
  /** @internal */
  constructor(
    private readonly processId: string,
    opts: { name?: string; versionTag?: string },
  ) {
    const model = new ProcessModel();
    model.add({
      id: processId,
      tag: 'bpmn:process',
      scopeId: null,
      attributes: { id: processId, name: opts.name, isExecutable: true },
      extensions: opts.versionTag ? [element('zeebe:versionTag', { value: opts.versionTag })] : [],
      definitions: [],
      incoming: [],
      outgoing: [],
    });
    super(model, processId);
  }

  /** The process as BPMN 2.0 XML with Zeebe extensions, as Camunda Modeler writes it (without a diagram). */
  toXml(): string {
    return this.model.xml(this.processId);
  }

  /**
   * The graph the compiler makes of {@link toXml}, as a deployment would.
   * @throws {BpmnValidationError} when the process breaks a deployment rule
   */
  async build(options: CompileOptions = {}): Promise<ProcessGraph> {
    const [graph] = await compileOrThrow(this.toXml(), options);
    return graph!;
  }
}

/** Starts building process `id`. */
export function createProcess(id: string, opts: { name?: string; versionTag?: string } = {}): ProcessBuilder {
  return new ProcessBuilder(id, opts);
}

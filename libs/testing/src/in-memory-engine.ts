/**
 * An engine in memory: the interpreter plus the tables its records imply (jobs with retries,
 * timers, message and signal subscriptions, user tasks, incidents, variables, buffered
 * messages), with a clock that only moves when a test says so. It plays the part the store
 * plays in production — applying records to rows, delivering signals, correlating messages,
 * firing due timers — so processes can be run end to end in microseconds, and so randomized
 * tests can compare it with the PostgreSQL store.
 *
 * @example
 * ```ts
 * const engine = new InMemoryEngine();
 * engine.deploy(await createProcess('order').startEvent('s').serviceTask('t', { type: 'pay' }).endEvent('e').build());
 * const pik = engine.createInstance('order', { orderId: 'A-1' });
 * engine.completeJob(engine.jobs({ type: 'pay' })[0]!.key, { paid: true });
 * engine.instanceState(pik); // 'COMPLETED'
 * ```
 */
import type { ProcessGraph } from '@osprey/bpmn';
import {
  type ChildInstanceRecord,
  CommandRejection,
  execute,
  firstTimerStartDue,
  nextCycleDue,
  type Command,
  type EngineRecord,
  type InstanceState,
  type JsonValue,
  type UserTaskChanges,
} from '@osprey/runtime';
import { resolveCalledProcess } from './in-memory/called-process';
import {
  compareKeys,
  InMemoryTables,
  sortedRows,
  type IncidentRow,
  type JobRow,
  type MessageSubscriptionRow,
  type SignalSubscriptionRow,
  type TimerRow,
  type UserTaskRow,
} from './in-memory/tables';

export type {
  IncidentRow,
  JobRow,
  MessageSubscriptionRow,
  SignalSubscriptionRow,
  TimerRow,
  UserTaskRow,
} from './in-memory/tables';

type Vars = Readonly<Record<string, JsonValue>>;

/** A published message kept for its time to live. */
interface BufferedMessage {
  readonly key: string;
  readonly name: string;
  readonly correlationKey: string;
  readonly variables: Vars;
  readonly expiresAt: number;
  readonly messageId?: string;
  /** Instances it already correlated to: a message correlates once per instance. */
  readonly correlatedTo: Set<string>;
}

/** A deployed process definition. */
export interface DeployedProcess {
  /** The deployment it came with (a call activity binding `deployment` looks there). */
  readonly deploymentKey: string;
  readonly processDefinitionKey: string;
  readonly bpmnProcessId: string;
  readonly version: number;
  readonly graph: ProcessGraph;
}

interface Instance {
  state: InstanceState;
  readonly definition: DeployedProcess;
}

/** Options of {@link InMemoryEngine}. */
export interface InMemoryEngineOptions {
  /** Start of the clock (ms since the epoch or an ISO date-time). @default 2026-01-01T00:00:00Z */
  readonly now?: number | string;
  /** @default '<default>' */
  readonly tenantId?: string;
}

/** The engine in memory. Every method runs synchronously to completion. */
export class InMemoryEngine {
  /** The clock, ms since the epoch. */
  now: number;
  readonly tenantId: string;
  private lastKey = 2251799813685248;
  private readonly allRecords: EngineRecord[] = [];
  private lastCommandRecords: EngineRecord[] = [];
  private readonly definitions = new Map<string, DeployedProcess[]>();
  private readonly instances = new Map<string, Instance>();
  private readonly tables = new InMemoryTables();
  private readonly messageBuffer: BufferedMessage[] = [];
  /** Deliveries the records of a command asked for, run after it (signals, buffered messages). */
  private readonly followUps: (() => void)[] = [];
  private draining = false;
  /** Child instances whose cancellation their parent asked for (it needs no report back). */
  private readonly cancelledByParent = new Set<string>();

  constructor(opts: InMemoryEngineOptions = {}) {
    this.now =
      typeof opts.now === 'string' ? Date.parse(opts.now) : (opts.now ?? Date.parse('2026-01-01T00:00:00Z'));
    this.tenantId = opts.tenantId ?? '<default>';
  }

  /** A fresh key (decimal int64 string), as the store would allocate it. */
  nextKey(): string {
    return String(++this.lastKey);
  }

  // ---- deployment and instances --------------------------------------------------------

  /** Deploys `graph` as the next version of its process; opens the timers of its timer start events. */
  deploy(graph: ProcessGraph): DeployedProcess {
    return this.deployAll([graph])[0]!;
  }

  /** Deploys several processes in one deployment (see {@link deploy}). */
  deployAll(graphs: readonly ProcessGraph[]): DeployedProcess[] {
    const deploymentKey = this.nextKey();
    return graphs.map((graph) => this.deployOne(graph, deploymentKey));
  }

  private deployOne(graph: ProcessGraph, deploymentKey: string): DeployedProcess {
    const versions = this.definitions.get(graph.processId) ?? [];
    const deployed: DeployedProcess = {
      deploymentKey,
      processDefinitionKey: this.nextKey(),
      bpmnProcessId: graph.processId,
      version: versions.length + 1,
      graph,
    };
    // A new version replaces the timer start events of the previous one, as in Camunda 8.
    for (const [key, row] of this.tables.timers) {
      if (
        row.processInstanceKey === null &&
        versions.some((v) => v.processDefinitionKey === row.processDefinitionKey)
      )
        this.tables.timers.delete(key);
    }
    this.definitions.set(graph.processId, [...versions, deployed]);
    for (const id of graph.startEvents.timer) {
      const schedule = firstTimerStartDue(graph.elements.get(id)!, this.now);
      if (!schedule.ok) throw new Error(schedule.message);
      const { dueDate, repetitions, interval } = schedule.value;
      const key = this.nextKey();
      this.tables.timers.set(key, {
        key,
        processInstanceKey: null,
        elementInstanceKey: '-1',
        targetElementId: id,
        dueDate,
        repetitions,
        ...(interval ? { interval } : {}),
        processDefinitionKey: deployed.processDefinitionKey,
        tenantId: this.tenantId,
      });
    }
    return deployed;
  }

  /** Creates an instance of the latest version of `bpmnProcessId`; returns its key. */
  createInstance(
    bpmnProcessId: string,
    variables: Vars = {},
    opts: { startElementId?: string; version?: number } = {},
  ): string {
    const definition = this.definition(bpmnProcessId, opts.version);
    const processInstanceKey = this.nextKey();
    this.run(null, definition, {
      type: 'CREATE_INSTANCE',
      processInstanceKey,
      processDefinitionKey: definition.processDefinitionKey,
      version: definition.version,
      tenantId: this.tenantId,
      variables,
      ...(opts.startElementId ? { startElementId: opts.startElementId } : {}),
    });
    return processInstanceKey;
  }

  /** Cancels instance `processInstanceKey`. */
  cancel(processInstanceKey: string): void {
    this.runOn(processInstanceKey, { type: 'CANCEL' });
  }

  /** Sets variables on scope `scopeKey` (an element instance or process instance key). */
  setVariables(scopeKey: string, variables: Vars, local = false): void {
    this.runOn(this.instanceOfScope(scopeKey), { type: 'SET_VARIABLES', scopeKey, variables, local });
  }

  /** Resolves an incident; a job incident makes the job activatable again with `retries` (at least 1). */
  resolveIncident(incidentKey: string, opts: { retries?: number } = {}): void {
    const row = this.tables.incidents.get(incidentKey);
    if (!row) throw new Error(`Expected an open incident '${incidentKey}', but there is none`);
    this.runOn(row.processInstanceKey, { type: 'RESOLVE_INCIDENT', incidentKey });
    const job = row.jobKey ? this.tables.jobs.get(row.jobKey) : undefined;
    if (job && opts.retries !== undefined) job.retries = opts.retries;
  }

  /**
   * Runs any command against instance `processInstanceKey` as the store would (rejections
   * propagate as {@link CommandRejection}s).
   */
  send(processInstanceKey: string, command: Command): void {
    this.runOn(processInstanceKey, command);
  }

  // ---- workers and users ---------------------------------------------------------------

  /** Completes job `jobKey` with `variables`. */
  completeJob(jobKey: string, variables: Vars = {}): void {
    const job = this.job(jobKey);
    this.runOn(job.processInstanceKey, {
      type: 'COMPLETE_JOB',
      jobKey,
      elementInstanceKey: job.elementInstanceKey,
      variables,
    });
  }

  /** Fails job `jobKey`, leaving it `retries` retries (0 raises an incident). */
  failJob(jobKey: string, retries: number, errorMessage = '', retryBackOff = 0): void {
    const job = this.job(jobKey);
    this.runOn(job.processInstanceKey, {
      type: 'FAIL_JOB',
      jobKey,
      elementInstanceKey: job.elementInstanceKey,
      retries,
      errorMessage,
      retryBackOff,
      jobType: job.type,
    });
  }

  /** Throws BPMN error `errorCode` from job `jobKey`. */
  throwError(jobKey: string, errorCode: string, errorMessage = '', variables: Vars = {}): void {
    const job = this.job(jobKey);
    this.runOn(job.processInstanceKey, {
      type: 'THROW_ERROR',
      jobKey,
      elementInstanceKey: job.elementInstanceKey,
      errorCode,
      errorMessage,
      variables,
    });
  }

  /** Assigns user task `userTaskKey` to `assignee` (`null` unassigns); without override, a claim. */
  assignUserTask(userTaskKey: string, assignee: string | null, allowOverride = true): void {
    const task = this.openTask(userTaskKey);
    this.runOn(task.processInstanceKey, {
      type: 'ASSIGN_USER_TASK',
      userTaskKey,
      elementInstanceKey: task.elementInstanceKey,
      assignee,
      allowOverride,
      action: assignee === null ? 'unassign' : allowOverride ? 'assign' : 'claim',
    });
  }

  /** Changes user task `userTaskKey`'s dates, candidates or priority. */
  updateUserTask(userTaskKey: string, changes: UserTaskChanges): void {
    const task = this.openTask(userTaskKey);
    this.runOn(task.processInstanceKey, {
      type: 'UPDATE_USER_TASK',
      userTaskKey,
      elementInstanceKey: task.elementInstanceKey,
      changes,
      action: 'update',
    });
  }

  private openTask(userTaskKey: string): UserTaskRow {
    const task = this.tables.userTasks.get(userTaskKey);
    if (!task) throw new Error(`Expected an open user task '${userTaskKey}', but there is none`);
    return task;
  }

  /** Completes user task `userTaskKey` with `variables`. */
  completeUserTask(userTaskKey: string, variables: Vars = {}): void {
    const task = this.tables.userTasks.get(userTaskKey);
    if (!task) throw new Error(`Expected an open user task '${userTaskKey}', but there is none`);
    this.runOn(task.processInstanceKey, {
      type: 'COMPLETE_USER_TASK',
      userTaskKey,
      elementInstanceKey: task.elementInstanceKey,
      variables,
    });
  }

  // ---- time, messages, signals ---------------------------------------------------------

  /** Moves the clock forward by `ms` and fires every timer that is then due. */
  advanceClock(ms: number): void {
    this.now += ms;
    this.fireDueTimers();
  }

  /**
   * Fires timer `timerKey` now, due or not, leaving every other timer pending (moving the
   * clock would fire all that fall due meanwhile).
   */
  triggerTimer(timerKey: string): void {
    const timer = this.tables.timers.get(timerKey);
    if (!timer) throw new Error(`Expected an open timer '${timerKey}', but there is none`);
    this.topLevel(() => this.fireTimer(timer));
  }

  /**
   * Fires every due timer, earliest first, until none is due (re-armed cycles included). A timer
   * whose element cannot take it now (stopped at an incident while completing) is rejected by
   * the interpreter and stays due, like a row the store would retry later.
   */
  fireDueTimers(): void {
    const rejected = new Set<string>();
    for (;;) {
      const due = [...this.tables.timers.values()]
        .filter((t) => t.dueDate <= this.now && !rejected.has(t.key))
        .sort((a, b) => a.dueDate - b.dueDate || compareKeys(a.key, b.key))[0];
      if (!due) return;
      if (!this.tolerateRejection(() => this.fireTimer(due))) rejected.add(due.key);
    }
  }

  /**
   * Publishes a message: it correlates to one open subscription per instance with that name and
   * correlation key, and starts instances at matching message start events; with a time to
   * live it is buffered for subscriptions opened later.
   */
  publishMessage(
    name: string,
    correlationKey: string,
    variables: Vars = {},
    opts: { timeToLive?: number; messageId?: string } = {},
  ): string {
    if (
      opts.messageId &&
      this.messageBuffer.some((m) => m.messageId === opts.messageId && m.expiresAt > this.now)
    ) {
      throw new Error(
        `Expected a new message id, but a message with id '${opts.messageId}' is already buffered`,
      );
    }
    const message: BufferedMessage = {
      key: this.nextKey(),
      name,
      correlationKey,
      variables,
      expiresAt: this.now + (opts.timeToLive ?? 0),
      ...(opts.messageId ? { messageId: opts.messageId } : {}),
      correlatedTo: new Set(),
    };
    this.topLevel(() => {
      for (const sub of this.sortedRows(this.tables.messageSubscriptions)) {
        if (sub.messageName === name && sub.correlationKey === correlationKey) this.correlate(message, sub);
      }
      for (const definition of this.latestDefinitions()) {
        const start = definition.graph.startEvents.message.find(
          (id) => staticName(definition.graph, id) === name,
        );
        if (start) this.createInstance(definition.bpmnProcessId, variables, { startElementId: start });
      }
      if ((opts.timeToLive ?? 0) > 0) this.messageBuffer.push(message);
    });
    return message.key;
  }

  /** Broadcasts a signal to every open signal subscription and signal start event. */
  broadcastSignal(name: string, variables: Vars = {}): void {
    this.topLevel(() => this.deliverSignal(name, variables));
  }

  // ---- readers -------------------------------------------------------------------------

  /** Every record so far, in order; or those of one instance. */
  records(processInstanceKey?: string): readonly EngineRecord[] {
    return processInstanceKey === undefined
      ? this.allRecords
      : this.allRecords.filter((r) => r.processInstanceKey === processInstanceKey);
  }

  /** The records of the last command run (a top-level call may run several). */
  lastRecords(): readonly EngineRecord[] {
    return this.lastCommandRecords;
  }

  /** The live state of an instance (also after it ended: its final state). */
  state(processInstanceKey: string): InstanceState {
    return this.instance(processInstanceKey).state;
  }

  /** ACTIVE, COMPLETED or TERMINATED. */
  instanceState(processInstanceKey: string): InstanceState['state'] {
    return this.state(processInstanceKey).state;
  }

  /** Keys of all instances created, in creation order. */
  instanceKeys(): string[] {
    return [...this.instances.keys()];
  }

  /** Variables of a scope (default: the process scope), including those of ended scopes. */
  variables(processInstanceKeyOrScope: string): Record<string, JsonValue> {
    return Object.fromEntries(this.tables.variables.get(processInstanceKeyOrScope) ?? []);
  }

  /** Open jobs, oldest first; `activatable` keeps those a worker could take now (retries left, back-off over). */
  jobs(
    filter: { type?: string; processInstanceKey?: string; elementId?: string; activatable?: boolean } = {},
  ): JobRow[] {
    return this.sortedRows(this.tables.jobs).filter(
      (j) =>
        (filter.type === undefined || j.type === filter.type) &&
        (filter.processInstanceKey === undefined || j.processInstanceKey === filter.processInstanceKey) &&
        (filter.elementId === undefined || j.elementId === filter.elementId) &&
        (filter.activatable === undefined ||
          (j.state === 'ACTIVATABLE' && j.retries > 0 && j.activatableAt <= this.now) === filter.activatable),
    );
  }

  /** Open timers (timer start events have no instance), oldest first. */
  timers(processInstanceKey?: string): TimerRow[] {
    return this.sortedRows(this.tables.timers).filter(
      (t) => processInstanceKey === undefined || t.processInstanceKey === processInstanceKey,
    );
  }

  /** Open message subscriptions, oldest first. */
  messageSubscriptions(processInstanceKey?: string): MessageSubscriptionRow[] {
    return this.sortedRows(this.tables.messageSubscriptions).filter(
      (s) => processInstanceKey === undefined || s.processInstanceKey === processInstanceKey,
    );
  }

  /** Open signal subscriptions, oldest first. */
  signalSubscriptions(processInstanceKey?: string): SignalSubscriptionRow[] {
    return this.sortedRows(this.tables.signalSubscriptions).filter(
      (s) => processInstanceKey === undefined || s.processInstanceKey === processInstanceKey,
    );
  }

  /** Open user tasks, oldest first. */
  userTasks(processInstanceKey?: string): UserTaskRow[] {
    return this.sortedRows(this.tables.userTasks).filter(
      (t) => processInstanceKey === undefined || t.processInstanceKey === processInstanceKey,
    );
  }

  /** Open incidents, oldest first. */
  incidents(processInstanceKey?: string): IncidentRow[] {
    return this.sortedRows(this.tables.incidents).filter(
      (i) => processInstanceKey === undefined || i.processInstanceKey === processInstanceKey,
    );
  }

  // ---- internals -----------------------------------------------------------------------

  private definition(bpmnProcessId: string, version?: number): DeployedProcess {
    const versions = this.definitions.get(bpmnProcessId);
    const d =
      version === undefined ? versions?.[versions.length - 1] : versions?.find((v) => v.version === version);
    if (!d)
      throw new Error(
        `Expected a deployed process '${bpmnProcessId}'${version ? ` version ${version}` : ''}, but there is none`,
      );
    return d;
  }

  private latestDefinitions(): DeployedProcess[] {
    return [...this.definitions.values()].map((versions) => versions[versions.length - 1]!);
  }

  private instance(processInstanceKey: string): Instance {
    const i = this.instances.get(processInstanceKey);
    if (!i) throw new Error(`Expected an instance '${processInstanceKey}', but there is none`);
    return i;
  }

  private instanceOfScope(scopeKey: string): string {
    for (const [key, i] of this.instances) if (i.state.elements[scopeKey]) return key;
    throw new Error(`Expected an active scope '${scopeKey}', but there is none`);
  }

  private job(jobKey: string): JobRow {
    const job = this.tables.jobs.get(jobKey);
    if (!job) throw new Error(`Expected an open job '${jobKey}', but there is none`);
    return job;
  }

  private runOn(processInstanceKey: string, command: Command): void {
    const i = this.instance(processInstanceKey);
    this.run(i.state, i.definition, command);
  }

  /** Runs one command, applies its records to the tables, then runs the follow-ups it caused. */
  private run(state: InstanceState | null, definition: DeployedProcess, command: Command): void {
    this.topLevel(() => {
      const result = execute(state, command, {
        now: this.now,
        nextKey: () => this.nextKey(),
        graph: definition.graph,
      });
      const pik = result.state.processInstanceKey;
      this.instances.set(pik, { state: result.state, definition });
      this.lastCommandRecords = [...result.records];
      for (const r of result.records) {
        this.allRecords.push(r);
        this.applyToTables(r);
      }
    });
  }

  /** Runs `fn`, then (outermost call only) the follow-ups queued meanwhile, in order. */
  private topLevel(fn: () => void): void {
    if (this.draining) {
      fn();
      return;
    }
    this.draining = true;
    try {
      fn();
      for (let f = this.followUps.shift(); f; f = this.followUps.shift()) f();
    } finally {
      this.draining = false;
      this.followUps.length = 0;
    }
  }

  /** Applies a record to the tables, then queues the deliveries it asks for. */
  private applyToTables(r: EngineRecord): void {
    this.tables.apply(r, this.now);
    const pik = r.processInstanceKey;
    switch (r.valueType) {
      case 'MESSAGE_SUBSCRIPTION': {
        const row = this.tables.messageSubscriptions.get(r.key);
        if (r.intent === 'CREATED' && row) this.followUps.push(() => this.correlateBuffered(row));
        return;
      }
      case 'SIGNAL':
        this.followUps.push(() => this.deliverSignal(r.value.signalName, r.value.variables));
        return;
      case 'CHILD_INSTANCE':
        if (r.intent === 'CREATED') this.followUps.push(() => this.createChild(r));
        if (r.intent === 'CANCELED') this.followUps.push(() => this.cancelChild(r.key));
        return;
      case 'PROCESS_INSTANCE_RESULT': {
        const { parentProcessInstanceKey, parentElementInstanceKey, variables } = r.value;
        this.followUps.push(() =>
          this.tolerateRejection(() =>
            this.runOn(parentProcessInstanceKey, {
              type: 'CHILD_COMPLETED',
              elementInstanceKey: parentElementInstanceKey,
              childProcessInstanceKey: pik,
              variables,
            }),
          ),
        );
        return;
      }
      case 'PROCESS_INSTANCE':
        if (r.intent === 'ELEMENT_TERMINATED' && r.value.flowScopeKey === null) this.childEnded(r.key);
        return;
      default:
        return;
    }
  }

  /** The store's part of CHILD_INSTANCE CREATED: resolve the called process and start it. */
  private createChild(r: ChildInstanceRecord): void {
    const caller = this.instance(r.processInstanceKey).definition;
    const versions = this.definitions.get(r.value.calledProcessId) ?? [];
    const resolved = resolveCalledProcess(r.value, versions, caller);
    if (!resolved.ok) {
      this.tolerateRejection(() =>
        this.runOn(r.processInstanceKey, {
          type: 'CHILD_CREATION_FAILED',
          elementInstanceKey: r.value.elementInstanceKey,
          childProcessInstanceKey: r.key,
          errorMessage: resolved.message,
        }),
      );
      return;
    }
    const definition = resolved.value;
    this.run(null, definition, {
      type: 'CREATE_INSTANCE',
      processInstanceKey: r.key,
      processDefinitionKey: definition.processDefinitionKey,
      version: definition.version,
      tenantId: this.tenantId,
      variables: r.value.variables ?? {},
      parentProcessInstanceKey: r.processInstanceKey,
      parentElementInstanceKey: r.value.elementInstanceKey,
    });
  }

  /** The store's part of CHILD_INSTANCE CANCELED: the child is cancelled, without a report back. */
  private cancelChild(childKey: string): void {
    this.cancelledByParent.add(childKey);
    if (this.instances.get(childKey)?.state.state === 'ACTIVE') this.cancel(childKey);
  }

  /** A child that ended TERMINATED without its parent asking: the parent hears CHILD_TERMINATED. */
  private childEnded(childKey: string): void {
    const child = this.instances.get(childKey)?.state;
    const parentKey = child?.parentProcessInstanceKey;
    const elementInstanceKey = child?.parentElementInstanceKey;
    if (!parentKey || !elementInstanceKey || this.cancelledByParent.has(childKey)) return;
    this.followUps.push(() =>
      this.tolerateRejection(() =>
        this.runOn(parentKey, {
          type: 'CHILD_TERMINATED',
          elementInstanceKey,
          childProcessInstanceKey: childKey,
        }),
      ),
    );
  }

  private fireTimer(timer: TimerRow): void {
    if (timer.processInstanceKey !== null) {
      this.runOn(timer.processInstanceKey, {
        type: 'TRIGGER_TIMER',
        timerKey: timer.key,
        elementInstanceKey: timer.elementInstanceKey,
        targetElementId: timer.targetElementId,
        dueDate: timer.dueDate,
        repetitions: timer.repetitions,
        ...(timer.interval ? { interval: timer.interval } : {}),
      });
      return;
    }
    // A timer start event: a new instance per firing, and the store re-arms the cycle.
    this.tables.timers.delete(timer.key);
    const definition = [...this.definitions.values()]
      .flat()
      .find((d) => d.processDefinitionKey === timer.processDefinitionKey)!;
    const next = nextCycleDue(timer, this.now);
    if (next.ok && next.value) {
      const key = this.nextKey();
      this.tables.timers.set(key, {
        ...timer,
        key,
        dueDate: next.value.dueDate,
        repetitions: next.value.repetitions,
      });
    }
    this.createInstance(
      definition.bpmnProcessId,
      {},
      { startElementId: timer.targetElementId, version: definition.version },
    );
  }

  private correlate(message: BufferedMessage, sub: MessageSubscriptionRow): void {
    if (message.correlatedTo.has(sub.processInstanceKey) || !this.tables.messageSubscriptions.has(sub.key))
      return;
    const correlated = this.tolerateRejection(() =>
      this.runOn(sub.processInstanceKey, {
        type: 'CORRELATE_MESSAGE',
        subscriptionKey: sub.key,
        elementInstanceKey: sub.elementInstanceKey,
        targetElementId: sub.targetElementId,
        messageKey: message.key,
        messageName: message.name,
        correlationKey: message.correlationKey,
        variables: message.variables,
      }),
    );
    if (correlated) message.correlatedTo.add(sub.processInstanceKey);
  }

  /** Runs a delivery; a {@link CommandRejection} (the element cannot take it now) returns false. */
  private tolerateRejection(fn: () => void): boolean {
    try {
      fn();
      return true;
    } catch (err) {
      if (err instanceof CommandRejection) return false;
      throw err;
    }
  }

  private correlateBuffered(sub: MessageSubscriptionRow): void {
    const message = this.messageBuffer.find(
      (m) =>
        m.expiresAt > this.now &&
        m.name === sub.messageName &&
        m.correlationKey === sub.correlationKey &&
        !m.correlatedTo.has(sub.processInstanceKey),
    );
    if (message) this.correlate(message, sub);
  }

  private deliverSignal(name: string, variables: Vars): void {
    for (const sub of this.sortedRows(this.tables.signalSubscriptions)) {
      if (sub.signalName !== name || !this.tables.signalSubscriptions.has(sub.key)) continue;
      if (this.instances.get(sub.processInstanceKey)?.state.state !== 'ACTIVE') continue;
      this.tolerateRejection(() =>
        this.runOn(sub.processInstanceKey, {
          type: 'TRIGGER_SIGNAL',
          subscriptionKey: sub.key,
          elementInstanceKey: sub.elementInstanceKey,
          targetElementId: sub.targetElementId,
          variables,
        }),
      );
    }
    for (const definition of this.latestDefinitions()) {
      const start = definition.graph.startEvents.signal.find(
        (id) => staticName(definition.graph, id) === name,
      );
      if (start) this.createInstance(definition.bpmnProcessId, variables, { startElementId: start });
    }
  }

  private sortedRows<T extends { key: string }>(rows: Map<string, T>): T[] {
    return sortedRows(rows);
  }
}

/** The static message or signal name of a start event (start events cannot use variables). */
function staticName(graph: ProcessGraph, id: string): string | undefined {
  const ed = graph.elements.get(id)?.eventDefinition;
  const name = ed?.kind === 'message' ? ed.messageName : ed?.kind === 'signal' ? ed.signalName : undefined;
  return name?.kind === 'static' ? name.value : name?.source.replace(/^"(.*)"$/, '$1');
}

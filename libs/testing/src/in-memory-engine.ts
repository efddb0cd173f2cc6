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
 * engine.deploy(createProcess('order').startEvent('s').serviceTask('t', { type: 'pay' }).endEvent('e').build());
 * const pik = engine.createInstance('order', { orderId: 'A-1' });
 * engine.completeJob(engine.jobs({ type: 'pay' })[0]!.key, { paid: true });
 * engine.instanceState(pik); // 'COMPLETED'
 * ```
 */
import type { ProcessGraph } from '@osprey/bpmn';
import {
  CommandRejection,
  execute,
  firstTimerStartDue,
  nextCycleDue,
  type Command,
  type EngineRecord,
  type IncidentRecord,
  type InstanceState,
  type JobRecord,
  type JsonValue,
  type MessageSubscriptionRecord,
  type SignalSubscriptionRecord,
  type TimerRecord,
  type UserTaskRecord,
} from '@osprey/runtime';

type Vars = Readonly<Record<string, JsonValue>>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A job row. `state` — ACTIVATABLE: a worker may take it; FAILED: out of retries (an incident
 * is open); ERROR_THROWN: waiting for the outcome of the error it threw. Not activatable
 * before `activatableAt` (retry back-off).
 */
export type JobRow = Mutable<Omit<JobRecord['value'], 'variables'>> & {
  readonly key: string;
  readonly processInstanceKey: string;
  state: 'ACTIVATABLE' | 'FAILED' | 'ERROR_THROWN';
  activatableAt: number;
};

/** A timer row; `processInstanceKey` is `null` for a timer start event. */
export type TimerRow = TimerRecord['value'] & {
  readonly key: string;
  readonly processInstanceKey: string | null;
};

/** A message subscription row. */
export type MessageSubscriptionRow = MessageSubscriptionRecord['value'] & {
  readonly key: string;
  readonly processInstanceKey: string;
};
/** A signal subscription row. */
export type SignalSubscriptionRow = SignalSubscriptionRecord['value'] & {
  readonly key: string;
  readonly processInstanceKey: string;
};
/** A user task row. */
export type UserTaskRow = UserTaskRecord['value'] & {
  readonly key: string;
  readonly processInstanceKey: string;
};
/** An incident row. */
export type IncidentRow = IncidentRecord['value'] & {
  readonly key: string;
  readonly processInstanceKey: string;
};

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
  private readonly jobRows = new Map<string, JobRow>();
  private readonly timerRows = new Map<string, TimerRow>();
  private readonly messageSubscriptionRows = new Map<string, MessageSubscriptionRow>();
  private readonly signalSubscriptionRows = new Map<string, SignalSubscriptionRow>();
  private readonly userTaskRows = new Map<string, UserTaskRow>();
  private readonly incidentRows = new Map<string, IncidentRow>();
  /** Latest value of every variable ever set: scope key → name → value (kept after scopes end). */
  private readonly variableRows = new Map<string, Map<string, JsonValue>>();
  private readonly messageBuffer: BufferedMessage[] = [];
  /** Deliveries the records of a command asked for, run after it (signals, buffered messages). */
  private readonly followUps: (() => void)[] = [];
  private draining = false;

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
    const versions = this.definitions.get(graph.processId) ?? [];
    const deployed: DeployedProcess = {
      processDefinitionKey: this.nextKey(),
      bpmnProcessId: graph.processId,
      version: versions.length + 1,
      graph,
    };
    // A new version replaces the timer start events of the previous one, as in Camunda 8.
    for (const [key, row] of this.timerRows) {
      if (
        row.processInstanceKey === null &&
        versions.some((v) => v.processDefinitionKey === row.processDefinitionKey)
      )
        this.timerRows.delete(key);
    }
    this.definitions.set(graph.processId, [...versions, deployed]);
    for (const id of graph.startEvents.timer) {
      const schedule = firstTimerStartDue(graph.elements.get(id)!, this.now);
      if (!schedule.ok) throw new Error(schedule.message);
      const { dueDate, repetitions, interval } = schedule.value;
      const key = this.nextKey();
      this.timerRows.set(key, {
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
    const row = this.incidentRows.get(incidentKey);
    if (!row) throw new Error(`Expected an open incident '${incidentKey}', but there is none`);
    this.runOn(row.processInstanceKey, { type: 'RESOLVE_INCIDENT', incidentKey });
    const job = row.jobKey ? this.jobRows.get(row.jobKey) : undefined;
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

  /** Completes user task `userTaskKey` with `variables`. */
  completeUserTask(userTaskKey: string, variables: Vars = {}): void {
    const task = this.userTaskRows.get(userTaskKey);
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
   * Fires every due timer, earliest first, until none is due (re-armed cycles included). A timer
   * whose element cannot take it now (stopped at an incident while completing) is rejected by
   * the interpreter and stays due, like a row the store would retry later.
   */
  fireDueTimers(): void {
    const rejected = new Set<string>();
    for (;;) {
      const due = [...this.timerRows.values()]
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
      for (const sub of this.sortedRows(this.messageSubscriptionRows)) {
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
    return Object.fromEntries(this.variableRows.get(processInstanceKeyOrScope) ?? []);
  }

  /** Open jobs, oldest first; `activatable` keeps those a worker could take now (retries left, back-off over). */
  jobs(
    filter: { type?: string; processInstanceKey?: string; elementId?: string; activatable?: boolean } = {},
  ): JobRow[] {
    return this.sortedRows(this.jobRows).filter(
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
    return this.sortedRows(this.timerRows).filter(
      (t) => processInstanceKey === undefined || t.processInstanceKey === processInstanceKey,
    );
  }

  /** Open message subscriptions, oldest first. */
  messageSubscriptions(processInstanceKey?: string): MessageSubscriptionRow[] {
    return this.sortedRows(this.messageSubscriptionRows).filter(
      (s) => processInstanceKey === undefined || s.processInstanceKey === processInstanceKey,
    );
  }

  /** Open signal subscriptions, oldest first. */
  signalSubscriptions(processInstanceKey?: string): SignalSubscriptionRow[] {
    return this.sortedRows(this.signalSubscriptionRows).filter(
      (s) => processInstanceKey === undefined || s.processInstanceKey === processInstanceKey,
    );
  }

  /** Open user tasks, oldest first. */
  userTasks(processInstanceKey?: string): UserTaskRow[] {
    return this.sortedRows(this.userTaskRows).filter(
      (t) => processInstanceKey === undefined || t.processInstanceKey === processInstanceKey,
    );
  }

  /** Open incidents, oldest first. */
  incidents(processInstanceKey?: string): IncidentRow[] {
    return this.sortedRows(this.incidentRows).filter(
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
    const job = this.jobRows.get(jobKey);
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

  private applyToTables(r: EngineRecord): void {
    const pik = r.processInstanceKey;
    switch (r.valueType) {
      case 'JOB':
        return this.applyJob(r);
      case 'TIMER':
        if (r.intent === 'CREATED')
          this.timerRows.set(r.key, { ...r.value, key: r.key, processInstanceKey: pik });
        else this.timerRows.delete(r.key);
        return;
      case 'MESSAGE_SUBSCRIPTION':
        if (r.intent === 'CREATED') {
          const row = { ...r.value, key: r.key, processInstanceKey: pik };
          this.messageSubscriptionRows.set(r.key, row);
          this.followUps.push(() => this.correlateBuffered(row));
        } else if (r.intent === 'DELETED' || r.value.interrupting) this.messageSubscriptionRows.delete(r.key);
        return;
      case 'SIGNAL_SUBSCRIPTION':
        if (r.intent === 'CREATED')
          this.signalSubscriptionRows.set(r.key, { ...r.value, key: r.key, processInstanceKey: pik });
        else this.signalSubscriptionRows.delete(r.key);
        return;
      case 'USER_TASK':
        if (r.intent === 'CREATED')
          this.userTaskRows.set(r.key, { ...r.value, key: r.key, processInstanceKey: pik });
        else this.userTaskRows.delete(r.key);
        return;
      case 'INCIDENT': {
        if (r.intent === 'CREATED') {
          this.incidentRows.set(r.key, { ...r.value, key: r.key, processInstanceKey: pik });
          return;
        }
        this.incidentRows.delete(r.key);
        // Resolving a job incident makes the job activatable again (with at least one retry).
        const job = r.value.jobKey ? this.jobRows.get(r.value.jobKey) : undefined;
        if (job) {
          job.state = 'ACTIVATABLE';
          job.retries = Math.max(job.retries, 1);
          job.activatableAt = this.now;
        }
        return;
      }
      case 'VARIABLE': {
        let scope = this.variableRows.get(r.value.scopeKey);
        if (!scope) this.variableRows.set(r.value.scopeKey, (scope = new Map()));
        scope.set(r.value.name, r.value.value);
        return;
      }
      case 'SIGNAL':
        this.followUps.push(() => this.deliverSignal(r.value.signalName, r.value.variables));
        return;
      case 'PROCESS_INSTANCE':
        return;
    }
  }

  private applyJob(r: JobRecord): void {
    const existing = this.jobRows.get(r.key);
    switch (r.intent) {
      case 'CREATED': {
        const { variables: _variables, ...value } = r.value;
        this.jobRows.set(r.key, {
          ...value,
          key: r.key,
          processInstanceKey: r.processInstanceKey,
          state: 'ACTIVATABLE',
          activatableAt: this.now,
        });
        return;
      }
      case 'COMPLETED':
      case 'CANCELED':
        this.jobRows.delete(r.key);
        return;
      case 'FAILED':
        if (!existing) return;
        existing.retries = r.value.retries;
        existing.state = r.value.retries > 0 ? 'ACTIVATABLE' : 'FAILED';
        existing.activatableAt = this.now + (r.value.retryBackOff ?? 0);
        if (r.value.errorMessage !== undefined) existing.errorMessage = r.value.errorMessage;
        return;
      case 'ERROR_THROWN':
        if (existing) existing.state = 'ERROR_THROWN';
        return;
    }
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
    this.timerRows.delete(timer.key);
    const definition = [...this.definitions.values()]
      .flat()
      .find((d) => d.processDefinitionKey === timer.processDefinitionKey)!;
    const next = nextCycleDue(timer, this.now);
    if (next.ok && next.value) {
      const key = this.nextKey();
      this.timerRows.set(key, {
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
    if (message.correlatedTo.has(sub.processInstanceKey) || !this.messageSubscriptionRows.has(sub.key))
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
    for (const sub of this.sortedRows(this.signalSubscriptionRows)) {
      if (sub.signalName !== name || !this.signalSubscriptionRows.has(sub.key)) continue;
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
    return [...rows.values()].sort((a, b) => compareKeys(a.key, b.key));
  }
}

function compareKeys(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The static message or signal name of a start event (start events cannot use variables). */
function staticName(graph: ProcessGraph, id: string): string | undefined {
  const ed = graph.elements.get(id)?.eventDefinition;
  const name = ed?.kind === 'message' ? ed.messageName : ed?.kind === 'signal' ? ed.signalName : undefined;
  return name?.kind === 'static' ? name.value : name?.source.replace(/^"(.*)"$/, '$1');
}

import { lockMessageRendezvous } from './message-rendezvous';
import { randomInt } from 'node:crypto';
import { CommandDecisions, DecisionNotLoaded } from '../decisions/command-decisions';
import {
  execute,
  CommandRejection,
  type Command,
  type CreateInstanceCommand,
  type ExecutionResult,
  type InstanceState,
  type MigrateInstanceCommand,
} from '@osprey/runtime';
import type { ProcessGraph } from '@osprey/bpmn';
import { readEarly, type Sql } from '../database';
import { KeysExhausted, type KeyAllocator, isKey } from '../keys';
import type { DefinitionRepository } from '../definitions/definition.repository';
import { RecordWriter, type WriteOutcome } from '../instances/record-writer';
import type { OutboxPolicy } from '../instances/outbox';
import { parseRuntime } from '../instances/runtime-document';
import { callActivityWork, missingCalledProcess, resolveCalledDefinition, type ChildRequest } from './call-activities';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { TenantScope } from '../tenants/tenant-scope';
import { VariableLimits } from './variable-limits';
import type { EngineRecord, JsonValue } from '@osprey/runtime';
import { inSpan } from '../tracing/spans';

/** Collects what must happen after the transaction commits (waking long-polls, …). */
export interface AfterCommit {
  readonly jobTypes: Set<string>;
  readonly endedInstances: Set<string>;
  /** Every record the transaction wrote, in order (metrics read them after commit). */
  readonly records: EngineRecord[];
  /**
   * Interpreter steps the transaction's commands ran so far: every command in one transaction
   * (a called child's start, a parent's completion, a signal's targets) shares one step bound.
   */
  steps: number;
  /** Instances left with work for a CONTINUE command (the executor is nudged after commit). */
  readonly continued: Set<string>;
  /** Kafka outbox rows the transaction wrote (the relay is woken after commit, on every replica). */
  outboxRows: number;
}

/** A fresh {@link AfterCommit}, for one transaction. */
export function afterCommit(): AfterCommit {
  return { jobTypes: new Set(), endedInstances: new Set(), records: [], steps: 0, continued: new Set(), outboxRows: 0 };
}

/**
 * @see CommandPipeline.maxSteps — measured: a step of a loop of FEEL script tasks and gateways
 * costs about 27 µs of interpreter time and writes 5.5 records (about as much again to turn them
 * into rows), so 100 steps hold the event loop for about 5 ms; ordinary commands (a start that
 * reaches its first task) take fewer than 20.
 */
export const DEFAULT_MAX_STEPS = 100;
/** @see CommandPipeline.maxCallDepth (Zeebe's default maximum process depth, too) */
export const DEFAULT_MAX_CALL_DEPTH = 1000;

/** An instance row as the lock query reads it. */
interface LockedRow {
  key: string;
  runtime: InstanceState | string | null;
  state: string;
  tenantId: string;
  now: number;
}

/** The instance's columns of {@link CommandPipeline.lockWithJob}, named apart from the job's. */
interface LockedInstanceColumns {
  instanceKey: string;
  instanceRuntime: InstanceState | string | null;
  instanceState: string;
  instanceNow: number;
}

/** A job and its instance, locked by {@link CommandPipeline.lockWithJobs}. */
export interface LockedJob<J> {
  readonly instanceKey: string;
  readonly jobKey: string;
  /** The instance's live state, or why no command can run on it (it ended). */
  readonly state: InstanceState | ConflictError;
  readonly job: J;
}

/** Result of a command on one instance. */
export interface CommandOutcome extends ExecutionResult {
  readonly graph: ProcessGraph;
}

/**
 * The heart of "how a command runs": lock the instance row, load its live state, hand state and
 * command to the interpreter, write the records — then run the follow-ups the records imply
 * (a buffered message for a subscription that just opened, a thrown signal) in the same
 * transaction.
 */
export class CommandPipeline {
  private readonly writer: RecordWriter;
  /** Size limits on variables from requests (set from the engine's configuration). */
  variableLimits = new VariableLimits();
  /**
   * `OSPREY_MAX_STEPS_PER_TRANSACTION`: interpreter steps one transaction runs before it commits
   * and leaves the rest to a CONTINUE command (ADR 0009).
   */
  maxSteps = DEFAULT_MAX_STEPS;
  /** `OSPREY_MAX_CALL_DEPTH`: call activities deep an instance may be called; deeper is an incident. */
  maxCallDepth = DEFAULT_MAX_CALL_DEPTH;

  constructor(
    private readonly keys: KeyAllocator,
    private readonly definitions: DefinitionRepository,
  ) {
    this.writer = new RecordWriter(keys);
  }

  /** Routes jobs and events of later commands through the Kafka outbox. */
  setOutboxPolicy(policy: OutboxPolicy): void {
    this.writer.outbox = policy;
  }

  /** The database clock, in ms since the epoch, as seen by this transaction. */
  async now(sql: Sql): Promise<number> {
    // now() is the transaction's start time, so one read serves the whole transaction; the
    // instance lock query reads it too, saving a round trip per command.
    const cached = this.clock.get(sql);
    if (cached !== undefined) return cached;
    const [row] = await readEarly<{ now: number }>(sql, `SELECT (extract(epoch FROM now()) * 1000)::float8 AS now`);
    this.clock.set(sql, Number(row!.now));
    return Number(row!.now);
  }

  /** The database clock per transaction (see {@link now}). */
  private readonly clock = new WeakMap<Sql, number>();

  /** Tells {@link now} the transaction's clock, which the caller read with another statement (saves a round trip). */
  knowNow(sql: Sql, now: number): void {
    this.clock.set(sql, now);
  }

  /**
   * Locks `processInstanceKey` (`SELECT … FOR UPDATE`: commands of one instance run one at a
   * time) and runs the command `build` makes from the locked state.
   * @throws NotFoundError for an unknown instance (or one of a tenant out of `scope`), ConflictError for an ended one
   */
  async onInstance(
    sql: Sql,
    processInstanceKey: string,
    build: (state: InstanceState) => Command,
    after: AfterCommit,
    scope = TenantScope.ANY,
  ): Promise<CommandOutcome> {
    const state = await this.lock(sql, processInstanceKey, { scope });
    return this.runLocked(sql, state, build(state), after);
  }

  /** Runs a command on an instance the caller already locked with {@link lock}. */
  async runLocked(sql: Sql, state: InstanceState, command: Command, after: AfterCommit): Promise<CommandOutcome> {
    const graph = (await this.definitions.get(state.processDefinitionKey, sql)).graph;
    const now = await this.now(sql);
    return this.run(sql, state, command, graph, now, false, after);
  }

  /**
   * Runs MIGRATE on an instance the caller locked: the interpreter gets the instance's graph and
   * `targetGraph` (`ExecutionContext.targetGraph`), and the rows are written against the target.
   */
  async migrateLocked(
    sql: Sql,
    state: InstanceState,
    command: MigrateInstanceCommand,
    targetGraph: ProcessGraph,
    after: AfterCommit,
  ): Promise<CommandOutcome> {
    const graph = (await this.definitions.get(state.processDefinitionKey, sql)).graph;
    const now = await this.now(sql);
    return this.run(sql, state, command, graph, now, false, after, targetGraph);
  }

  /**
   * Locks an instance and returns its live state. An instance of a tenant out of `options.scope`
   * is not found, whatever its state, so neither its existence nor its state shows.
   */
  async lock(sql: Sql, processInstanceKey: string, options: { scope?: TenantScope } = {}): Promise<InstanceState> {
    const missing = `Process instance with key '${processInstanceKey}' not found`;
    if (!isKey(processInstanceKey)) throw new NotFoundError(missing);
    const row = await this.lockRow(sql, `key = $1 FOR UPDATE`, processInstanceKey);
    if (!row) throw new NotFoundError(missing);
    options.scope?.visible(row.tenantId, missing);
    return this.liveState(sql, row, processInstanceKey);
  }

  /**
   * Locks the instance unless another command holds it (`SKIP LOCKED`), for background sweeps
   * that retry on their next tick instead of blocking. `'skipped'` when the row is locked
   * elsewhere, gone or no longer active: the sweep has nothing to do there now. Database errors
   * are thrown, never mistaken for a skip.
   */
  async tryLock(sql: Sql, processInstanceKey: string): Promise<InstanceState | 'skipped'> {
    if (!isKey(processInstanceKey)) return 'skipped';
    const row = await this.lockRow(sql, `key = $1 FOR UPDATE SKIP LOCKED`, processInstanceKey);
    if (!row?.runtime) return 'skipped';
    return this.liveState(sql, row, processInstanceKey);
  }

  /**
   * Locks the instance of job `jobKey` and returns its live state, or undefined when there is no
   * such job. Finding the instance through the job in the lock query saves a round trip per job
   * command; the job row itself is neither read nor locked here, so the caller keeps the lock
   * order instance → job.
   * @throws ConflictError for an ended instance
   */
  async lockThroughJob(sql: Sql, jobKey: string): Promise<InstanceState | undefined> {
    if (!isKey(jobKey)) return undefined;
    // A job's instance key never changes, so reading it without a lock is safe.
    const row = await this.lockRow(sql, `key = (SELECT process_instance_key FROM job WHERE key = $1::bigint) FOR UPDATE`, jobKey);
    return row ? this.liveState(sql, row, row.key) : undefined;
  }

  /**
   * Locks the instance of job `jobKey` and the job row in one statement — the instance first,
   * then the job, the lock order of every command — and returns the live state with the job's
   * `jobColumns` (of `job j`). One round trip instead of two per job command. Undefined when
   * there is no such pair, or when the job ended while the locks were awaited: the caller then
   * asks {@link lockThroughJob} what became of it.
   * @throws ConflictError for an ended instance
   */
  async lockWithJob<J>(sql: Sql, jobKey: string, jobColumns: string): Promise<{ state: InstanceState; job: J } | undefined> {
    if (!isKey(jobKey)) return undefined;
    const [pair] = await this.lockJobs<J>(sql, jobColumns, `j.key = $1::bigint`, jobKey);
    if (!pair) return undefined;
    if (pair.state instanceof ConflictError) throw pair.state;
    return { state: pair.state, job: pair.job };
  }

  /**
   * {@link lockWithJob} for several jobs in one statement (a group commit of job answers): the
   * instances are locked in key order, each then its job, so the locks two groups take here never
   * wait on each other in a cycle. Keys not in the map: no such pair now.
   */
  async lockWithJobs<J>(sql: Sql, jobKeys: readonly string[], jobColumns: string): Promise<Map<string, LockedJob<J>>> {
    const keys = jobKeys.filter(isKey);
    if (keys.length === 0) return new Map();
    const pairs = await this.lockJobs<J>(sql, jobColumns, `j.key = ANY($1::bigint[]) ORDER BY p.key, j.key`, keys);
    return new Map(pairs.map((pair) => [pair.jobKey, pair]));
  }

  /** Jobs matching `where` (one parameter, `$1`) with their instances, locked instance first. */
  private async lockJobs<J>(sql: Sql, jobColumns: string, where: string, param: unknown): Promise<LockedJob<J>[]> {
    // FOR UPDATE OF p, j locks each joined row in that order.
    const rows = await sql.rows<J & LockedInstanceColumns & { lockedJobKey: string }>(
      `SELECT p.key::text AS "instanceKey", p.runtime AS "instanceRuntime", p.state AS "instanceState",
              (extract(epoch FROM now()) * 1000)::float8 AS "instanceNow", j.key::text AS "lockedJobKey", ${jobColumns}
         FROM job j JOIN process_instance p ON p.key = j.process_instance_key
        WHERE ${where}
          FOR UPDATE OF p, j`,
      [param],
    );
    return rows.map((row) => {
      const { instanceKey, instanceRuntime, instanceState, instanceNow, lockedJobKey, ...job } = row;
      let state: InstanceState | ConflictError;
      try {
        state = this.liveState(sql, { runtime: instanceRuntime, state: instanceState, now: instanceNow }, instanceKey);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        state = error;
      }
      return { instanceKey, jobKey: lockedJobKey, state, job: job as unknown as J };
    });
  }

  /** The instance row matching `where` (one parameter, `$1`), with the transaction's clock. */
  private async lockRow(sql: Sql, where: string, param: string): Promise<LockedRow | undefined> {
    const [row] = await sql.rows<LockedRow>(
      `SELECT key::text AS key, runtime, state, tenant_id AS "tenantId", (extract(epoch FROM now()) * 1000)::float8 AS now
         FROM process_instance WHERE ${where}`,
      [param],
    );
    return row;
  }

  /** The state of a locked row; remembers the clock the lock query read. */
  private liveState(sql: Sql, row: Pick<LockedRow, 'runtime' | 'state' | 'now'>, processInstanceKey: string): InstanceState {
    this.clock.set(sql, Number(row.now));
    if (!row.runtime) {
      throw new ConflictError(`Expected process instance '${processInstanceKey}' to be active, but it is ${row.state}`);
    }
    return parseRuntime(row.runtime);
  }

  /** Creates and runs a new instance of `graph` in the caller's transaction. */
  async create(
    sql: Sql,
    graph: ProcessGraph,
    command: Omit<CreateInstanceCommand, 'type' | 'processInstanceKey'>,
    after: AfterCommit,
  ): Promise<CommandOutcome> {
    const [processInstanceKey] = await this.keys.take(1, sql);
    const now = await this.now(sql);
    return this.run(sql, null, { type: 'CREATE_INSTANCE', processInstanceKey, ...command }, graph, now, true, after);
  }

  private async run(
    sql: Sql,
    state: InstanceState | null,
    command: Command,
    graph: ProcessGraph,
    now: number,
    isNew: boolean,
    after: AfterCommit,
    targetGraph?: ProcessGraph,
  ): Promise<CommandOutcome> {
    // One span per command, nested for the commands it sets off in the same transaction (a
    // called child's creation, a parent's completion). The instance key is a span attribute,
    // never a metric label.
    const attributes = {
      'osprey.command.type': command.type,
      'osprey.process_instance.key': state?.processInstanceKey ?? (command.type === 'CREATE_INSTANCE' ? command.processInstanceKey : ''),
      'osprey.process_definition.id': graph.processId,
      'db.system.name': 'postgresql',
    };
    return inSpan(`command ${command.type}`, { attributes }, async () => {
      this.variableLimits.checkCommand(command);
      const result = await this.executeWithKeys(sql, state, command, graph, now, after, targetGraph);
      this.variableLimits.checkInstance(command, result.state);
      // After a migration the instance runs on the target: its rows and follow-ups use that graph.
      graph = targetGraph ?? graph;
      const outcome = await this.writer.write(sql, graph, result.state, result.records, isNew, state?.pending !== undefined);
      outcome.jobTypes.forEach((t) => after.jobTypes.add(t));
      after.outboxRows += outcome.outboxRows;
      if (outcome.ended) after.endedInstances.add(result.state.processInstanceKey);
      const followed = await this.followUps(sql, result, graph, outcome, after);
      for (const record of followed.records) after.records.push(record);
      const settled = await this.callActivities(sql, followed, now, after);
      return { ...settled, graph };
    });
  }

  /**
   * Call activities: create the children this command asked for (resolving each binding), cancel
   * the children of terminated call activities, and hand a completed child's variables to its
   * parent — all in this transaction. A child that completes at once completes its call activity
   * at once too, so the parent's state is re-read before it is returned.
   */
  private async callActivities(sql: Sql, result: ExecutionResult, now: number, after: AfterCommit): Promise<ExecutionResult> {
    const work = callActivityWork(result.records, result.state);
    if (work.created.length === 0 && work.cancelled.length === 0 && !work.result) return result;
    const key = result.state.processInstanceKey;
    const depth = (result.state.callDepth ?? 0) + 1;
    for (const request of work.created) {
      const def = depth > this.maxCallDepth ? undefined : await resolveCalledDefinition(sql, request);
      if (def) {
        const { graph } = await this.definitions.get(def.key, sql);
        await this.run(
          sql,
          null,
          {
            type: 'CREATE_INSTANCE',
            processInstanceKey: request.key,
            processDefinitionKey: def.key,
            version: def.version,
            tenantId: def.tenantId,
            variables: request.value.variables ?? {},
            parentProcessInstanceKey: key,
            parentElementInstanceKey: request.value.elementInstanceKey,
            callDepth: depth,
          },
          graph,
          now,
          true,
          after,
        );
      } else {
        const parent = await this.reload(sql, key);
        if (parent) {
          await this.runLocked(
            sql,
            parent,
            {
              type: 'CHILD_CREATION_FAILED',
              elementInstanceKey: request.value.elementInstanceKey,
              childProcessInstanceKey: request.key,
              errorMessage: depth > this.maxCallDepth ? tooDeep(request, this.maxCallDepth, depth) : missingCalledProcess(request),
            },
            after,
          );
        }
      }
    }
    for (const request of work.cancelled) {
      const child = await this.reload(sql, request.key);
      if (child) await this.runLocked(sql, child, { type: 'CANCEL' }, after);
    }
    if (work.result) {
      const v = work.result.value;
      const parent = await this.reload(sql, v.parentProcessInstanceKey);
      if (parent) {
        await this.runLocked(
          sql,
          parent,
          { type: 'CHILD_COMPLETED', elementInstanceKey: v.parentElementInstanceKey, childProcessInstanceKey: key, variables: v.variables },
          after,
        ).catch((error: unknown) => {
          // The parent moved on (its call activity was interrupted meanwhile): nothing to hand back.
          if (!(error instanceof ConflictError) && !(error instanceof NotFoundError)) throw error;
        });
      }
    }
    const latest = await this.reload(sql, key);
    return latest ? { ...result, state: latest } : result;
  }

  /**
   * Runs `command` on an instance whose subscription (a row of `table`) triggered it — if, under
   * the instance lock, the instance is still active and the subscription still open (another
   * command may have closed either meanwhile). Returns whether the command ran.
   */
  async onOpenSubscription(
    sql: Sql,
    processInstanceKey: string,
    table: 'message_subscription' | 'signal_subscription',
    subscriptionKey: string,
    command: Command,
    after: AfterCommit,
  ): Promise<boolean> {
    const state = await this.reload(sql, processInstanceKey);
    if (!state) return false;
    const [open] = await sql.rows(`SELECT 1 FROM ${table} WHERE key = $1`, [subscriptionKey]);
    if (!open) return false;
    await this.runLocked(sql, state, command, after);
    return true;
  }

  /** The live state of an instance this transaction may lock; undefined once it has ended. */
  private async reload(sql: Sql, processInstanceKey: string): Promise<InstanceState | undefined> {
    try {
      return await this.lock(sql, processInstanceKey);
    } catch (error) {
      if (error instanceof ConflictError || error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * Runs the pure interpreter, reserving more keys and re-running when it needed more. The
   * command gets what is left of the transaction's step bound; when it stops there, the
   * instance is noted for a CONTINUE.
   */
  private async executeWithKeys(
    sql: Sql,
    state: InstanceState | null,
    command: Command,
    graph: ProcessGraph,
    now: number,
    after: AfterCommit,
    targetGraph?: ProcessGraph,
  ): Promise<ExecutionResult> {
    let want = 64;
    const maxSteps = Math.max(0, this.maxSteps - after.steps);
    const decisions = this.decisionsFor(sql, state, command);
    for (;;) {
      await this.keys.reserve(want, sql);
      try {
        const result = execute(state, command, { now, graph, maxSteps, nextKey: () => this.keys.nextKey(), random: feelRandom, decisions, ...(targetGraph ? { targetGraph } : {}) });
        after.steps += result.steps ?? 0;
        if (result.state.pending) after.continued.add(result.state.processInstanceKey);
        return result;
      } catch (error) {
        if (error instanceof DecisionNotLoaded) {
          await decisions.load(error.binding, sql);
          continue;
        }
        if (!(error instanceof KeysExhausted)) throw translateRejection(error);
        want *= 4;
      }
    }
  }

  /** The decisions a command on this instance may call: its tenant's, loaded on first use. */
  private decisionsFor(sql: Sql, state: InstanceState | null, command: Command): CommandDecisions {
    const tenantId = state?.tenantId ?? (command.type === 'CREATE_INSTANCE' ? command.tenantId : '<default>');
    const definitionKey = state?.processDefinitionKey ?? (command.type === 'CREATE_INSTANCE' ? command.processDefinitionKey : '');
    return new CommandDecisions(this.definitions.decisions, tenantId, async () => (await this.definitions.get(definitionKey, sql)).row.deploymentKey);
  }

  /**
   * Follow-ups: each subscription that just opened may find a buffered message; each thrown
   * signal reaches every subscription. Runs in the same transaction, so the whole chain commits
   * or none of it does.
   */
  private async followUps(
    sql: Sql,
    result: ExecutionResult,
    graph: ProcessGraph,
    outcome: WriteOutcome,
    after: AfterCommit,
  ): Promise<ExecutionResult> {
    let current = result;
    for (const sub of outcome.openedSubscriptions) {
      if (current.state.state !== 'ACTIVE') break;
      if (!current.state.elements[sub.elementInstanceKey]) continue;
      // After a publication buffering a message of this name and key has committed, or before it starts.
      await lockMessageRendezvous(sql, sub.tenantId, sub.messageName, sub.correlationKey);
      // Buffered, unexpired, not yet correlated to this instance; oldest first.
      const [message] = await sql.rows<{ key: string; variables: Record<string, JsonValue> }>(
        `SELECT m.key::text AS key, m.variables FROM message m
          WHERE m.name = $1 AND m.correlation_key = $2 AND m.tenant_id = $3 AND m.expires_at > now()
            AND NOT EXISTS (SELECT 1 FROM message_correlation c WHERE c.message_key = m.key AND c.bpmn_process_id = $4)
          ORDER BY m.key LIMIT 1`,
        [sub.messageName, sub.correlationKey, sub.tenantId, current.state.bpmnProcessId],
      );
      if (!message) continue;
      await sql.exec(
        `INSERT INTO message_correlation (message_key, bpmn_process_id, process_instance_key) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [message.key, current.state.bpmnProcessId, current.state.processInstanceKey],
      );
      const next = await this.executeWithKeys(
        sql,
        current.state,
        {
          type: 'CORRELATE_MESSAGE',
          subscriptionKey: sub.key,
          elementInstanceKey: sub.elementInstanceKey,
          targetElementId: sub.targetElementId,
          messageKey: message.key,
          messageName: sub.messageName,
          correlationKey: sub.correlationKey,
          variables: message.variables ?? {},
        },
        graph,
        await this.now(sql),
        after,
      );
      const nextOutcome = await this.writer.write(sql, graph, next.state, next.records, false, current.state.pending !== undefined);
      nextOutcome.jobTypes.forEach((t) => after.jobTypes.add(t));
      after.outboxRows += nextOutcome.outboxRows;
      if (nextOutcome.ended) after.endedInstances.add(next.state.processInstanceKey);
      outcome.openedSubscriptions.push(...nextOutcome.openedSubscriptions);
      outcome.signals.push(...nextOutcome.signals);
      current = { state: next.state, records: [...current.records, ...next.records] };
    }
    for (const signal of outcome.signals) {
      await this.signalBroadcaster?.(sql, signal.name, signal.variables, signal.tenantId, after);
    }
    return current;
  }

  /** Set by the signal service: delivers thrown signals (kept as a hook to avoid a cycle). */
  signalBroadcaster?: (
    sql: Sql,
    name: string,
    variables: Readonly<Record<string, JsonValue>>,
    tenantId: string,
    after: AfterCommit,
  ) => Promise<void>;
}

/** "Expected …, but …" for a call chain past {@link CommandPipeline.maxCallDepth}. */
function tooDeep(request: ChildRequest, max: number, depth: number): string {
  return `Expected process '${request.value.calledProcessId}' to be called at most ${max} call activities deep (OSPREY_MAX_CALL_DEPTH), but this call would be ${depth} deep; does a process call itself without end?`;
}

function translateRejection(error: unknown): unknown {
  if (error instanceof CommandRejection) {
    if (error.code === 'INVALID_ARGUMENT') return new ValidationError(error.message, error.details, { cause: error });
    return error.code === 'NOT_FOUND' ? new NotFoundError(error.message, [], { cause: error }) : new ConflictError(error.message, [], { cause: error });
  }
  return error;
}

/**
 * FEEL's `random number()` and `uuid()` draw from here: 32 bits of the operating system's
 * cryptographic randomness per number (the interpreter itself reads none).
 */
function feelRandom(): number {
  return randomInt(2 ** 32) / 2 ** 32;
}

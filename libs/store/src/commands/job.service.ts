import type { Command, InstanceState, JobResult, JsonValue, TaskListenerJob } from '@osprey/runtime';
import { isKey } from '../keys';
import type { Database, Sql } from '../database';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { afterCommit, type AfterCommit, type CommandPipeline, type LockedJob } from './command-pipeline';
import type { EngineEvents } from './engine-events';
import { CommandGroups, isRefusal, type GroupOutcome, type QueueDepth, type QueuedCommand } from './command-groups';
import { visibleVariables } from './visible-variables';
import { parseRuntime } from '../instances/runtime-document';
import { jobKindOf, type JobKind, type JobListenerEventType } from '../instances/job-kind';
import { UNDELIVERED_DISPATCH } from '../instances/outbox';
import { JOB_HISTORY } from '../instances/job-history';
import { backoffFor, isRetryableError } from './retry-policy';
import { TenantScope } from '../tenants/tenant-scope';
import type { TraceCarrier } from '../tracing/spans';

/** `POST /v2/jobs/activation` parameters. */
export interface ActivationRequest {
  readonly type: string;
  readonly worker?: string;
  /** Lease length in ms. */
  readonly timeout: number;
  readonly maxJobsToActivate: number;
  readonly fetchVariable?: readonly string[];
  /** Long-poll: how long to wait for a job when none is ready, in ms. */
  readonly requestTimeout?: number;
  /** Only jobs of these tenants; absent = every tenant of the caller's scope. */
  readonly tenantIds?: readonly string[];
}

/** An activated job as Camunda's API shows it. */
export interface ActivatedJob {
  jobKey: string;
  type: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processDefinitionVersion: number;
  elementId: string;
  elementInstanceKey: string;
  /** The task headers; with tracing on, also `traceparent` (and `tracestate`) of the command that created the job. */
  customHeaders: Record<string, string>;
  worker: string;
  retries: number;
  deadline: number;
  variables: Record<string, JsonValue>;
  tenantId: string;
  /** Osprey: the lease's attempt number (fencing token). */
  attempt: number;
  /** Camunda 8.8: what the job is for — an element's work, an execution listener, an ad-hoc sub-process's decisions. */
  kind: JobKind;
  /** Camunda 8.8: the event of an execution listener's job; `UNSPECIFIED` for other jobs. */
  listenerEventType: JobListenerEventType;
  /** Camunda 8.8: a user task listener's task, as the operation would leave it. */
  userTask?: ListenedUserTask;
}

/** The user task a task listener's job is about (Camunda 8.8's `UserTaskProperties`). */
export interface ListenedUserTask {
  userTaskKey?: string;
  action: string;
  assignee?: string;
  candidateGroups: string[];
  candidateUsers: string[];
  changedAttributes: string[];
  dueDate?: string;
  followUpDate?: string;
  priority?: number;
}

/** A job row as the services read it. */
export interface JobRow {
  key: string;
  type: string;
  state: string;
  retries: number;
  worker: string | null;
  deadline: number | null;
  attempt: number;
  processInstanceKey: string;
  elementInstanceKey: string;
  elementId: string;
  bpmnProcessId: string;
  processDefinitionKey: string;
  processDefinitionVersion: number;
  customHeaders: Record<string, string>;
  tenantId: string;
  expired: boolean;
}

/** A completion, failure or BPMN error of a job, as it waits for its transaction. */
interface JobAnswer {
  readonly jobKey: string;
  readonly lease: LeaseCheck | undefined;
  readonly scope: TenantScope;
  /** The command, from the locked job. */
  readonly build: (job: JobRow) => Command;
  /** The id of a job result consumed from Kafka: see {@link JobService.answerOnce}. */
  readonly receipt?: string;
}

/** The consumer under which job results' ids are recorded (`consumed_message`). */
const RESULTS_CONSUMER = 'job-results';

/**
 * An answer whose receipt was recorded before: it was applied, or refused, once already.
 * A refusal of the answer it repeats, so it fails alone in a group (ADR 0034).
 */
export class AlreadyReceivedError extends ConflictError {
  constructor(receipt: string) {
    super(`Expected job result '${receipt}' to be new, but it was received before`);
  }
}

/** The columns of a {@link JobRow}, of the job table named `j` (`FROM job j`). */
const JOB_COLUMNS = `j.key::text AS key, j.type, j.state, j.retries, j.worker,
  (extract(epoch FROM j.deadline) * 1000)::float8 AS deadline, j.attempt,
  j.process_instance_key::text AS "processInstanceKey", j.element_instance_key::text AS "elementInstanceKey",
  j.element_id AS "elementId", j.bpmn_process_id AS "bpmnProcessId", j.process_definition_key::text AS "processDefinitionKey",
  j.process_definition_version AS "processDefinitionVersion", j.custom_headers AS "customHeaders", j.tenant_id AS "tenantId",
  (j.deadline IS NOT NULL AND j.deadline <= now()) AS expired`;

/** How often a waiting long-poll re-checks the table even without a wake-up signal, in ms. */
export const POLL_FALLBACK_MS = 500;

/** Jobs for external workers: leased activation, completion, failure, BPMN errors. */
export class JobService {
  /**
   * How often a waiting long-poll re-checks the table without a wake-up signal, in ms: the
   * latency of a lost wake-up. @default 500
   */
  pollFallbackMs = POLL_FALLBACK_MS;

  constructor(
    private readonly db: Database,
    private readonly pipeline: CommandPipeline,
    private readonly events: EngineEvents,
  ) {}

  /**
   * Activates up to `maxJobsToActivate` jobs of a type, waiting up to `requestTimeout` for the
   * first one (long-poll). Each activation is a lease: deadline = now + timeout; an expired
   * lease makes the job activatable again at once, with a new attempt number. Only jobs of the
   * request's `tenantIds` (each one of `scope`'s) are handed out.
   * @throws ValidationError, ForbiddenError for a tenant out of `scope` (see {@link TenantScope.tenantsFor})
   */
  async activate(request: ActivationRequest, abort?: AbortSignal, scope = TenantScope.ANY): Promise<ActivatedJob[]> {
    const deadline = Date.now() + Math.max(0, request.requestTimeout ?? 0);
    const tenants = scope.tenantsFor(request.tenantIds);
    for (;;) {
      const signal = this.events.jobSignal(request.type);
      const jobs = await this.tryActivate(request, tenants);
      if (jobs.length > 0 || Date.now() >= deadline || abort?.aborted) return jobs;
      // Jobs announced while the query ran may have committed after its snapshot: look again.
      if (this.events.jobSignal(request.type) !== signal) continue;
      await this.events.wait(`job:${request.type}`, Math.min(this.pollFallbackMs, deadline - Date.now()), abort);
    }
  }

  private async tryActivate(request: ActivationRequest, tenants: readonly string[] | null): Promise<ActivatedJob[]> {
    // The activation query: oldest available first, claimed with SKIP LOCKED so concurrent
    // workers (on any replica) never block each other or get the same job. `available_at` is
    // either the back-off end (ACTIVATABLE) or the lease deadline (ACTIVATED, expired lease),
    // so one index range scan serves both. `picked.state` is the state before the update: a
    // picked ACTIVATED row is a lease that ran out, which the expiry counter needs without a
    // second round trip. The instance's live state comes back with each job for the same
    // reason (a job's instance row always exists). Being one statement, it runs alone in
    // autocommit: one round trip instead of three on every long-poll round, empty or not.
    const rows = await this.db.statement<
      JobRow & { leaseExpired: boolean; traceContext: TraceCarrier | null; waitedMs: number; runtime: InstanceState | string | null }
    >(
      `WITH picked AS (
         SELECT key, state FROM job
          WHERE type = $1 AND state IN ('ACTIVATABLE', 'ACTIVATED') AND available_at <= now() AND transport = 'rest'
            AND NOT (state = 'ACTIVATED' AND $6::int > 0 AND lease_expiries + 1 >= $6::int)
            AND ($5::text[] IS NULL OR tenant_id = ANY($5::text[]))
          ORDER BY available_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED)
       UPDATE job j SET state = 'ACTIVATED', worker = $3, attempt = j.attempt + 1,
              lease_expiries = j.lease_expiries + (CASE WHEN j.state = 'ACTIVATED' THEN 1 ELSE 0 END),
              deadline = now() + ($4::bigint * interval '1 millisecond'),
              available_at = now() + ($4::bigint * interval '1 millisecond')
         FROM picked WHERE j.key = picked.key
       RETURNING ${JOB_COLUMNS},
                 picked.state = 'ACTIVATED' AS "leaseExpired", j.trace_context AS "traceContext",
                 (extract(epoch FROM now() - j.created_at) * 1000)::float8 AS "waitedMs",
                 (SELECT p.runtime FROM process_instance p WHERE p.key = j.process_instance_key) AS runtime`,
      [
        request.type,
        Math.max(1, Math.min(request.maxJobsToActivate, 1000)),
        request.worker ?? 'default',
        request.timeout,
        tenants,
        this.maxLeaseExpiries,
      ],
    );
    // Counted once the re-activation committed, which it has: the statement ran in autocommit.
    for (const r of rows) if (r.leaseExpired) this.events.leaseExpired(r.type);
    if (rows.length > 0) {
      const firstWaitsMs = rows.filter((r) => r.attempt === 1).map((r) => Math.max(0, Number(r.waitedMs)));
      this.events.jobsActivated({ type: request.type, count: rows.length, firstWaitsMs });
    }
    return rows.map((r): ActivatedJob => {
      const state = r.runtime ? parseRuntime(r.runtime) : undefined;
      return {
        jobKey: r.key,
        type: r.type,
        processInstanceKey: r.processInstanceKey,
        processDefinitionKey: r.processDefinitionKey,
        processDefinitionId: r.bpmnProcessId,
        processDefinitionVersion: r.processDefinitionVersion,
        elementId: r.elementId,
        elementInstanceKey: r.elementInstanceKey,
        // The creating command's trace as custom headers, so any Camunda client's worker can
        // continue it; a header the model defines wins (docs/adr/0006-trace-context-through-the-outbox.md).
        customHeaders: { ...r.traceContext, ...r.customHeaders },
        worker: r.worker ?? '',
        retries: r.retries,
        deadline: Math.round(r.deadline ?? 0),
        variables: state ? visibleVariables(state, r.elementInstanceKey, request.fetchVariable) : {},
        tenantId: r.tenantId,
        attempt: r.attempt,
        ...jobKind(state, r.key, r.elementInstanceKey),
      };
    });
  }

  /**
   * How many times a job's lease may run out before the job becomes an incident instead of
   * being handed out again (a worker that crashes on it cannot loop forever); 0 = no limit.
   * @default 5
   */
  maxLeaseExpiries = 5;

  /**
   * Refuse answers that carry no attempt (docs/adr/0008-fencing-job-answers.md): without one, an
   * answer from a worker whose lease expired and was handed to another cannot be told from the
   * current holder's. Camunda's clients never send an attempt. @default false
   */
  requireAttempt = false;

  /**
   * Turns jobs whose lease ran out {@link maxLeaseExpiries} times into JOB_NO_RETRIES incidents;
   * returns how many. Run by the executor; busy instances are skipped and retried next round.
   */
  async failExhaustedLeases(limit = 50): Promise<number> {
    if (this.maxLeaseExpiries <= 0) return 0;
    // A short range scan of the partial index on expired leases.
    const due = await this.db.rows<{ key: string; pik: string }>(
      `SELECT key::text AS key, process_instance_key::text AS pik FROM job
        WHERE state = 'ACTIVATED' AND available_at <= now() AND lease_expiries + 1 >= $1 AND NOT ${UNDELIVERED_DISPATCH}
        ORDER BY available_at LIMIT $2`,
      [this.maxLeaseExpiries, limit],
    );
    let failed = 0;
    for (const { key, pik } of due) {
      const after = afterCommit();
      // The failed job's type, or undefined when another command got there first.
      const done = await this.db.transaction(async (sql): Promise<string | undefined> => {
        const state = await this.pipeline.tryLock(sql, pik);
        if (state === 'skipped') return undefined;
        const job = await this.row(sql, key, true);
        if (!job || job.state !== 'ACTIVATED' || !job.expired) return undefined;
        await this.pipeline.runLocked(
          sql,
          state,
          failCommand(job, {
            retries: 0,
            errorMessage: `The job's lease expired ${this.maxLeaseExpiries} times without a result (last worker '${job.worker ?? ''}')`,
          }),
          after,
        );
        return job.type;
      });
      this.events.committed(after);
      if (done) {
        failed++;
        this.events.leaseExpired(done);
      }
    }
    return failed;
  }

  /**
   * Completes an activated job with variables and, for an ad-hoc sub-process's job, Camunda 8.8's
   * job `result`. @throws NotFoundError, ConflictError (not activated / lease expired)
   */
  async complete(
    jobKey: string,
    variables: Readonly<Record<string, JsonValue>>,
    lease?: LeaseCheck,
    scope = TenantScope.ANY,
    result?: JobResult,
  ): Promise<void> {
    await this.onActiveJob(jobKey, lease, scope, (job) => ({
      type: 'COMPLETE_JOB',
      jobKey,
      elementInstanceKey: job.elementInstanceKey,
      variables,
      ...(result ? { result } : {}),
    }));
  }

  /**
   * Reports a failure: retries count down; at zero an incident is raised. Without a
   * `retryBackOff` from the worker, the model's retry policy (task headers) decides it.
   */
  async fail(
    jobKey: string,
    failure: { retries: number; errorMessage?: string; retryBackOff?: number; variables?: Readonly<Record<string, JsonValue>> },
    lease?: LeaseCheck,
    scope = TenantScope.ANY,
  ): Promise<void> {
    await this.onActiveJob(jobKey, lease, scope, (job) => failCommand(job, failure));
  }

  /**
   * Throws a BPMN error from the job's element: caught by a boundary event, or an incident. A
   * code the model declares retryable (`osprey:retryableErrorCodes`) counts as a failure instead.
   */
  async throwError(
    jobKey: string,
    error: { errorCode: string; errorMessage?: string; variables?: Readonly<Record<string, JsonValue>> },
    lease?: LeaseCheck,
    scope = TenantScope.ANY,
  ): Promise<void> {
    await this.onActiveJob(jobKey, lease, scope, (job) => errorCommand(job, error));
  }

  /**
   * Updates retries and/or extends the lease (`PATCH /v2/jobs/{key}`). A lease can only be
   * extended while it is valid, and by the holder of the current attempt when one is given.
   * @throws NotFoundError, ConflictError (not activated, lease expired or superseded)
   */
  async update(jobKey: string, changes: { retries?: number; timeout?: number }, lease?: LeaseCheck, scope = TenantScope.ANY): Promise<void> {
    await this.db.transaction(async (sql) => {
      const job = await this.find(sql, jobKey, true, scope);
      if (changes.timeout !== undefined) {
        if (job.state !== 'ACTIVATED') {
          throw new ConflictError(`Expected job '${jobKey}' to be activated to change its timeout, but it is ${job.state}`);
        }
        if (job.expired) throw new ConflictError(`Expected the lease on job '${jobKey}' to be valid, but it expired`);
      }
      // Retries are an operator's change and hold no lease; a lease extension is fenced.
      if (changes.timeout !== undefined || lease?.attempt !== undefined) this.checkAttempt(job, lease);
      await sql.exec(
        `UPDATE job SET retries = COALESCE($2, retries),
                deadline = CASE WHEN $3::bigint IS NULL THEN deadline ELSE now() + ($3::bigint * interval '1 millisecond') END,
                available_at = CASE WHEN $3::bigint IS NULL THEN available_at ELSE now() + ($3::bigint * interval '1 millisecond') END
          WHERE key = $1`,
        [jobKey, changes.retries ?? null, changes.timeout ?? null],
      );
    });
  }

  /** Job answers, run in groups that share a transaction when several arrive together (ADR 0034). */
  private readonly answers = new CommandGroups<JobAnswer, void>({
    alone: (answer) => this.answerAlone(answer),
    together: (group) => this.answerTogether(group),
  });

  /** Answers that one transaction takes at most (`OSPREY_COMMAND_GROUP`; 1 turns grouping off). */
  set maxAnswerGroup(size: number) {
    this.answers.maxGroup = size;
  }

  /** Answers waiting for a group's transaction, and the transactions they will take. */
  get answersWaiting(): QueueDepth {
    return this.answers.waiting;
  }

  private onActiveJob(jobKey: string, lease: LeaseCheck | undefined, scope: TenantScope, build: (job: JobRow) => Command): Promise<void> {
    return this.answers.submit({ jobKey, lease, scope, build });
  }

  /**
   * Answers a job at most once per `receipt` (a Kafka job result's id, ADR 0002): the receipt is
   * recorded in the transaction of the answer, and answers arriving together share one, as HTTP
   * answers do (ADR 0034). An answer its checks refuse keeps its receipt too: sent again, it is
   * recognised instead of refused a second time.
   * @throws AlreadyReceivedError for a receipt recorded before; NotFoundError, ConflictError,
   *   ValidationError as {@link complete} does
   */
  answerOnce(jobKey: string, lease: LeaseCheck, receipt: string, build: (job: JobRow) => Command): Promise<void> {
    return this.answers.submit({ jobKey, lease, scope: TenantScope.ANY, build, receipt });
  }

  /** One job answer in a transaction of its own. */
  private async answerAlone(answer: JobAnswer): Promise<void> {
    const after = afterCommit();
    const refused = await this.db.transaction(async (sql): Promise<unknown> => {
      if (answer.receipt !== undefined && !(await this.receive(sql, [answer.receipt])).has(answer.receipt)) {
        return new AlreadyReceivedError(answer.receipt);
      }
      let run: (after: AfterCommit) => Promise<void>;
      try {
        // One statement locks the instance and the job and reads both.
        run = await this.checkAnswer(sql, answer, await this.pipeline.lockWithJob<JobRow>(sql, answer.jobKey, JOB_COLUMNS));
      } catch (error) {
        // Refused before anything but the receipt was written: the receipt commits alone.
        if (answer.receipt !== undefined && isRefusal(error)) return error;
        throw error;
      }
      await run(after);
      return undefined;
    });
    this.events.committed(after);
    if (refused) throw refused;
  }

  /**
   * Records `receipts` as consumed; returns those that were new. Over one statement, so a group
   * of answers records all of its receipts in one round trip.
   */
  private async receive(sql: Sql, receipts: readonly string[]): Promise<Set<string>> {
    const rows = await sql.rows<{ id: string }>(
      `INSERT INTO consumed_message (consumer, id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING id`,
      [RESULTS_CONSUMER, receipts],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Several job answers in one transaction: one statement locks every job with its instance,
   * each command then runs as it would alone, and their writes go out with `COMMIT` (ADR 0034).
   * An answer its checks refuse (not found, not activated, a superseded attempt) changes nothing
   * and gets its error.
   */
  private async answerTogether(group: readonly QueuedCommand<JobAnswer, void>[]): Promise<GroupOutcome<void>[]> {
    const afters = group.map(() => afterCommit());
    const outcomes = await this.db.transaction(async (sql) => {
      const receipts = group.flatMap((q) => (q.command.receipt === undefined ? [] : [q.command.receipt]));
      // New receipts, each claimed by the first answer of the group that holds it.
      const unclaimed = receipts.length > 0 ? await this.receive(sql, receipts) : new Set<string>();
      const locked = await this.pipeline.lockWithJobs<JobRow>(sql, group.map((q) => q.command.jobKey), JOB_COLUMNS);
      // Instances an earlier command of the group wrote: what the group's lock read of them is stale.
      const written = new Set<string>();
      const done: GroupOutcome<void>[] = [];
      for (const [i, { command: answer, inContext }] of group.entries()) {
        if (answer.receipt !== undefined && !unclaimed.delete(answer.receipt)) {
          done.push({ refused: new AlreadyReceivedError(answer.receipt) });
          continue;
        }
        const found = locked.get(answer.jobKey);
        done.push(
          await inContext(async (): Promise<GroupOutcome<void>> => {
            let run: (after: AfterCommit) => Promise<void>;
            try {
              const fresh = found && !written.has(found.instanceKey) ? found : await this.pipeline.lockWithJob<JobRow>(sql, answer.jobKey, JOB_COLUMNS);
              run = await this.checkAnswer(sql, answer, fresh);
            } catch (error) {
              if (!isRefusal(error)) throw error;
              return { refused: error };
            }
            await run(afters[i]!);
            return { result: undefined };
          }),
        );
        if (found) written.add(found.instanceKey);
        for (const record of afters[i]!.records) written.add(record.processInstanceKey);
      }
      return done;
    });
    for (const after of afters) this.events.committed(after);
    return outcomes;
  }

  /**
   * Checks an answer against its job, locked with its instance (`locked`; undefined when the
   * pair was not found, and then the job's fate is looked up), and returns the command's run.
   * Nothing is written before the run, so an answer the checks refuse leaves the transaction as
   * it was.
   * @throws NotFoundError, ConflictError (ended instance, not activated, lease expired or superseded), ValidationError
   */
  private async checkAnswer(
    sql: Sql,
    answer: JobAnswer,
    locked: Pick<LockedJob<JobRow>, 'state' | 'job'> | undefined,
  ): Promise<(after: AfterCommit) => Promise<void>> {
    const { jobKey, lease, scope, build } = answer;
    if (locked) {
      if (locked.state instanceof ConflictError) throw locked.state;
      const state = locked.state;
      // A job of a tenant out of `scope` is not found, under the lock, and nothing changes.
      scope.visible(locked.job.tenantId, `Job with key '${jobKey}' not found`);
      this.checkLeased(locked.job, lease);
      return async (after) => {
        await this.pipeline.runLocked(sql, state, build(locked.job), after);
      };
    }
    // No live job (or it ended while the locks were awaited): the two-statement way answers
    // what became of it (completed, never existed, another tenant's).
    const state = await this.pipeline.lockThroughJob(sql, jobKey);
    const job = await this.find(sql, jobKey, true, scope);
    if (!state) throw new NotFoundError(`Job with key '${jobKey}' not found`);
    this.checkLeased(job, lease);
    return async (after) => {
      await this.pipeline.runLocked(sql, state, build(job), after);
    };
  }

  /**
   * The fencing check: an answer holding an attempt must hold the current one; with
   * {@link requireAttempt}, an answer must hold one.
   * @throws ValidationError without an attempt when one is required; ConflictError for a superseded one
   */
  private checkAttempt(job: JobRow, lease: LeaseCheck | undefined): void {
    if (lease?.attempt === undefined) {
      if (!this.requireAttempt) return;
      throw new ValidationError(`Expected the attempt of the lease on job '${job.key}' (the activated job's attempt), but the request holds none`, [
        'attempt: Expected the attempt number the job was activated with; this engine fences every job answer by it',
      ]);
    }
    if (lease.attempt !== job.attempt) {
      throw new ConflictError(
        `Expected attempt ${job.attempt} of job '${job.key}', but the request holds attempt ${lease.attempt}: its lease was superseded`,
      );
    }
  }

  /**
   * The lease check: the job must be activated, its lease unexpired, and the attempt current.
   * @throws ConflictError, ValidationError (see {@link checkAttempt})
   */
  private checkLeased(job: JobRow, lease: LeaseCheck | undefined): void {
    if (job.state !== 'ACTIVATED') {
      throw new ConflictError(`Expected job '${job.key}' to be activated, but it is ${job.state}`);
    }
    if (job.expired) {
      throw new ConflictError(`Expected the lease on job '${job.key}' to be valid, but it expired; the job will be handed out again`);
    }
    this.checkAttempt(job, lease);
  }

  /** The job row, locked when `forUpdate`; undefined when there is none (ended or never existed). */
  private async row(db: Pick<Sql, 'rows'>, jobKey: string, forUpdate: boolean): Promise<JobRow | undefined> {
    const [row] = await db.rows<JobRow>(`SELECT ${JOB_COLUMNS} FROM job j WHERE j.key = $1${forUpdate ? ' FOR UPDATE' : ''}`, [jobKey]);
    return row;
  }

  /**
   * The job row (`forUpdate` locks it). A job of a tenant out of `scope` — live or ended — is not found.
   * @throws NotFoundError
   */
  async find(db: Pick<Sql, 'rows'>, jobKey: string, forUpdate = false, scope = TenantScope.ANY): Promise<JobRow> {
    const missing = `Job with key '${jobKey}' not found`;
    if (!isKey(jobKey)) throw new NotFoundError(missing);
    const row = await this.row(db, jobKey, forUpdate);
    if (row) {
      scope.visible(row.tenantId, missing);
      return row;
    }
    // An ended job: its instance's tenant decides whether the caller may learn it ended.
    const [last] = await db.rows<{ intent: string; tenantId: string | null }>(
      `SELECT h.intent, p.tenant_id AS "tenantId" FROM ${JOB_HISTORY} h LEFT JOIN process_instance p ON p.key = h.process_instance_key
        ORDER BY h.position DESC LIMIT 1`,
      [[jobKey]],
    );
    if (last && last.tenantId !== null) scope.visible(last.tenantId, missing);
    if (last) throw new ConflictError(`Expected job '${jobKey}' to be activated, but it is ${last.intent === 'CANCELED' ? 'CANCELED' : 'COMPLETED'}`);
    throw new NotFoundError(`Job with key '${jobKey}' not found`);
  }
}

/** The FAIL_JOB command for a failure report, with the model's back-off policy applied. */
export function failCommand(job: JobRow, failure: { retries: number; errorMessage?: string; retryBackOff?: number }): Command {
  return {
    type: 'FAIL_JOB',
    jobKey: job.key,
    elementInstanceKey: job.elementInstanceKey,
    retries: Math.max(0, failure.retries),
    errorMessage: failure.errorMessage ?? '',
    retryBackOff: backoffFor(job.customHeaders ?? {}, job.attempt, failure.retryBackOff),
    jobType: job.type,
  };
}

/** The command for a worker's BPMN error: THROW_ERROR, or a failure when the code is retryable. */
export function errorCommand(
  job: JobRow,
  error: { errorCode: string; errorMessage?: string; variables?: Readonly<Record<string, JsonValue>> },
): Command {
  if (isRetryableError(job.customHeaders ?? {}, error.errorCode)) {
    return failCommand(job, { retries: job.retries - 1, errorMessage: `${error.errorCode}: ${error.errorMessage ?? ''}`.trim() });
  }
  return {
    type: 'THROW_ERROR',
    jobKey: job.key,
    elementInstanceKey: job.elementInstanceKey,
    errorCode: error.errorCode,
    errorMessage: error.errorMessage ?? '',
    variables: error.variables ?? {},
  };
}

/** Optional fencing: the attempt number the worker holds. */
export interface LeaseCheck {
  readonly attempt?: number;
}

/** Camunda 8.8's `kind` and `listenerEventType` of an activated job, read from the instance's live state. */
function jobKind(
  state: InstanceState | undefined,
  jobKey: string,
  elementInstanceKey: string,
): Pick<ActivatedJob, 'kind' | 'listenerEventType' | 'userTask'> {
  const open = state?.openEntities?.[jobKey];
  const job = open?.valueType === 'JOB' ? open.value : undefined;
  const kind = jobKindOf(job, state?.elements[elementInstanceKey]?.elementType);
  return job?.taskListener ? { ...kind, userTask: listenedTask(state!, elementInstanceKey, job.taskListener) } : kind;
}

/**
 * The task a listener decides on: its values with the operation's change and the corrections
 * of the listeners before laid over them (before creation: the corrections alone).
 */
function listenedTask(state: InstanceState, elementInstanceKey: string, listener: TaskListenerJob): ListenedUserTask {
  const userTaskKey = state.elements[elementInstanceKey]?.userTaskKey;
  const open = userTaskKey ? state.openEntities?.[userTaskKey] : undefined;
  const task: Record<string, unknown> = open?.valueType === 'USER_TASK' ? { ...open.value } : {};
  for (const [field, value] of Object.entries(listener.corrections ?? {})) task[field] = value === '' ? undefined : value;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const defined = <T>(field: string, v: T | undefined) => (v === undefined ? {} : { [field]: v });
  return {
    ...defined('userTaskKey', userTaskKey),
    action: listener.action ?? (listener.eventType === 'completing' ? 'complete' : listener.eventType === 'canceling' ? 'cancel' : ''),
    ...defined('assignee', text(task.assignee)),
    candidateGroups: list(task.candidateGroups),
    candidateUsers: list(task.candidateUsers),
    changedAttributes: [...(listener.changedAttributes ?? [])],
    ...defined('dueDate', text(task.dueDate)),
    ...defined('followUpDate', text(task.followUpDate)),
    ...defined('priority', typeof task.priority === 'number' ? task.priority : undefined),
  };
}

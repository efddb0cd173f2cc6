import type { KafkaJobResult } from '@osprey/contracts';
import type { Database, Sql } from '../database';
import { isRefusedByDatabase } from '../errors';
import { insertOutbox, jobMessage, topics, UNDELIVERED_DISPATCH, type OutboxPolicy } from '../instances/outbox';
import { readRuntimes } from '../instances/runtime-document';
import type { EngineEvents } from './engine-events';
import type { TraceCarrier } from '../tracing/spans';
import { isRefusal } from './command-groups';
import { AlreadyReceivedError, errorCommand, failCommand, type JobService } from './job.service';

/** A job result a worker sent on `<prefix>.job-results` (the contract is `@osprey/contracts`). */
export type { KafkaJobResult } from '@osprey/contracts';

/** What became of a consumed result. */
export type ResultOutcome = 'applied' | 'duplicate' | 'rejected';

interface DueJob {
  key: string;
  type: string;
  retries: number;
  customHeaders: Record<string, string>;
  elementId: string;
  elementInstanceKey: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionKey: string;
  tenantId: string;
  attempt: number;
  deadline: number;
}

/**
 * The engine side of Kafka-dispatched jobs: re-dispatching jobs whose lease expired or whose
 * back-off ended, and applying results from `<prefix>.job-results` exactly once.
 */
export class KafkaJobService {
  constructor(
    private readonly db: Database,
    private readonly jobs: JobService,
    private readonly events: EngineEvents,
    private readonly policy: OutboxPolicy,
  ) {}

  /**
   * Sends due Kafka jobs again (next attempt, new deadline) through the outbox; returns how many.
   * Claimed with SKIP LOCKED, so any number of executors may run it.
   */
  async redispatchDue(limit = 200): Promise<number> {
    const expired: string[] = [];
    const count = await this.db.transaction(async (sql) => {
      await this.postponeUndelivered(sql, limit);
      // `picked.state` is the state before the update: ACTIVATED means the lease ran out.
      const due = await sql.rows<DueJob & { leaseExpired: boolean; traceContext: TraceCarrier | null }>(
        `WITH picked AS (
           SELECT key, state FROM job
            WHERE transport = 'kafka' AND state IN ('ACTIVATABLE', 'ACTIVATED') AND available_at <= now()
              AND NOT (state = 'ACTIVATED' AND $3::int > 0 AND lease_expiries + 1 >= $3::int)
              AND NOT (state = 'ACTIVATED' AND ${UNDELIVERED_DISPATCH})
            ORDER BY available_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         UPDATE job j SET state = 'ACTIVATED', worker = 'kafka', attempt = j.attempt + 1,
                lease_expiries = j.lease_expiries + (CASE WHEN j.state = 'ACTIVATED' THEN 1 ELSE 0 END),
                deadline = now() + ($2::bigint * interval '1 millisecond'),
                available_at = now() + ($2::bigint * interval '1 millisecond')
           FROM picked WHERE j.key = picked.key
         RETURNING j.key::text AS key, j.type, j.retries, j.custom_headers AS "customHeaders", j.element_id AS "elementId",
                   j.element_instance_key::text AS "elementInstanceKey", j.process_instance_key::text AS "processInstanceKey",
                   j.bpmn_process_id AS "bpmnProcessId", j.process_definition_key::text AS "processDefinitionKey",
                   j.tenant_id AS "tenantId", j.attempt, (extract(epoch FROM j.deadline) * 1000)::float8 AS deadline,
                   picked.state = 'ACTIVATED' AS "leaseExpired", j.trace_context AS "traceContext"`,
        [limit, this.policy.kafkaJobTimeoutMs, this.jobs.maxLeaseExpiries],
      );
      if (due.length === 0) return 0;
      for (const d of due) if (d.leaseExpired) expired.push(d.type);
      const states = await readRuntimes(sql, [...new Set(due.map((d) => d.processInstanceKey))]);
      // Keep per-instance order: oldest job of an instance first.
      due.sort((a, b) => (BigInt(a.key) < BigInt(b.key) ? -1 : 1));
      await insertOutbox(
        sql,
        due.map((d) => ({
          topic: topics.jobs(this.policy.topicPrefix, d.type),
          key: d.processInstanceKey,
          payload: jobMessage({ ...d, key: d.key }, d.attempt, Math.round(d.deadline), states.get(d.processInstanceKey)),
          // A re-dispatch continues the trace of the command that created the job.
          traceContext: d.traceContext ?? undefined,
          dispatch: { jobKey: d.key, attempt: d.attempt, leaseMs: this.policy.kafkaJobTimeoutMs },
        })),
      );
      return due.length;
    });
    for (const type of expired) this.events.leaseExpired(type);
    if (count > 0) this.events.outboxWritten();
    return count;
  }

  /**
   * Jobs whose lease deadline passed while their dispatch still waits in the outbox (Kafka was
   * unreachable, or the relay is behind) were never in a worker's hands: their lease has not
   * begun (the relay starts it on publish), so nothing expired. They are looked at again a lease
   * later instead of being sent a second time and counted towards `OSPREY_MAX_LEASE_EXPIRIES`.
   */
  private async postponeUndelivered(sql: Sql, limit: number): Promise<void> {
    await sql.exec(
      `UPDATE job j SET available_at = now() + ($2::bigint * interval '1 millisecond')
         FROM (SELECT key FROM job
                WHERE transport = 'kafka' AND state = 'ACTIVATED' AND available_at <= now() AND ${UNDELIVERED_DISPATCH}
                ORDER BY available_at LIMIT $1 FOR UPDATE SKIP LOCKED) undelivered
        WHERE j.key = undelivered.key`,
      [limit, this.policy.kafkaJobTimeoutMs],
    );
  }

  /**
   * Applies one result at most once: its id is recorded in the transaction that applies it, and
   * results that arrive together share one, as HTTP answers do (ADR 0034). A stale result (older
   * attempt, expired lease, job gone) is recorded and refused.
   */
  async applyResult(result: KafkaJobResult): Promise<ResultOutcome> {
    try {
      await this.jobs.answerOnce(result.jobKey, { attempt: result.attempt }, result.resultId, (job) => {
        switch (result.kind) {
          case 'complete':
            return { type: 'COMPLETE_JOB', jobKey: job.key, elementInstanceKey: job.elementInstanceKey, variables: result.variables ?? {} };
          case 'fail':
            return failCommand(job, { retries: result.retries ?? job.retries - 1, errorMessage: result.errorMessage, retryBackOff: result.retryBackOff });
          case 'error':
            return errorCommand(job, { errorCode: result.errorCode ?? '', errorMessage: result.errorMessage, variables: result.variables });
        }
      });
      return 'applied';
    } catch (error) {
      if (error instanceof AlreadyReceivedError) return 'duplicate';
      // Refused by the lease or variable checks, or by PostgreSQL itself (it would fail the same
      // way on every redelivery and hold up its partition): the job stays with its lease, so the
      // worker can try again. An unreachable database is no refusal: the record comes again.
      if (isRefusal(error) || isRefusedByDatabase(error)) return 'rejected';
      throw error;
    }
  }
}

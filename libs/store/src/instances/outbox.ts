import { eventsTopic, jobTopic, messagesTopic, resultsTopic, type KafkaJobMessage } from '@osprey/contracts';
import type { EngineRecord, InstanceState, JobRecord } from '@osprey/runtime';
import type { Database, Sql } from '../database';
import { visibleVariables } from '../commands/visible-variables';
import { currentTraceContext, inSpan, type TraceCarrier } from '../tracing/spans';

/**
 * Decides what goes to Kafka. Everything toward Kafka is written to the `outbox` table in the
 * command's transaction and published afterwards by the relay, so a command's Kafka effects
 * commit or roll back with it.
 */
export interface OutboxPolicy {
  /** Topic prefix (`<prefix>.jobs.<type>`, `<prefix>.events`). */
  readonly topicPrefix: string;
  /** Lease of a job dispatched over Kafka, in ms: after it the job is dispatched again. */
  readonly kafkaJobTimeoutMs: number;
  /** True when jobs of this type are dispatched over Kafka rather than activated over REST. */
  dispatchesJob(type: string, headers: Readonly<Record<string, string>>): boolean;
  /** True when this record goes to `<prefix>.events`. */
  publishesEvent(record: EngineRecord): boolean;
}

/** Task header that routes one task's jobs to Kafka (`kafka`) or REST (`rest`). */
export const TRANSPORT_HEADER = 'osprey:transport';

/** The policy from configuration: job types routed to Kafka and event kinds published. */
export function outboxPolicy(options: {
  topicPrefix: string;
  kafkaJobTypes: readonly string[];
  kafkaJobTimeoutMs?: number;
  /** `VALUE_TYPE` or `VALUE_TYPE:INTENT` entries; empty = the default set. */
  eventKinds?: readonly string[];
}): OutboxPolicy {
  const types = new Set(options.kafkaJobTypes);
  const kinds = new Set(options.eventKinds && options.eventKinds.length > 0 ? options.eventKinds : DEFAULT_EVENT_KINDS);
  return {
    topicPrefix: options.topicPrefix,
    kafkaJobTimeoutMs: options.kafkaJobTimeoutMs ?? 300_000,
    dispatchesJob: (type, headers) => {
      const h = headers[TRANSPORT_HEADER];
      return h === 'kafka' || (h !== 'rest' && types.has(type));
    },
    publishesEvent: (r) => kinds.has(r.valueType) || kinds.has(`${r.valueType}:${r.intent}`),
  };
}

/** Record kinds published by default: the lifecycle an event-driven estate cares about. */
export const DEFAULT_EVENT_KINDS = [
  'PROCESS_INSTANCE:ELEMENT_ACTIVATED',
  'PROCESS_INSTANCE:ELEMENT_COMPLETED',
  'PROCESS_INSTANCE:ELEMENT_TERMINATED',
  'INCIDENT',
  'USER_TASK',
  'JOB:CREATED',
  'JOB:COMPLETED',
];

/** Topic names, shared by the engine and workers. */
export const topics = { jobs: jobTopic, results: resultsTopic, messages: messagesTopic, events: eventsTopic };

/** One row for the outbox. */
export interface OutboxRow {
  topic: string;
  key: string;
  payload: unknown;
  /**
   * The trace the message continues (W3C `traceparent`/`tracestate`), which the relay sends as
   * Kafka headers. Absent: the outbox write's own span, when tracing is on.
   */
  traceContext?: TraceCarrier;
  /**
   * Set when the row dispatches a job: the relay starts the lease of this attempt as it publishes
   * the row, so time spent in the outbox (Kafka unreachable) is not spent from the lease.
   */
  dispatch?: JobDispatch;
}

/** The job attempt an outbox row dispatches, and the length of the lease it gets once published. */
export interface JobDispatch {
  readonly jobKey: string;
  readonly attempt: number;
  readonly leaseMs: number;
}

/** The job message a Kafka worker receives. */
export function jobMessage(
  job: { key: string; type: string; retries: number; customHeaders: Readonly<Record<string, string>>; elementId: string; elementInstanceKey: string; processInstanceKey: string; bpmnProcessId: string; processDefinitionKey: string; tenantId: string },
  attempt: number,
  deadline: number,
  state: InstanceState | undefined,
): KafkaJobMessage {
  return {
    jobKey: job.key,
    attempt,
    deadline: Math.round(deadline),
    type: job.type,
    retries: job.retries,
    processInstanceKey: job.processInstanceKey,
    processDefinitionKey: job.processDefinitionKey,
    processDefinitionId: job.bpmnProcessId,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    customHeaders: job.customHeaders,
    tenantId: job.tenantId,
    variables: state ? visibleVariables(state, job.elementInstanceKey) : {},
  };
}

/** Outbox rows for Kafka-dispatched jobs created by a command. */
export function jobRows(policy: OutboxPolicy, created: readonly JobRecord[], state: InstanceState, deadline: number): OutboxRow[] {
  return created.map((r) => ({
    topic: topics.jobs(policy.topicPrefix, r.value.type),
    key: r.processInstanceKey,
    payload: jobMessage(
      {
        key: r.key,
        type: r.value.type,
        retries: r.value.retries,
        customHeaders: r.value.customHeaders,
        elementId: r.value.elementId,
        elementInstanceKey: r.value.elementInstanceKey,
        processInstanceKey: r.processInstanceKey,
        bpmnProcessId: r.value.bpmnProcessId,
        processDefinitionKey: r.value.processDefinitionKey,
        tenantId: r.value.tenantId,
      },
      1,
      deadline,
      state,
    ),
    dispatch: { jobKey: r.key, attempt: 1, leaseMs: policy.kafkaJobTimeoutMs },
  }));
}

/** Outbox rows for the record stream; `positions[i]` is record i's history position (its stable event id). */
export function eventRows(policy: OutboxPolicy, records: readonly EngineRecord[], positions: readonly string[]): OutboxRow[] {
  const rows: OutboxRow[] = [];
  records.forEach((r, i) => {
    if (!policy.publishesEvent(r)) return;
    rows.push({
      topic: topics.events(policy.topicPrefix),
      key: r.processInstanceKey,
      payload: {
        eventId: positions[i],
        valueType: r.valueType,
        intent: r.intent,
        key: r.key,
        processInstanceKey: r.processInstanceKey,
        timestamp: new Date(r.timestamp).toISOString(),
        value: r.value,
      },
    });
  });
  return rows;
}

/**
 * The statement that inserts outbox rows in order (their ids give the relay its per-instance
 * order), each with the trace context it continues in the row's `headers`
 * (docs/adr/0006-trace-context-through-the-outbox.md): a row without its own continues the
 * `outbox write` span this is built in. A command's writer sends it with the command's other
 * writes (`StatementBatch`), so with Kafka on a command still writes in one statement.
 * No NOTIFY here: the caller announces committed rows after commit (`EngineEvents.committed`
 * with `outboxRows`, or `EngineEvents.outboxWritten`), docs/adr/0024-outbox-wake-ups-after-commit.md.
 */
export function outboxInsert(rows: readonly OutboxRow[]): Promise<{ readonly text: string; readonly params: readonly unknown[] }> {
  const attributes = { 'messaging.system': 'kafka', 'messaging.batch.message_count': rows.length };
  return inSpan('outbox write', { attributes }, async () => {
    const headers = JSON.stringify(currentTraceContext() ?? {});
    return {
      text: `INSERT INTO outbox (topic, message_key, payload, headers, job_key, job_attempt, lease_ms)
       SELECT u.t, u.k, u.p, u.h, u.job, u.attempt, u.lease
         FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::jsonb[], $5::bigint[], $6::int[], $7::bigint[])
              WITH ORDINALITY AS u(t, k, p, h, job, attempt, lease, n)
        ORDER BY u.n`,
      params: [
        rows.map((r) => r.topic),
        rows.map((r) => r.key),
        rows.map((r) => JSON.stringify(r.payload)),
        rows.map((r) => (r.traceContext ? JSON.stringify(r.traceContext) : headers)),
        rows.map((r) => r.dispatch?.jobKey ?? null),
        rows.map((r) => r.dispatch?.attempt ?? null),
        rows.map((r) => r.dispatch?.leaseMs ?? null),
      ],
    };
  });
}

/** Inserts outbox rows in order, in a statement of its own (see {@link outboxInsert}). */
export async function insertOutbox(sql: Sql, rows: readonly OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  const { text, params } = await outboxInsert(rows);
  await sql.exec(text, params);
}

/** An outbox row as the relay reads it back, with its id and age. */
export interface PendingOutboxRow {
  id: string;
  topic: string;
  key: string | null;
  /**
   * The message as JSON text, read as text: the relay sends most rows as they are, without
   * parsing and printing them again.
   */
  payload: string;
  /** The trace the message continues (`traceparent`, `tracestate`); null when tracing was off. */
  headers: Record<string, string> | null;
  /** Milliseconds since the row was written. */
  age: number;
  /** The job the row dispatches, if it dispatches one (see {@link startDispatchLeases}). */
  jobKey: string | null;
}

/** The oldest `limit` unpublished rows, in id order (the order they were committed in per instance). */
export async function oldestOutboxRows(db: Database, limit: number): Promise<PendingOutboxRow[]> {
  return db.rows<PendingOutboxRow>(
    `SELECT id::text AS id, topic, message_key AS key, payload::text AS payload, headers,
            (extract(epoch FROM now() - created_at) * 1000)::float8 AS age, job_key::text AS "jobKey"
       FROM outbox ORDER BY outbox.id LIMIT $1`,
    [limit],
  );
}

/**
 * SQL condition on a `job` row (unaliased): the dispatch of its current attempt is still in the
 * outbox, not yet handed to Kafka. A probe of the partial index `outbox_job`.
 */
export const UNDELIVERED_DISPATCH = `EXISTS (SELECT 1 FROM outbox o WHERE o.job_key = job.key AND o.job_attempt = job.attempt)`;

/**
 * Starts the leases of the job dispatches among outbox rows `ids`, which the relay is about to
 * hand to Kafka: each job still holding the dispatched attempt gets `deadline = now() + lease`
 * (or keeps a later deadline its worker asked for). A dispatch waiting in the outbox while Kafka
 * is unreachable thus spends none of its lease, and its message carries the deadline the job
 * really has (docs/adr/0020-kafka-job-leases-start-on-publish.md).
 *
 * Started before the send, so a worker's answer can never arrive before its lease exists; a send
 * that fails leaves the row in the outbox, where the re-dispatcher postpones the lease again.
 * @returns the new deadline (ms since the epoch) by row id; a dispatch row missing from the map
 *   is stale (its job completed, was cancelled or moved to another attempt) and need not be sent
 */
export async function startDispatchLeases(db: Database, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.rows<{ id: string; deadline: number }>(
    `UPDATE job j SET deadline = GREATEST(j.deadline, now() + o.lease_ms * interval '1 millisecond'),
            available_at = GREATEST(j.deadline, now() + o.lease_ms * interval '1 millisecond')
       FROM outbox o
      WHERE o.id = ANY($1::bigint[]) AND o.job_key IS NOT NULL
        AND j.key = o.job_key AND j.attempt = o.job_attempt AND j.state = 'ACTIVATED' AND j.transport = 'kafka'
     RETURNING o.id::text AS id, (extract(epoch FROM j.deadline) * 1000)::float8 AS deadline`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, Math.round(r.deadline)]));
}

/** Deletes rows the relay has published. */
export async function deleteOutboxRows(db: Database, ids: readonly string[]): Promise<void> {
  await db.rows(`DELETE FROM outbox WHERE id = ANY($1::bigint[])`, [ids]);
}

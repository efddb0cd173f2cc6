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
 * Inserts outbox rows in order (their ids give the relay its per-instance order), each with the
 * trace context it continues in the row's `headers` (docs/adr/0006-trace-context-through-the-outbox.md).
 * No NOTIFY here: the caller announces committed rows after commit (`EngineEvents.committed`
 * with `outboxRows`, or `EngineEvents.outboxWritten`), docs/adr/0024-outbox-wake-ups-after-commit.md.
 */
export async function insertOutbox(sql: Sql, rows: readonly OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  const attributes = { 'messaging.system': 'kafka', 'messaging.batch.message_count': rows.length };
  await inSpan('outbox write', { attributes }, async () => {
    const headers = JSON.stringify(currentTraceContext() ?? {});
    await sql.exec(
      `INSERT INTO outbox (topic, message_key, payload, headers)
       SELECT u.t, u.k, u.p, u.h FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::jsonb[]) WITH ORDINALITY AS u(t, k, p, h, n)
        ORDER BY u.n`,
      [
        rows.map((r) => r.topic),
        rows.map((r) => r.key),
        rows.map((r) => JSON.stringify(r.payload)),
        rows.map((r) => (r.traceContext ? JSON.stringify(r.traceContext) : headers)),
      ],
    );
  });
}

/** An outbox row as the relay reads it back, with its id and age. */
export interface PendingOutboxRow {
  id: string;
  topic: string;
  key: string | null;
  payload: unknown;
  /** The trace the message continues (`traceparent`, `tracestate`); null when tracing was off. */
  headers: Record<string, string> | null;
  /** Milliseconds since the row was written. */
  age: number;
}

/** The oldest `limit` unpublished rows, in id order (the order they were committed in per instance). */
export async function oldestOutboxRows(db: Database, limit: number): Promise<PendingOutboxRow[]> {
  return db.rows<PendingOutboxRow>(
    `SELECT id::text AS id, topic, message_key AS key, payload, headers,
            (extract(epoch FROM now() - created_at) * 1000)::float8 AS age
       FROM outbox ORDER BY outbox.id LIMIT $1`,
    [limit],
  );
}

/** Deletes rows the relay has published. */
export async function deleteOutboxRows(db: Database, ids: readonly string[]): Promise<void> {
  await db.rows(`DELETE FROM outbox WHERE id = ANY($1::bigint[])`, [ids]);
}

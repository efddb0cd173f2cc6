import type { ProcessGraph } from '@osprey/bpmn';
import type { EngineRecord, InstanceState, JobRecord, JsonValue } from '@osprey/runtime';
import type { Sql } from '../database';
import type { KeyAllocator } from '../keys';
import { writeAncestorIncidents } from './ancestor-incidents';
import { writeMigration } from './migration-writer';
import { eventRows, jobRows, outboxInsert, type OutboxPolicy, type OutboxRow } from './outbox';
import { currentTraceContext } from '../tracing/spans';
import { StatementBatch } from './statement-batch';
import { deleteByKeys } from './delete-by-keys';
import { jobKindOf } from './job-kind';
import { decisionInstanceInsert, rowsOfRecord } from '../decisions/decision-instance-rows';

/**
 * Turns the records of one command into rows, in the command's transaction. This is the
 * persistence-side applier: the interpreter decided, this writes what it decided.
 *
 * Each table gets at most one statement per command (multi-row `unnest` inserts/upserts), and
 * those statements go out together as one (see {@link StatementBatch}): a start of a one-task
 * process costs one write statement whatever the number of records.
 */
export class RecordWriter {
  /** Set when Kafka is on: routes jobs and events through the outbox. */
  outbox?: OutboxPolicy;

  constructor(private readonly keys: KeyAllocator) {}

  /**
   * What follow-up work the records imply (for the caller to run in the same transaction).
   * @param resumed the command ran work an earlier bounded command left: the state document
   *   changed even when no record was written
   */
  async write(sql: Sql, graph: ProcessGraph, state: InstanceState, records: readonly EngineRecord[], isNew: boolean, resumed = false): Promise<WriteOutcome> {
    const outcome: WriteOutcome = { jobTypes: new Set(), openedSubscriptions: [], signals: [], ended: false, outboxRows: 0 };
    if (records.length === 0 && !isNew && !resumed) return outcome;
    // Keys for history positions and new variable rows, taken up front: see KeyAllocator.take.
    const keys = await this.keys.take(records.length * 2, sql);
    const now = records.length > 0 ? records[records.length - 1]!.timestamp : Date.now();

    // Every write of the command goes out as one statement where the tables allow it.
    const batch = new StatementBatch(sql);
    const ended = state.state !== 'ACTIVE';
    await this.writeInstance(batch, state, isNew, now);
    for (const r of records) if (r.valueType === 'PROCESS_INSTANCE_MIGRATION') await writeMigration(batch.direct, graph, r);
    await this.writeElements(batch, graph, state, records);
    await this.writeVariables(batch, state, records, keys, isNew);
    const kafkaJobs = await this.writeJobs(batch, state, records, outcome, ended);
    await this.writeUserTasks(batch, graph, records);
    await this.writeTimers(batch, records);
    await this.writeSubscriptions(batch, records, outcome);
    await this.writeIncidents(batch, records);
    await writeAncestorIncidents(batch.direct, state, records);
    await writeDecisionInstances(batch, records);
    const positions = await this.writeHistory(batch, records, keys);
    if (this.outbox) {
      const rows: OutboxRow[] = [...jobRows(this.outbox, kafkaJobs, state, now + this.outbox.kafkaJobTimeoutMs), ...eventRows(this.outbox, records, positions)];
      if (rows.length > 0) {
        // With the command's other writes: sent apart, it cost a round trip of its own, and a
        // group of commands (ADR 0034) could no longer send their writes with COMMIT.
        const insert = await outboxInsert(rows);
        await batch.add(['outbox'], insert.text, insert.params);
      }
      outcome.outboxRows = rows.length;
    }
    for (const r of records) {
      if (r.valueType === 'SIGNAL') outcome.signals.push({ name: r.value.signalName, variables: r.value.variables, tenantId: r.value.tenantId });
    }
    if (ended) {
      outcome.ended = true;
      // The instance has left: its runtime rows go (records already removed most of them; this
      // catches anything a terminated scope left behind).
      const key = state.processInstanceKey;
      await batch.add(['job', 'job#removed'], `DELETE FROM job WHERE process_instance_key = $1`, [key]);
      await batch.add(['timer'], `DELETE FROM timer WHERE process_instance_key = $1`, [key]);
      await batch.add(['signal_subscription'], `DELETE FROM signal_subscription WHERE process_instance_key = $1`, [key]);
      await batch.add(['message_subscription'], `DELETE FROM message_subscription WHERE process_instance_key = $1`, [key]);
    }
    // Other replicas learn of outcome.jobTypes and outcome.outboxRows after commit, outside this
    // transaction (ReplicaWakeups). Nothing reads the last write's result, so the transaction may
    // hold it back (a start then needs no START TRANSACTION and COMMIT).
    await batch.flushLast();
    return outcome;
  }

  private async writeInstance(batch: StatementBatch, s: InstanceState, isNew: boolean, now: number) {
    const ended = s.state !== 'ACTIVE';
    const runtime = ended ? null : JSON.stringify(s);
    const hasIncident = Object.keys(s.incidents).length > 0;
    // A command that stopped at its step bound leaves work for the executor (ADR 0009): in the
    // same statement, so the hot path pays nothing for it; NULL again once the work is done.
    const pending = !ended && s.pending !== undefined;
    if (isNew) {
      await batch.add(
        ['process_instance'],
        `INSERT INTO process_instance (key, process_definition_key, bpmn_process_id, version, tenant_id, state,
           start_date, end_date, has_incident, parent_process_instance_key, parent_element_instance_key, runtime, continue_at)
         VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7 / 1000.0), $8, $9, $10, $11, $12, CASE WHEN $13 THEN now() END)`,
        [
          s.processInstanceKey, s.processDefinitionKey, s.bpmnProcessId, s.version, s.tenantId, s.state, now,
          ended ? new Date(now) : null, hasIncident, s.parentProcessInstanceKey ?? null, s.parentElementInstanceKey ?? null, runtime, pending,
        ],
      );
    } else {
      await batch.add(
        ['process_instance'],
        `UPDATE process_instance SET state = $2, runtime = $3, has_incident = $4,
           end_date = CASE WHEN $2 <> 'ACTIVE' THEN to_timestamp($5 / 1000.0) ELSE NULL END,
           process_definition_key = $6, bpmn_process_id = $7, version = $8, continue_at = CASE WHEN $9 THEN now() END
         WHERE key = $1`,
        [s.processInstanceKey, s.state, runtime, hasIncident, now, s.processDefinitionKey, s.bpmnProcessId, s.version, pending],
      );
    }
  }

  private async writeElements(batch: StatementBatch, graph: ProcessGraph, s: InstanceState, records: readonly EngineRecord[]) {
    const byKey = new Map<string, { r: EngineRecord & { valueType: 'PROCESS_INSTANCE' }; start: number }>();
    // Elements activated by this command have keys it took: their rows cannot exist yet.
    let allNew = true;
    for (const r of records) {
      if (r.valueType !== 'PROCESS_INSTANCE' || r.intent === 'SEQUENCE_FLOW_TAKEN') continue;
      const prev = byKey.get(r.key);
      if (!prev && r.intent !== 'ELEMENT_ACTIVATING') allNew = false;
      byKey.set(r.key, { r, start: prev?.start ?? r.timestamp });
    }
    if (byKey.size === 0) return;
    const cols: unknown[][] = [[], [], [], [], [], [], [], [], [], []];
    for (const [key, { r, start }] of byKey) {
      const state = elementState(r.intent);
      cols[0]!.push(key);
      cols[1]!.push(r.value.elementId);
      cols[2]!.push(graph.elements.get(r.value.elementId)?.name ?? null);
      cols[3]!.push(r.value.bpmnElementType);
      cols[4]!.push(state);
      cols[5]!.push(r.value.flowScopeKey);
      cols[6]!.push(s.elements[key]?.incidentKey ?? null);
      cols[7]!.push(new Date(start).toISOString());
      cols[8]!.push(state === 'ACTIVE' ? null : new Date(r.timestamp).toISOString());
      cols[9]!.push(r.value.tenantId);
    }
    // A row is inserted at activation and updated when the element ends (UPSERT_ELEMENT).
    await batch.add(
      ['element_instance'],
      `INSERT INTO element_instance (key, element_id, element_name, type, state, flow_scope_key, incident_key,
         start_date, end_date, tenant_id, process_instance_key, process_definition_key, bpmn_process_id)
       SELECT u.*, $11::bigint, $12::bigint, $13::text
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[],
                     $8::timestamptz[], $9::timestamptz[], $10::text[]) AS u${allNew ? '' : UPSERT_ELEMENT}`,
      [...cols, s.processInstanceKey, s.processDefinitionKey, s.bpmnProcessId],
    );
  }

  private async writeVariables(batch: StatementBatch, s: InstanceState, records: readonly EngineRecord[], keys: string[], isNew: boolean) {
    const byKey = new Map<string, { scopeKey: string; name: string; value: JsonValue }>();
    for (const r of records) {
      if (r.valueType === 'VARIABLE') byKey.set(r.key, { scopeKey: r.value.scopeKey, name: r.value.name, value: r.value.value });
    }
    if (byKey.size === 0) return;
    const scope: string[] = [], name: string[] = [], value: string[] = [], key: string[] = [];
    for (const v of byKey.values()) {
      scope.push(v.scopeKey);
      name.push(v.name);
      value.push(JSON.stringify(v.value));
      key.push(keys.pop()!);
    }
    await batch.add(
      ['variable'],
      `INSERT INTO variable (scope_key, name, value, variable_key, process_instance_key, process_definition_key, bpmn_process_id, tenant_id)
       SELECT u.s, u.n, u.v, u.k, $5, $6, $7, $8 FROM unnest($1::bigint[], $2::text[], $3::jsonb[], $4::bigint[]) AS u(s, n, v, k)${isNew ? '' : UPSERT_VARIABLE}`,
      [scope, name, value, key, s.processInstanceKey, s.processDefinitionKey, s.bpmnProcessId, s.tenantId],
    );
  }

  /** Writes job rows; returns the created jobs that are dispatched over Kafka. */
  private async writeJobs(batch: StatementBatch, state: InstanceState, records: readonly EngineRecord[], outcome: WriteOutcome, ended: boolean): Promise<JobRecord[]> {
    const created: JobRecord[] = [];
    const removed: string[] = [];
    for (const r of records) {
      if (r.valueType !== 'JOB') continue;
      switch (r.intent) {
        case 'CREATED':
          created.push(r);
          if (!this.outbox?.dispatchesJob(r.value.type, r.value.customHeaders)) outcome.jobTypes.add(r.value.type);
          break;
        case 'COMPLETED':
        case 'CANCELED':
          removed.push(r.key);
          break;
        case 'ERROR_THROWN':
          // Caught: the task is terminated and a JOB CANCELED follows, deleting the row. Uncaught:
          // an incident holds the job until it is resolved, which makes it activatable again.
          await batch.add(
            ['job', 'job#removed'],
            `UPDATE job SET state = 'ERROR_THROWN', worker = NULL, deadline = NULL, error_message = $2 WHERE key = $1`,
            [r.key, r.value.errorMessage ?? null],
          );
          break;
        case 'FAILED':
          // retries > 0: activatable again after the back-off; 0: parked until an incident resolves.
          await batch.add(
            ['job', 'job#removed'],
            `UPDATE job SET retries = $2, error_message = $3, worker = NULL, deadline = NULL,
               state = CASE WHEN $2 > 0 THEN 'ACTIVATABLE' ELSE 'FAILED' END,
               available_at = now() + ($4::bigint * interval '1 millisecond')
             WHERE key = $1`,
            [r.key, r.value.retries, r.value.errorMessage ?? null, r.value.retryBackOff ?? 0],
          );
          if (r.value.retries > 0) outcome.jobTypes.add(r.value.type);
          break;
      }
    }
    const kafka = created.filter((r) => this.outbox?.dispatchesJob(r.value.type, r.value.customHeaders));
    if (created.length > 0) {
      const c = created;
      const viaKafka = c.map((r) => kafka.includes(r));
      const kinds = c.map((r) => jobKindOf(r.value, state.elements[r.value.elementInstanceKey]?.elementType));
      // A job dispatched over Kafka is leased to the Kafka transport at once (attempt 1); when
      // the lease runs out the dispatcher sends it again with the next attempt.
      await batch.add(
        ['job'],
        `INSERT INTO job (key, type, state, retries, available_at, custom_headers, process_instance_key, element_instance_key,
           element_id, bpmn_process_id, process_definition_key, process_definition_version, tenant_id,
           worker, attempt, deadline, transport, trace_context, kind, listener_event_type)
         SELECT u.key, u.type, CASE WHEN u.kafka THEN 'ACTIVATED' ELSE 'ACTIVATABLE' END, u.retries,
                CASE WHEN u.kafka THEN now() + ($13::bigint * interval '1 millisecond') ELSE now() END,
                u.headers, u.pik, u.eik, u.eid, u.bpid, u.pdk, u.ver, u.tenant,
                CASE WHEN u.kafka THEN 'kafka' END, CASE WHEN u.kafka THEN 1 ELSE 0 END,
                CASE WHEN u.kafka THEN now() + ($13::bigint * interval '1 millisecond') END,
                CASE WHEN u.kafka THEN 'kafka' ELSE 'rest' END, $14::jsonb, u.kind, u.let
           FROM unnest($1::bigint[], $2::text[], $3::int[], $4::jsonb[], $5::bigint[], $6::bigint[], $7::text[], $8::text[],
                       $9::bigint[], $10::int[], $11::text[], $12::boolean[], $15::text[], $16::text[])
             AS u(key, type, retries, headers, pik, eik, eid, bpid, pdk, ver, tenant, kafka, kind, let)`,
        [
          c.map((r) => r.key), c.map((r) => r.value.type), c.map((r) => r.value.retries),
          c.map((r) => JSON.stringify(r.value.customHeaders)), c.map((r) => r.processInstanceKey),
          c.map((r) => r.value.elementInstanceKey), c.map((r) => r.value.elementId), c.map((r) => r.value.bpmnProcessId),
          c.map((r) => r.value.processDefinitionKey), c.map((r) => r.value.processDefinitionVersion), c.map((r) => r.value.tenantId),
          viaKafka, this.outbox?.kafkaJobTimeoutMs ?? 0,
          // The command's trace, continued by whoever works the job (docs/adr/0006-trace-context-through-the-outbox.md).
          JSON.stringify(currentTraceContext() ?? null),
          kinds.map((k) => k.kind), kinds.map((k) => k.listenerEventType),
        ],
      );
    }
    // The delete may share a statement with the insert when it deletes none of the inserted rows
    // (it would not see them); an instance that ended loses all its jobs anyway.
    const createdKeys = new Set(created.map((r) => r.key));
    const tags = removed.some((k) => createdKeys.has(k)) ? ['job', 'job#removed'] : ['job#removed'];
    if (!ended) await deleteByKeys(batch, tags, 'job', removed);
    return kafka;
  }

  private async writeUserTasks(batch: StatementBatch, graph: ProcessGraph, records: readonly EngineRecord[]) {
    for (const r of records) {
      if (r.valueType !== 'USER_TASK') continue;
      if (r.intent === 'CREATED') {
        const v = r.value;
        await batch.add(
          ['user_task'],
          `INSERT INTO user_task (key, state, name, element_id, element_instance_key, process_instance_key, process_definition_key,
             process_definition_version, bpmn_process_id, assignee, candidate_groups, candidate_users, due_date, follow_up_date,
             form_key, form_id, priority, creation_date, tenant_id, custom_headers)
           VALUES ($1, 'CREATED', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, to_timestamp($17 / 1000.0), $18, $19)`,
          [
            r.key, v.name ?? null, v.elementId, v.elementInstanceKey, r.processInstanceKey, v.processDefinitionKey,
            v.processDefinitionVersion, v.bpmnProcessId, v.assignee ?? null, [...v.candidateGroups], [...v.candidateUsers],
            v.dueDate ?? null, v.followUpDate ?? null, v.formKey ?? null, v.formId ?? null, v.priority, r.timestamp, v.tenantId,
            JSON.stringify(graph.elements.get(v.elementId)?.taskHeaders ?? {}),
          ],
        );
      } else if (r.intent === 'COMPLETED' || r.intent === 'CANCELED') {
        await batch.add(
          ['user_task'],
          `UPDATE user_task SET state = $2, completion_date = to_timestamp($3 / 1000.0) WHERE key = $1`,
          [r.key, r.intent, r.timestamp],
        );
      } else if (TRANSITIONAL_TASK_INTENTS.has(r.intent)) {
        // ASSIGNING, UPDATING, COMPLETING, CANCELING: the task shows the transition while its
        // listeners decide, with the values that stand until then.
        await batch.add(['user_task'], `UPDATE user_task SET state = $2 WHERE key = $1`, [r.key, r.intent]);
      } else {
        // The end of a transition, done or denied: the values that stand now, open again.
        const v = r.value;
        await batch.add(
          ['user_task'],
          `UPDATE user_task SET state = 'CREATED', assignee = $2, candidate_groups = $3, candidate_users = $4, due_date = $5,
             follow_up_date = $6, priority = $7
           WHERE key = $1`,
          [r.key, v.assignee ?? null, [...v.candidateGroups], [...v.candidateUsers], v.dueDate ?? null, v.followUpDate ?? null, v.priority],
        );
      }
    }
  }

  private async writeTimers(batch: StatementBatch, records: readonly EngineRecord[]) {
    const removed: string[] = [];
    for (const r of records) {
      if (r.valueType !== 'TIMER') continue;
      if (r.intent === 'CREATED') {
        const v = r.value;
        await batch.add(
          ['timer'],
          `INSERT INTO timer (key, process_instance_key, element_instance_key, process_definition_key, target_element_id,
             due_date, repetitions, interval, tenant_id)
           VALUES ($1, $2, $3, $4, $5, to_timestamp($6 / 1000.0), $7, $8, $9)`,
          [r.key, r.processInstanceKey, v.elementInstanceKey, v.processDefinitionKey, v.targetElementId, v.dueDate, v.repetitions, v.interval ?? null, v.tenantId],
        );
      } else {
        removed.push(r.key);
      }
    }
    await deleteByKeys(batch, ['timer'], 'timer', removed);
  }

  private async writeSubscriptions(batch: StatementBatch, records: readonly EngineRecord[], outcome: WriteOutcome) {
    const removedMessages: string[] = [];
    const removedSignals: string[] = [];
    for (const r of records) {
      if (r.valueType === 'MESSAGE_SUBSCRIPTION') {
        if (r.intent === 'CREATED') {
          const v = r.value;
          await batch.add(
            ['message_subscription'],
            `INSERT INTO message_subscription (key, process_instance_key, element_instance_key, target_element_id, message_name,
               correlation_key, interrupting, bpmn_process_id, tenant_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            [r.key, r.processInstanceKey, v.elementInstanceKey, v.targetElementId, v.messageName, v.correlationKey, v.interrupting, v.bpmnProcessId, v.tenantId],
          );
          outcome.openedSubscriptions.push({
            key: r.key, messageName: v.messageName, correlationKey: v.correlationKey,
            elementInstanceKey: v.elementInstanceKey, targetElementId: v.targetElementId, tenantId: v.tenantId,
          });
        } else if (r.intent === 'DELETED' || r.value.interrupting !== false) {
          // A non-interrupting boundary keeps listening after it correlated.
          removedMessages.push(r.key);
        }
      } else if (r.valueType === 'SIGNAL_SUBSCRIPTION') {
        if (r.intent === 'CREATED') {
          const v = r.value;
          await batch.add(
            ['signal_subscription', 'process_instance'],
            `INSERT INTO signal_subscription (key, process_instance_key, element_instance_key, process_definition_key,
               bpmn_process_id, target_element_id, signal_name, tenant_id)
             SELECT $1, $2, $3, process_definition_key, $4, $5, $6, $7 FROM process_instance WHERE key = $2`,
            [r.key, r.processInstanceKey, v.elementInstanceKey, v.bpmnProcessId, v.targetElementId, v.signalName, v.tenantId],
          );
        } else {
          removedSignals.push(r.key);
        }
      }
    }
    await deleteByKeys(batch, ['message_subscription'], 'message_subscription', removedMessages);
    await deleteByKeys(batch, ['signal_subscription'], 'signal_subscription', removedSignals);
  }

  private async writeIncidents(batch: StatementBatch, records: readonly EngineRecord[]) {
    for (const r of records) {
      if (r.valueType !== 'INCIDENT') continue;
      if (r.intent === 'CREATED') {
        const v = r.value;
        await batch.add(
          ['incident'],
          `INSERT INTO incident (key, state, error_type, error_message, element_id, element_instance_key, job_key,
             process_instance_key, process_definition_key, bpmn_process_id, creation_time, tenant_id)
           VALUES ($1, 'ACTIVE', $2, $3, $4, $5, $6, $7, $8, $9, to_timestamp($10 / 1000.0), $11)`,
          [r.key, v.errorType, v.errorMessage, v.elementId, v.elementInstanceKey, v.jobKey ?? null, r.processInstanceKey,
            v.processDefinitionKey, v.bpmnProcessId, r.timestamp, v.tenantId],
        );
      } else {
        await batch.add(['incident'], `UPDATE incident SET state = 'RESOLVED' WHERE key = $1`, [r.key]);
        if (r.value.jobKey) {
          // A job incident resolved: the job may be activated again (with at least one retry).
          await batch.add(
            ['job', 'job#removed'],
            `UPDATE job SET state = 'ACTIVATABLE', retries = GREATEST(retries, 1), available_at = now()
              WHERE key = $1 AND state IN ('FAILED', 'ERROR_THROWN')`,
            [r.value.jobKey],
          );
        }
      }
    }
  }

  /**
   * Appends the records to history, one `history_batch` row per run of records of one instance
   * and time (usually one row per command: ADR 0029); returns each record's position (its
   * stable event id).
   */
  private async writeHistory(batch: StatementBatch, records: readonly EngineRecord[], keys: string[]): Promise<string[]> {
    if (records.length === 0) return [];
    const first: string[] = [], pik: string[] = [], entries: string[] = [], jobKeys: (string | null)[] = [], ts: string[] = [];
    // Positions come from the front of `keys` (variables take theirs from the back); indexed, not
    // shifted: shifting made a start with 100,000 variables quadratic (20 s of event loop).
    const position = keys.slice(0, records.length);
    let from = 0;
    for (let i = 1; i <= records.length; i++) {
      const r = records[i], head = records[from]!;
      if (r && r.processInstanceKey === head.processInstanceKey && r.timestamp === head.timestamp) continue;
      const run = records.slice(from, i).map((x, j) => historyEntry(x, position[from + j]!));
      first.push(position[from]!);
      pik.push(head.processInstanceKey);
      entries.push(JSON.stringify(run));
      const jobs = run.filter((x) => x.t === 'JOB' && x.k !== '0').map((x) => x.k);
      jobKeys.push(jobs.length > 0 ? `{${jobs.join(',')}}` : null);
      ts.push(new Date(head.timestamp).toISOString());
      from = i;
    }
    if (first.length === 1) {
      // The usual command: one row, its records a plain parameter (an array parameter would
      // escape every quote of the JSON, and PostgreSQL would parse the escapes back).
      await batch.add(
        ['history_batch'],
        `INSERT INTO history_batch (first_position, process_instance_key, records, job_keys, "timestamp")
         VALUES ($1::bigint, $2::bigint, $3::json, $4::bigint[], $5::timestamptz)`,
        [first[0], pik[0], entries[0], jobKeys[0], ts[0]],
      );
    } else {
      await batch.add(
        ['history_batch'],
        `INSERT INTO history_batch (first_position, process_instance_key, records, job_keys, "timestamp")
         SELECT p, k, r, j::bigint[], t FROM unnest($1::bigint[], $2::bigint[], $3::json[], $4::text[], $5::timestamptz[]) AS u(p, k, r, j, t)`,
        [first, pik, entries, jobKeys, ts],
      );
    }
    return position;
  }
}

/** One record as an element of `history_batch.records` (the view `history_entry` reads it back). */
function historyEntry(r: EngineRecord, position: string): { p: string; k: string; t: string; i: string; e: string | null; v: unknown } {
  const v = r.value as { elementId?: string; targetElementId?: string };
  return {
    p: position,
    k: /^\d+$/.test(r.key) ? r.key : '0',
    t: r.valueType,
    i: r.intent,
    e: 'elementId' in v ? v.elementId! : 'targetElementId' in v ? v.targetElementId! : null,
    v: r.value,
  };
}

/** Decision instances of the business-rule tasks this command evaluated. */
async function writeDecisionInstances(batch: StatementBatch, records: readonly EngineRecord[]): Promise<void> {
  const evaluations = records.filter((r) => r.valueType === 'DECISION_EVALUATION').map(rowsOfRecord);
  const insert = evaluations.length > 0 ? decisionInstanceInsert(evaluations) : undefined;
  if (insert) await batch.add(['decision_instance'], insert.text, insert.params);
}

// Upserts, for rows an earlier command may have written: an element's row is inserted at its
// activation and updated when it ends; a variable's row when it is first set. Rows known to be
// new (every element activated by the command, every variable of a new instance) are inserted
// plainly: a speculative insertion costs PostgreSQL an index probe and a WAL record more per row.
const UPSERT_ELEMENT = `
       ON CONFLICT (key) DO UPDATE SET state = EXCLUDED.state, end_date = EXCLUDED.end_date,
         incident_key = EXCLUDED.incident_key`;
const UPSERT_VARIABLE = `
       ON CONFLICT (scope_key, name) DO UPDATE SET value = EXCLUDED.value`;

/** Element lifecycle intent → the state the search API shows. */
function elementState(intent: string): 'ACTIVE' | 'COMPLETED' | 'TERMINATED' {
  if (intent === 'ELEMENT_COMPLETED') return 'COMPLETED';
  if (intent === 'ELEMENT_TERMINATED') return 'TERMINATED';
  return 'ACTIVE';
}

/** Follow-up work implied by a command's records. */
export interface WriteOutcome {
  /** Job types that got activatable jobs: wake their long-polls after commit. */
  jobTypes: Set<string>;
  /** Message subscriptions opened: a buffered message may already be waiting for them. */
  openedSubscriptions: OpenedSubscription[];
  /** Signals thrown: broadcast to every subscription. */
  signals: { name: string; variables: Readonly<Record<string, JsonValue>>; tenantId: string }[];
  /** The instance ended with this command. */
  ended: boolean;
  /** Kafka outbox rows written: wake the relay after commit. */
  outboxRows: number;
}

/** A message subscription opened by a command. */
export interface OpenedSubscription {
  key: string;
  messageName: string;
  correlationKey: string;
  elementInstanceKey: string;
  targetElementId: string;
  tenantId: string;
}

/** User task intents that open a transition its listeners decide; the row shows them as its state. */
const TRANSITIONAL_TASK_INTENTS: ReadonlySet<string> = new Set(['ASSIGNING', 'UPDATING', 'COMPLETING', 'CANCELING']);

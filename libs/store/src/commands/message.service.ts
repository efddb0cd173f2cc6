import type { JsonValue } from '@osprey/runtime';
import type { Database, Sql } from '../database';
import type { KeyAllocator } from '../keys';
import type { DefinitionRepository } from '../definitions/definition.repository';
import { ConflictError, NotFoundError } from '../errors';
import { lockMessageRendezvous } from './message-rendezvous';
import { afterCommit, type AfterCommit, type CommandPipeline } from './command-pipeline';
import type { EngineEvents } from './engine-events';
import type { InstanceService } from './instance.service';
import { TenantScope } from '../tenants/tenant-scope';

/** A message to publish or correlate. */
export interface MessageRequest {
  readonly name: string;
  readonly correlationKey?: string;
  readonly variables?: Readonly<Record<string, JsonValue>>;
  /** Publication only: how long the message waits in the buffer for a subscription, in ms. */
  readonly timeToLive?: number;
  /** Publication only: de-duplicates — a second message with the same id is refused. */
  readonly messageId?: string;
  readonly tenantId?: string;
}

/** An instance a message reached. */
interface Reached {
  processInstanceKey: string;
  bpmnProcessId: string;
}

interface SubscriptionRow {
  key: string;
  bpmnProcessId: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  targetElementId: string;
}

/**
 * Message publication (buffered with a time-to-live, de-duplicated by id) and correlation
 * (exactly one receiver, answered synchronously). A message reaches each waiting instance at
 * most once, and starts one instance per process with a matching message start event.
 */
export class MessageService {
  constructor(
    private readonly db: Database,
    private readonly keys: KeyAllocator,
    private readonly definitions: DefinitionRepository,
    private readonly pipeline: CommandPipeline,
    private readonly instances: InstanceService,
    private readonly events: EngineEvents,
  ) {}

  /**
   * `POST /v2/messages/publication`: reaches only subscriptions and start events of the message's
   * tenant, which must be one of `scope`'s.
   * @throws ConflictError for a duplicate message id; ValidationError, ForbiddenError for a tenant
   *   out of `scope` (see {@link TenantScope.tenantFor})
   */
  async publish(request: MessageRequest, scope = TenantScope.ANY): Promise<{ messageKey: string; tenantId: string }> {
    const tenantId = scope.tenantFor(request.tenantId);
    // A buffered message keeps its variables until it correlates: refuse oversized ones now.
    this.pipeline.variableLimits.checkVariables(request.variables);
    const after = afterCommit();
    const result = await this.db.transaction((sql) => this.publishIn(sql, request, tenantId, after));
    this.events.committed(after);
    return result;
  }

  /**
   * Publishes a message consumed from a queue at most once per `consumed.id`: the id row is
   * written in the transaction that publishes the message, so both commit or neither does
   * (docs/adr/0002-kafka-outbox-and-job-leases.md). A crash or failure before the commit leaves
   * the id unrecorded and the redelivered message is published then.
   * @returns 'duplicate' when the id was recorded before (nothing published)
   * @throws as {@link publish}
   */
  async publishOnce(request: MessageRequest, consumed: { consumer: string; id: string }): Promise<'published' | 'duplicate'> {
    const tenantId = TenantScope.ANY.tenantFor(request.tenantId);
    this.pipeline.variableLimits.checkVariables(request.variables);
    const after = afterCommit();
    const outcome = await this.db.transaction(async (sql) => {
      const fresh = await sql.exec(`INSERT INTO consumed_message (consumer, id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [consumed.consumer, consumed.id]);
      if (fresh === 0) return 'duplicate';
      await this.publishIn(sql, request, tenantId, after);
      return 'published';
    });
    this.events.committed(after);
    return outcome;
  }

  private async publishIn(sql: Sql, request: MessageRequest, tenantId: string, after: AfterCommit): Promise<{ messageKey: string; tenantId: string }> {
    const [messageKey] = await this.keys.take(1, sql);
    const ttl = Math.max(0, request.timeToLive ?? 0);
    if (request.messageId) {
      // The unique index on (tenant, name, message_id) settles races between replicas.
      const [dup] = await sql.rows(
        `SELECT 1 FROM message WHERE tenant_id = $1 AND name = $2 AND message_id = $3 AND expires_at > now()`,
        [tenantId, request.name, request.messageId],
      );
      if (dup) {
        throw new ConflictError(`Expected a new message id, but message '${request.name}' with id '${request.messageId}' was already published`);
      }
    }
    // A message that waits for a subscription meets commands opening one under this lock.
    if (ttl > 0) await lockMessageRendezvous(sql, tenantId, request.name, request.correlationKey ?? '');
    const reached = await this.deliver(sql, messageKey, request, tenantId, 'all', after);
    if (ttl > 0) {
      // An empty message id is no id (as in Camunda): only a real one is kept unique.
      await sql
        .exec(
          `INSERT INTO message (key, name, correlation_key, message_id, variables, expires_at, tenant_id)
           VALUES ($1, $2, $3, $4, $5, now() + ($6::bigint * interval '1 millisecond'), $7)`,
          [messageKey, request.name, request.correlationKey ?? '', request.messageId || null, JSON.stringify(request.variables ?? {}), ttl, tenantId],
        )
        .catch((error: unknown) => {
          // A replica that lost the race on the same message id: the same answer as the check above.
          if ((error as { constraint?: string }).constraint === 'message_id_unique') {
            throw new ConflictError(`Expected a new message id, but message '${request.name}' with id '${request.messageId}' was already published`);
          }
          throw error;
        });
      for (const r of reached) {
        await sql.exec(
          `INSERT INTO message_correlation (message_key, bpmn_process_id, process_instance_key) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
          [messageKey, r.bpmnProcessId, r.processInstanceKey],
        );
      }
    }
    return { messageKey, tenantId };
  }

  /** `POST /v2/messages/correlation`: exactly one receiver now, or 404. */
  async correlate(request: MessageRequest, scope = TenantScope.ANY): Promise<{ messageKey: string; tenantId: string; processInstanceKey: string }> {
    const tenantId = scope.tenantFor(request.tenantId);
    const after = afterCommit();
    const result = await this.db.transaction(async (sql) => {
      const [messageKey] = await this.keys.take(1, sql);
      const [first] = await this.deliver(sql, messageKey, request, tenantId, 'one', after);
      if (!first) {
        throw new NotFoundError(
          `Expected to find a subscription for message '${request.name}' with correlation key '${request.correlationKey ?? ''}', but found none`,
        );
      }
      return { messageKey, tenantId, processInstanceKey: first.processInstanceKey };
    });
    this.events.committed(after);
    return result;
  }

  /**
   * Delivers to waiting subscriptions and message start events. As in Camunda 8 a message
   * correlates at most once per process (BPMN process id): the oldest waiting subscription of
   * each process gets it. Returns who was reached.
   */
  private async deliver(sql: Sql, messageKey: string, request: MessageRequest, tenantId: string, mode: 'all' | 'one', after: AfterCommit): Promise<Reached[]> {
    const correlationKey = request.correlationKey ?? '';
    const variables = request.variables ?? {};
    const reached: Reached[] = [];
    const subs = await sql.rows<SubscriptionRow>(
      `SELECT key::text AS key, process_instance_key::text AS "processInstanceKey", bpmn_process_id AS "bpmnProcessId",
              element_instance_key::text AS "elementInstanceKey", target_element_id AS "targetElementId"
         FROM message_subscription
        WHERE message_name = $1 AND correlation_key = $2 AND tenant_id = $3
        ORDER BY message_subscription.key`,
      [request.name, correlationKey, tenantId],
    );
    const seen = new Set<string>();
    for (const sub of subs) {
      if (seen.has(sub.bpmnProcessId)) continue;
      const delivered = await this.pipeline.onOpenSubscription(
        sql,
        sub.processInstanceKey,
        'message_subscription',
        sub.key,
        {
          type: 'CORRELATE_MESSAGE',
          subscriptionKey: sub.key,
          elementInstanceKey: sub.elementInstanceKey,
          targetElementId: sub.targetElementId,
          messageKey,
          messageName: request.name,
          correlationKey,
          variables,
        },
        after,
      );
      if (!delivered) continue;
      seen.add(sub.bpmnProcessId);
      reached.push({ processInstanceKey: sub.processInstanceKey, bpmnProcessId: sub.bpmnProcessId });
      if (mode === 'one') return reached;
    }
    const starts = await sql.rows<{ processDefinitionKey: string; startElementId: string; bpmnProcessId: string }>(
      `SELECT process_definition_key::text AS "processDefinitionKey", start_element_id AS "startElementId", bpmn_process_id AS "bpmnProcessId"
         FROM message_start_subscription WHERE message_name = $1 AND tenant_id = $2`,
      [request.name, tenantId],
    );
    for (const start of starts) {
      if (seen.has(start.bpmnProcessId)) continue;
      if (correlationKey) {
        // As in Camunda 8: one active instance per process and correlation key via message start.
        const [active] = await sql.rows(
          `SELECT 1 FROM operation_reference r JOIN process_instance p ON p.key = r.process_instance_key
            WHERE r.reference = $1 AND p.state = 'ACTIVE'`,
          [`message-start:${tenantId}:${start.bpmnProcessId}:${correlationKey}`],
        );
        if (active) continue;
      }
      const def = (await this.definitions.get(start.processDefinitionKey, sql)).row;
      const started = await this.instances.startIn(sql, def, variables, start.startElementId, after);
      if (correlationKey) {
        await sql.exec(
          `INSERT INTO operation_reference (reference, process_instance_key) VALUES ($1, $2)
           ON CONFLICT (reference) DO UPDATE SET process_instance_key = EXCLUDED.process_instance_key, created_at = now()`,
          [`message-start:${tenantId}:${start.bpmnProcessId}:${correlationKey}`, started.processInstanceKey],
        );
      }
      seen.add(start.bpmnProcessId);
      reached.push({ processInstanceKey: started.processInstanceKey, bpmnProcessId: start.bpmnProcessId });
      if (mode === 'one') return reached;
    }
    return reached;
  }

  /** Drops expired buffered messages; returns how many. */
  async expire(limit = 1000): Promise<number> {
    return this.db.transaction((sql) =>
      sql.exec(
        `WITH gone AS (SELECT key FROM message WHERE expires_at <= now() ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED),
              c AS (DELETE FROM message_correlation WHERE message_key IN (SELECT key FROM gone))
         DELETE FROM message WHERE key IN (SELECT key FROM gone)`,
        [limit],
      ),
    );
  }
}

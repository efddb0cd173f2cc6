import type { JsonValue } from '@osprey/runtime';
import type { Database, Sql } from '../database';
import type { KeyAllocator } from '../keys';
import type { DefinitionRepository } from '../definitions/definition.repository';
import { afterCommit, type AfterCommit, type CommandPipeline } from './command-pipeline';
import type { EngineEvents } from './engine-events';
import type { InstanceService } from './instance.service';
import { TenantScope } from '../tenants/tenant-scope';

/** Signal broadcast: every signal catch event, boundary and signal start event with the name. */
export class SignalService {
  constructor(
    private readonly db: Database,
    private readonly keys: KeyAllocator,
    private readonly definitions: DefinitionRepository,
    private readonly pipeline: CommandPipeline,
    private readonly instances: InstanceService,
    private readonly events: EngineEvents,
  ) {
    pipeline.signalBroadcaster = (sql, name, variables, tenantId, after) => this.broadcastIn(sql, name, variables, tenantId, after);
  }

  /**
   * `POST /v2/signals/broadcast`: reaches only the subscriptions of the signal's tenant, which
   * must be one of `scope`'s.
   * @throws ValidationError, ForbiddenError for a tenant out of `scope` (see {@link TenantScope.tenantFor})
   */
  async broadcast(
    name: string,
    variables: Readonly<Record<string, JsonValue>>,
    named?: string,
    scope = TenantScope.ANY,
  ): Promise<{ signalKey: string; tenantId: string }> {
    const tenantId = scope.tenantFor(named);
    const after = afterCommit();
    const signalKey = await this.db.transaction(async (sql) => {
      const [key] = await this.keys.take(1, sql);
      await this.broadcastIn(sql, name, variables, tenantId, after);
      return key;
    });
    this.events.committed(after);
    return { signalKey, tenantId };
  }

  /** Delivers a signal inside the caller's transaction (also used for signals thrown by processes). */
  async broadcastIn(sql: Sql, name: string, variables: Readonly<Record<string, JsonValue>>, tenantId: string, after: AfterCommit): Promise<void> {
    const subs = await sql.rows<{ key: string; pik: string | null; eik: string | null; target: string; pdk: string }>(
      `SELECT key::text AS key, process_instance_key::text AS pik, element_instance_key::text AS eik,
              target_element_id AS target, process_definition_key::text AS pdk
         FROM signal_subscription WHERE signal_name = $1 AND tenant_id = $2
        ORDER BY signal_subscription.process_instance_key NULLS FIRST, signal_subscription.key`,
      [name, tenantId],
    );
    for (const sub of subs) {
      if (sub.pik === null) {
        const def = (await this.definitions.get(sub.pdk, sql)).row;
        await this.instances.startIn(sql, def, variables, sub.target, after);
        continue;
      }
      await this.pipeline.onOpenSubscription(
        sql,
        sub.pik,
        'signal_subscription',
        sub.key,
        { type: 'TRIGGER_SIGNAL', subscriptionKey: sub.key, elementInstanceKey: sub.eik!, targetElementId: sub.target, variables },
        after,
      );
    }
  }
}

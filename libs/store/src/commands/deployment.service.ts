import type { Database } from '../database';
import type { DefinitionRepository, DeploymentResource, DeploymentResult } from '../definitions/definition.repository';
import type { KeyAllocator } from '../keys';
import type { CommandPipeline } from './command-pipeline';
import type { TimerService } from './timer.service';
import { TenantScope } from '../tenants/tenant-scope';

/**
 * Deploys BPMN and form resources in one transaction: validation first (all or nothing), then
 * new versions, then the start events of each new latest version — message start
 * subscriptions, timer start timers, signal start subscriptions — replacing the previous
 * version's. Running instances are never touched.
 */
export class DeploymentService {
  constructor(
    private readonly db: Database,
    private readonly keys: KeyAllocator,
    private readonly definitions: DefinitionRepository,
    private readonly pipeline: CommandPipeline,
    private readonly timers: TimerService,
  ) {}

  /**
   * Deploys into the named tenant (`<default>` when none), which must be one of `scope`'s.
   * @throws ValidationError listing every problem when any resource is invalid; ValidationError,
   *   ForbiddenError for a tenant out of `scope` (see {@link TenantScope.tenantFor})
   */
  async deploy(resources: readonly DeploymentResource[], named?: string, scope = TenantScope.ANY): Promise<DeploymentResult> {
    const tenantId = scope.tenantFor(named);
    const compiled = await this.definitions.compile(resources);
    return this.db.transaction(async (sql) => {
      const result = await this.definitions.store(sql, compiled, tenantId);
      const now = await this.pipeline.now(sql);
      for (const { definition, graph, isNew } of result.processes) {
        if (!isNew) continue;
        const id = definition.bpmnProcessId;
        await sql.exec(`DELETE FROM message_start_subscription WHERE bpmn_process_id = $1 AND tenant_id = $2`, [id, tenantId]);
        for (const startId of graph.startEvents.message) {
          const def = graph.elements.get(startId)?.eventDefinition;
          if (def?.kind !== 'message') continue;
          // A message start event's name must be static: there is no instance to evaluate FEEL in.
          const name = def.messageName.kind === 'static' ? def.messageName.value : def.messageName.source;
          await sql.exec(
            `INSERT INTO message_start_subscription (process_definition_key, bpmn_process_id, message_name, start_element_id, tenant_id)
             VALUES ($1, $2, $3, $4, $5)`,
            [definition.key, id, name, startId, tenantId],
          );
        }
        await sql.exec(
          `DELETE FROM signal_subscription WHERE process_instance_key IS NULL AND bpmn_process_id = $1 AND tenant_id = $2`,
          [id, tenantId],
        );
        for (const startId of graph.startEvents.signal) {
          const def = graph.elements.get(startId)?.eventDefinition;
          if (def?.kind !== 'signal') continue;
          const name = def.signalName.kind === 'static' ? def.signalName.value : def.signalName.source;
          const [subscriptionKey] = await this.keys.take(1, sql);
          await sql.exec(
            `INSERT INTO signal_subscription (key, process_instance_key, element_instance_key, process_definition_key, bpmn_process_id,
               target_element_id, signal_name, tenant_id)
             VALUES ($1, NULL, NULL, $2, $3, $4, $5, $6)`,
            [subscriptionKey, definition.key, id, startId, name, tenantId],
          );
        }
        await this.timers.registerStartTimers(sql, id, definition.key, graph, now);
      }
      return result;
    });
  }
}

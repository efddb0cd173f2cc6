import { Controller, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { OspreyEngine } from '@osprey/store';
import {
  MIGRATE_PROCESS_INSTANCE,
  MIGRATE_PROCESS_INSTANCES,
  MODIFY_PROCESS_INSTANCE,
  type MigrateProcessInstanceRequest,
  type MigrateProcessInstancesRequest,
  type ModifyProcessInstanceRequest,
} from '@osprey/contracts';
import { ENGINE } from '../engine.tokens';
import { ContractBody, Route } from './contract-route';
import { tenantScopeOf } from '../auth/tenants';
import { toMigrationFilter, toMigrationPlan, toModification } from './instance-changes.body';

/**
 * Changing running instances on an operator's request: modification (terminate and activate
 * elements) and migration to another process definition, one instance or a batch.
 */
@Controller()
export class InstanceChangesController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Route(MIGRATE_PROCESS_INSTANCES)
  migrateBatch(@ContractBody() body: MigrateProcessInstancesRequest, @Req() req: unknown) {
    return this.engine.migrations.migrateAll(toMigrationFilter(body), toMigrationPlan(body), tenantScopeOf(req));
  }

  @Route(MODIFY_PROCESS_INSTANCE)
  async modify(@Param('key') key: string, @ContractBody() body: ModifyProcessInstanceRequest, @Req() req: unknown) {
    await this.engine.modifications.modify(key, toModification(body), tenantScopeOf(req));
  }

  /** 204 when the instance migrated (as Camunda 8); 200 with the check on a dry run. */
  @Route(MIGRATE_PROCESS_INSTANCE)
  async migrate(
    @Param('key') key: string,
    @ContractBody() body: MigrateProcessInstanceRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Req() req: unknown,
  ) {
    const plan = toMigrationPlan(body);
    const check = await this.engine.migrations.migrate(key, plan, tenantScopeOf(req));
    if (plan.dryRun) return check;
    void reply.status(204);
    return undefined;
  }
}

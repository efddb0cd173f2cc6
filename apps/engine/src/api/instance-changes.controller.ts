import { Body as RawBody, Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { OspreyEngine } from '@osprey/store';
import { ENGINE } from '../engine.tokens';
import { Body } from './body';
import { tenantScopeOf } from '../auth/tenants';
import { readMigrationFilter, readMigrationPlan, readModification } from './instance-changes.body';

/**
 * Changing running instances on an operator's request: modification (terminate and activate
 * elements) and migration to another process definition, one instance or a batch.
 */
@Controller('v2/process-instances')
export class InstanceChangesController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Post('migration')
  @HttpCode(200)
  migrateBatch(@RawBody() raw: unknown, @Req() req: unknown) {
    const b = new Body(raw);
    const filter = readMigrationFilter(b);
    const plan = readMigrationPlan(b);
    b.done();
    return this.engine.migrations.migrateAll(filter, plan, tenantScopeOf(req));
  }

  @Post(':key/modification')
  @HttpCode(204)
  async modify(@Param('key') key: string, @RawBody() raw: unknown, @Req() req: unknown) {
    await this.engine.modifications.modify(key, readModification(raw), tenantScopeOf(req));
  }

  /** 204 when the instance migrated (as Camunda 8); 200 with the check on a dry run. */
  @Post(':key/migration')
  @HttpCode(200)
  async migrate(
    @Param('key') key: string,
    @RawBody() raw: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Req() req: unknown,
  ) {
    const b = new Body(raw);
    const plan = readMigrationPlan(b);
    b.done();
    const check = await this.engine.migrations.migrate(key, plan, tenantScopeOf(req));
    if (plan.dryRun) return check;
    void reply.status(204);
    return undefined;
  }
}

import { Body as RawBody, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { OspreyEngine } from '@osprey/store';
import { ENGINE } from '../engine.tokens';
import { Body } from '../api/body';
import { tenantScopeOf } from '../auth/tenants';
import { StatisticsRepository } from '@osprey/store';

/**
 * Osprey: counts for the instance monitor.
 * - `POST /v2/osprey/element-statistics {processDefinitionKey}` → `{ items: [{ elementId, active, incidents }] }`
 * - `POST /v2/osprey/definition-statistics` → `{ items: [{ processDefinitionKey, activeInstances, incidents }] }`
 */
@Controller('v2/osprey')
export class StatisticsController {
  private readonly stats: StatisticsRepository;

  constructor(@Inject(ENGINE) engine: OspreyEngine) {
    this.stats = new StatisticsRepository(engine.db);
  }

  @Post('element-statistics')
  @HttpCode(200)
  async elements(@RawBody() raw: unknown, @Req() req: unknown) {
    const b = new Body(raw);
    const key = b.key('processDefinitionKey', { required: true });
    b.done();
    return { items: await this.stats.elements(key!, tenantScopeOf(req)) };
  }

  @Post('definition-statistics')
  @HttpCode(200)
  async definitions(@Req() req: unknown) {
    return { items: await this.stats.definitions(tenantScopeOf(req)) };
  }
}

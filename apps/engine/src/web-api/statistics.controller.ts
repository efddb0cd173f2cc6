import { Body as RawBody, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { isKey, ValidationError, type OspreyEngine } from '@osprey/store';
import { ENGINE } from '../engine.tokens';
import { ElementStatisticsRequest } from '@osprey/contracts';
import { readBody } from '../api/read-body';
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
    const key = String(readBody(ElementStatisticsRequest, raw).processDefinitionKey);
    // The contract's pattern allows 19 digits; a key must also fit PostgreSQL's bigint.
    if (!isKey(key)) throw new ValidationError('Invalid request body', [`processDefinitionKey: Expected a key (a string of digits), but found ${JSON.stringify(key)}`]);
    return { items: await this.stats.elements(key, tenantScopeOf(req)) };
  }

  @Post('definition-statistics')
  @HttpCode(200)
  async definitions(@Req() req: unknown) {
    return { items: await this.stats.definitions(tenantScopeOf(req)) };
  }
}

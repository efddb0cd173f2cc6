import { Controller, Inject, Req } from '@nestjs/common';
import { isKey, ValidationError, type OspreyEngine } from '@osprey/store';
import { ENGINE } from '../engine.tokens';
import { ELEMENT_STATISTICS, DEFINITION_STATISTICS, type ElementStatisticsRequest } from '@osprey/contracts';
import { ContractBody, Route } from '../api/contract-route';
import { tenantScopeOf } from '../auth/tenants';
import { StatisticsRepository } from '@osprey/store';

/**
 * Osprey: counts for the instance monitor.
 * - `POST /v2/osprey/element-statistics {processDefinitionKey}` → `{ items: [{ elementId, active, incidents }] }`
 * - `POST /v2/osprey/definition-statistics` → `{ items: [{ processDefinitionKey, activeInstances, incidents }] }`
 */
@Controller()
export class StatisticsController {
  private readonly stats: StatisticsRepository;

  constructor(@Inject(ENGINE) engine: OspreyEngine) {
    this.stats = new StatisticsRepository(engine.db);
  }

  @Route(ELEMENT_STATISTICS)
  async elements(@ContractBody() body: ElementStatisticsRequest, @Req() req: unknown) {
    const key = String(body.processDefinitionKey);
    // The contract's pattern allows 19 digits; a key must also fit PostgreSQL's bigint.
    if (!isKey(key)) throw new ValidationError('Invalid request body', [`processDefinitionKey: Expected a key (a string of digits), but found ${JSON.stringify(key)}`]);
    return { items: await this.stats.elements(key, tenantScopeOf(req)) };
  }

  @Route(DEFINITION_STATISTICS)
  async definitions(@Req() req: unknown) {
    return { items: await this.stats.definitions(tenantScopeOf(req)) };
  }
}

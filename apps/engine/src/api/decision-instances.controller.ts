import { Body as RawBody, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import type { OspreyEngine, SearchRequest } from '@osprey/store';
import { ENGINE } from '../engine.tokens';
import { tenantScopeOf } from '../auth/tenants';

/** Decision instances: every decision evaluated, by a business-rule task or directly. */
@Controller('v2/decision-instances')
export class DecisionInstancesController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Post('search')
  @HttpCode(200)
  search(@RawBody() body: SearchRequest, @Req() req: unknown) {
    return this.engine.search.decisionInstances(body ?? {}, tenantScopeOf(req));
  }

  /** `key` is Camunda's `decisionEvaluationInstanceKey`: `<decision evaluation key>-<index>`. */
  @Get(':key')
  get(@Param('key') key: string, @Req() req: unknown) {
    return this.engine.decisionEvaluations.instance(key, tenantScopeOf(req));
  }
}

import { Body as RawBody, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import type { OspreyEngine } from '@osprey/store';
import { SearchRequest } from '@osprey/contracts';
import { ENGINE } from '../engine.tokens';
import { readBody } from './read-body';
import { tenantScopeOf } from '../auth/tenants';

/** Decision instances: every decision evaluated, by a business-rule task or directly. */
@Controller('v2/decision-instances')
export class DecisionInstancesController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Post('search')
  @HttpCode(200)
  search(@RawBody() raw: unknown, @Req() req: unknown) {
    return this.engine.search.decisionInstances(readBody(SearchRequest, raw), tenantScopeOf(req));
  }

  /** `key` is Camunda's `decisionEvaluationInstanceKey`: `<decision evaluation key>-<index>`. */
  @Get(':key')
  get(@Param('key') key: string, @Req() req: unknown) {
    return this.engine.decisionEvaluations.instance(key, tenantScopeOf(req));
  }
}

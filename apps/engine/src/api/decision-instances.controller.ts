import { Controller, Inject, Param, Req } from '@nestjs/common';
import type { OspreyEngine } from '@osprey/store';
import { SEARCH_DECISION_INSTANCES, GET_DECISION_INSTANCE, type SearchRequest } from '@osprey/contracts';
import { ENGINE } from '../engine.tokens';
import { ContractBody, Route } from './contract-route';
import { tenantScopeOf } from '../auth/tenants';

/** Decision instances: every decision evaluated, by a business-rule task or directly. */
@Controller()
export class DecisionInstancesController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Route(SEARCH_DECISION_INSTANCES)
  search(@ContractBody() body: SearchRequest, @Req() req: unknown) {
    return this.engine.search.decisionInstances(body, tenantScopeOf(req));
  }

  /** `key` is Camunda's `decisionEvaluationInstanceKey`: `<decision evaluation key>-<index>`. */
  @Route(GET_DECISION_INSTANCE)
  get(@Param('key') key: string, @Req() req: unknown) {
    return this.engine.decisionEvaluations.instance(key, tenantScopeOf(req));
  }
}

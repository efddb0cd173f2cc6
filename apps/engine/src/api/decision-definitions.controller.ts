import { Controller, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { decisionSearchSpecs, type OspreyEngine } from '@osprey/store';
import { EVALUATE_DECISION, SEARCH_DECISION_DEFINITIONS, GET_DECISION_DEFINITION_XML, GET_DECISION_DEFINITION, type EvaluateDecisionRequest, type SearchRequest } from '@osprey/contracts';
import { ENGINE } from '../engine.tokens';
import { ContractBody, Route } from './contract-route';
import { tenantScopeOf } from '../auth/tenants';

/** Decision definitions: evaluate, search, read, the XML of their requirements graph. */
@Controller()
export class DecisionDefinitionsController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Route(EVALUATE_DECISION)
  evaluate(@ContractBody() body: EvaluateDecisionRequest, @Req() req: unknown) {
    return this.engine.decisionEvaluations.evaluate(body, tenantScopeOf(req));
  }

  @Route(SEARCH_DECISION_DEFINITIONS)
  search(@ContractBody() body: SearchRequest, @Req() req: unknown) {
    return this.engine.search.decisionDefinitions(body, tenantScopeOf(req));
  }

  @Route(GET_DECISION_DEFINITION)
  get(@Param('key') key: string, @Req() req: unknown) {
    return this.engine.search.one(decisionSearchSpecs.DECISION_DEFINITION, 'decisionDefinitionKey', key, 'Decision definition', tenantScopeOf(req));
  }

  @Route(GET_DECISION_DEFINITION_XML)
  async xml(@Param('key') key: string, @Res() reply: FastifyReply, @Req() req: unknown) {
    const xml = await this.engine.definitions.decisions.xml({ decisionDefinitionKey: key }, tenantScopeOf(req));
    return reply.status(200).header('content-type', 'text/xml; charset=utf-8').send(xml);
  }
}

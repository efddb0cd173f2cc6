import { Controller, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { decisionSearchSpecs, type OspreyEngine } from '@osprey/store';
import { SEARCH_DECISION_REQUIREMENTS, GET_DECISION_REQUIREMENTS_XML, GET_DECISION_REQUIREMENTS, type SearchRequest } from '@osprey/contracts';
import { ENGINE } from '../engine.tokens';
import { ContractBody, Route } from './contract-route';
import { tenantScopeOf } from '../auth/tenants';

/** Decision requirements graphs (one per deployed `.dmn` file): search, read, XML. */
@Controller()
export class DecisionRequirementsController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Route(SEARCH_DECISION_REQUIREMENTS)
  search(@ContractBody() body: SearchRequest, @Req() req: unknown) {
    return this.engine.search.decisionRequirements(body, tenantScopeOf(req));
  }

  @Route(GET_DECISION_REQUIREMENTS)
  get(@Param('key') key: string, @Req() req: unknown) {
    return this.engine.search.one(decisionSearchSpecs.DECISION_REQUIREMENTS, 'decisionRequirementsKey', key, 'Decision requirements', tenantScopeOf(req));
  }

  @Route(GET_DECISION_REQUIREMENTS_XML)
  async xml(@Param('key') key: string, @Res() reply: FastifyReply, @Req() req: unknown) {
    const xml = await this.engine.definitions.decisions.xml({ decisionRequirementsKey: key }, tenantScopeOf(req));
    return reply.status(200).header('content-type', 'text/xml; charset=utf-8').send(xml);
  }
}

import { Body as RawBody, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { decisionSearchSpecs, type OspreyEngine } from '@osprey/store';
import { EvaluateDecisionRequest, SearchRequest } from '@osprey/contracts';
import { ENGINE } from '../engine.tokens';
import { readBody } from './read-body';
import { tenantScopeOf } from '../auth/tenants';

/** Decision definitions: evaluate, search, read, the XML of their requirements graph. */
@Controller('v2/decision-definitions')
export class DecisionDefinitionsController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Post('evaluation')
  @HttpCode(200)
  evaluate(@RawBody() raw: unknown, @Req() req: unknown) {
    return this.engine.decisionEvaluations.evaluate(readBody(EvaluateDecisionRequest, raw), tenantScopeOf(req));
  }

  @Post('search')
  @HttpCode(200)
  search(@RawBody() raw: unknown, @Req() req: unknown) {
    return this.engine.search.decisionDefinitions(readBody(SearchRequest, raw), tenantScopeOf(req));
  }

  @Get(':key')
  get(@Param('key') key: string, @Req() req: unknown) {
    return this.engine.search.one(decisionSearchSpecs.DECISION_DEFINITION, 'decisionDefinitionKey', key, 'Decision definition', tenantScopeOf(req));
  }

  @Get(':key/xml')
  async xml(@Param('key') key: string, @Res() reply: FastifyReply, @Req() req: unknown) {
    const xml = await this.engine.definitions.decisions.xml({ decisionDefinitionKey: key }, tenantScopeOf(req));
    return reply.status(200).header('content-type', 'text/xml; charset=utf-8').send(xml);
  }
}

import { Body as RawBody, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { decisionSearchSpecs, type OspreyEngine } from '@osprey/store';
import { SearchRequest } from '@osprey/contracts';
import { ENGINE } from '../engine.tokens';
import { readBody } from './read-body';
import { tenantScopeOf } from '../auth/tenants';

/** Decision requirements graphs (one per deployed `.dmn` file): search, read, XML. */
@Controller('v2/decision-requirements')
export class DecisionRequirementsController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Post('search')
  @HttpCode(200)
  search(@RawBody() raw: unknown, @Req() req: unknown) {
    return this.engine.search.decisionRequirements(readBody(SearchRequest, raw), tenantScopeOf(req));
  }

  @Get(':key')
  get(@Param('key') key: string, @Req() req: unknown) {
    return this.engine.search.one(decisionSearchSpecs.DECISION_REQUIREMENTS, 'decisionRequirementsKey', key, 'Decision requirements', tenantScopeOf(req));
  }

  @Get(':key/xml')
  async xml(@Param('key') key: string, @Res() reply: FastifyReply, @Req() req: unknown) {
    const xml = await this.engine.definitions.decisions.xml({ decisionRequirementsKey: key }, tenantScopeOf(req));
    return reply.status(200).header('content-type', 'text/xml; charset=utf-8').send(xml);
  }
}

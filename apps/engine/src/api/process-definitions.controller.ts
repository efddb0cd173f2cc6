import { Body as RawBody, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { searchSpecs, type OspreyEngine } from '@osprey/store';
import { SearchRequest } from '@osprey/contracts';
import { ENGINE } from '../engine.tokens';
import { readBody } from './read-body';
import { tenantScopeOf } from '../auth/tenants';

/** Process definitions: search, read, XML. */
@Controller('v2/process-definitions')
export class ProcessDefinitionsController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Post('search')
  @HttpCode(200)
  search(@RawBody() raw: unknown, @Req() req: unknown) {
    return this.engine.search.processDefinitions(readBody(SearchRequest, raw), tenantScopeOf(req));
  }

  @Get(':key')
  get(@Param('key') key: string, @Req() req: unknown) {
    return this.engine.search.one(searchSpecs.PROCESS_DEFINITION, 'processDefinitionKey', key, 'Process definition', tenantScopeOf(req));
  }

  @Get(':key/xml')
  async xml(@Param('key') key: string, @Res() reply: FastifyReply, @Req() req: unknown) {
    const xml = await this.engine.definitions.xml(key, tenantScopeOf(req));
    return reply.status(200).header('content-type', 'text/xml; charset=utf-8').send(xml);
  }
}

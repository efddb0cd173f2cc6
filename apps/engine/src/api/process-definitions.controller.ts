import { Controller, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { searchSpecs, type OspreyEngine } from '@osprey/store';
import { SEARCH_PROCESS_DEFINITIONS, GET_PROCESS_DEFINITION_XML, GET_PROCESS_DEFINITION, type SearchRequest } from '@osprey/contracts';
import { ENGINE } from '../engine.tokens';
import { ContractBody, Route } from './contract-route';
import { tenantScopeOf } from '../auth/tenants';

/** Process definitions: search, read, XML. */
@Controller()
export class ProcessDefinitionsController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Route(SEARCH_PROCESS_DEFINITIONS)
  search(@ContractBody() body: SearchRequest, @Req() req: unknown) {
    return this.engine.search.processDefinitions(body, tenantScopeOf(req));
  }

  @Route(GET_PROCESS_DEFINITION)
  get(@Param('key') key: string, @Req() req: unknown) {
    return this.engine.search.one(searchSpecs.PROCESS_DEFINITION, 'processDefinitionKey', key, 'Process definition', tenantScopeOf(req));
  }

  @Route(GET_PROCESS_DEFINITION_XML)
  async xml(@Param('key') key: string, @Res() reply: FastifyReply, @Req() req: unknown) {
    const xml = await this.engine.definitions.xml(key, tenantScopeOf(req));
    return reply.status(200).header('content-type', 'text/xml; charset=utf-8').send(xml);
  }
}

import { Body as RawBody, Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { searchSpecs, type OspreyEngine, type SearchRequest } from '@osprey/store';
import { ENGINE } from '../engine.tokens';

/** Process definitions: search, read, XML. */
@Controller('v2/process-definitions')
export class ProcessDefinitionsController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Post('search')
  @HttpCode(200)
  search(@RawBody() body: SearchRequest) {
    return this.engine.search.processDefinitions(body ?? {});
  }

  @Get(':key')
  get(@Param('key') key: string) {
    return this.engine.search.one(searchSpecs.PROCESS_DEFINITION, 'processDefinitionKey', key, 'Process definition');
  }

  @Get(':key/xml')
  async xml(@Param('key') key: string, @Res() reply: FastifyReply) {
    const xml = await this.engine.definitions.xml(key);
    return reply.status(200).header('content-type', 'text/xml; charset=utf-8').send(xml);
  }
}

import { Body as RawBody, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { searchSpecs, type OspreyEngine } from '@osprey/store';
import { ENGINE } from '../engine.tokens';
import { BroadcastSignalRequest, CorrelateMessageRequest, PublishMessageRequest, SearchRequest } from '@osprey/contracts';
import { readBody } from './read-body';
import { tenantScopeOf } from '../auth/tenants';

/** Messages, signals and incidents: the ways other systems and operators steer instances. */
@Controller('v2')
export class MessagesController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Post('messages/publication')
  @HttpCode(200)
  publish(@RawBody() raw: unknown, @Req() req: unknown) {
    return this.engine.messages.publish(readBody(PublishMessageRequest, raw), tenantScopeOf(req));
  }

  @Post('messages/correlation')
  @HttpCode(200)
  correlate(@RawBody() raw: unknown, @Req() req: unknown) {
    return this.engine.messages.correlate(readBody(CorrelateMessageRequest, raw), tenantScopeOf(req));
  }

  @Post('signals/broadcast')
  @HttpCode(200)
  broadcast(@RawBody() raw: unknown, @Req() req: unknown) {
    const { signalName, variables = {}, tenantId } = readBody(BroadcastSignalRequest, raw);
    return this.engine.signals.broadcast(signalName, variables, tenantId, tenantScopeOf(req));
  }

  @Post('incidents/search')
  @HttpCode(200)
  searchIncidents(@RawBody() raw: unknown, @Req() req: unknown) {
    return this.engine.search.incidents(readBody(SearchRequest, raw), tenantScopeOf(req));
  }

  @Get('incidents/:key')
  getIncident(@Param('key') key: string, @Req() req: unknown) {
    return this.engine.search.one(searchSpecs.INCIDENT, 'incidentKey', key, 'Incident', tenantScopeOf(req));
  }

  @Post('incidents/:key/resolution')
  @HttpCode(204)
  async resolve(@Param('key') key: string, @Req() req: unknown) {
    await this.engine.incidents.resolve(key, tenantScopeOf(req));
  }
}

import { Body as RawBody, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { searchSpecs, type OspreyEngine, type SearchRequest } from '@osprey/store';
import { ENGINE } from '../engine.tokens';
import { Body, MAX_DURATION_MS } from './body';
import { tenantScopeOf } from '../auth/tenants';

/** Messages, signals and incidents: the ways other systems and operators steer instances. */
@Controller('v2')
export class MessagesController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Post('messages/publication')
  @HttpCode(200)
  publish(@RawBody() raw: unknown, @Req() req: unknown) {
    const b = new Body(raw);
    const name = b.string('name', { required: true });
    const correlationKey = b.string('correlationKey');
    const timeToLive = b.int('timeToLive', { min: 0, max: MAX_DURATION_MS });
    const messageId = b.string('messageId');
    const variables = b.variables('variables');
    const tenantId = b.string('tenantId');
    b.done();
    return this.engine.messages.publish({ name: name!, correlationKey, timeToLive, messageId, variables, tenantId }, tenantScopeOf(req));
  }

  @Post('messages/correlation')
  @HttpCode(200)
  correlate(@RawBody() raw: unknown, @Req() req: unknown) {
    const b = new Body(raw);
    const name = b.string('name', { required: true });
    const correlationKey = b.string('correlationKey');
    const variables = b.variables('variables');
    const tenantId = b.string('tenantId');
    b.done();
    return this.engine.messages.correlate({ name: name!, correlationKey, variables, tenantId }, tenantScopeOf(req));
  }

  @Post('signals/broadcast')
  @HttpCode(200)
  broadcast(@RawBody() raw: unknown, @Req() req: unknown) {
    const b = new Body(raw);
    const signalName = b.string('signalName', { required: true });
    const variables = b.variables('variables') ?? {};
    const tenantId = b.string('tenantId');
    b.done();
    return this.engine.signals.broadcast(signalName!, variables, tenantId, tenantScopeOf(req));
  }

  @Post('incidents/search')
  @HttpCode(200)
  searchIncidents(@RawBody() body: SearchRequest, @Req() req: unknown) {
    return this.engine.search.incidents(body ?? {}, tenantScopeOf(req));
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

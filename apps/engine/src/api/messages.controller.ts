import { Controller, Inject, Param, Req } from '@nestjs/common';
import { searchSpecs, type OspreyEngine } from '@osprey/store';
import { ENGINE } from '../engine.tokens';
import { PUBLISH_MESSAGE, CORRELATE_MESSAGE, BROADCAST_SIGNAL, SEARCH_INCIDENTS, GET_INCIDENT, RESOLVE_INCIDENT, type BroadcastSignalRequest, type CorrelateMessageRequest, type OperationReferenceBody, type PublishMessageRequest, type SearchRequest } from '@osprey/contracts';
import { ContractBody, Route } from './contract-route';
import { tenantScopeOf } from '../auth/tenants';

/** Messages, signals and incidents: the ways other systems and operators steer instances. */
@Controller()
export class MessagesController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Route(PUBLISH_MESSAGE)
  publish(@ContractBody() body: PublishMessageRequest, @Req() req: unknown) {
    return this.engine.messages.publish(body, tenantScopeOf(req));
  }

  @Route(CORRELATE_MESSAGE)
  correlate(@ContractBody() body: CorrelateMessageRequest, @Req() req: unknown) {
    return this.engine.messages.correlate(body, tenantScopeOf(req));
  }

  @Route(BROADCAST_SIGNAL)
  broadcast(@ContractBody() body: BroadcastSignalRequest, @Req() req: unknown) {
    const { signalName, variables = {}, tenantId } = body;
    return this.engine.signals.broadcast(signalName, variables, tenantId, tenantScopeOf(req));
  }

  @Route(SEARCH_INCIDENTS)
  searchIncidents(@ContractBody() body: SearchRequest, @Req() req: unknown) {
    return this.engine.search.incidents(body, tenantScopeOf(req));
  }

  @Route(GET_INCIDENT)
  getIncident(@Param('key') key: string, @Req() req: unknown) {
    return this.engine.search.one(searchSpecs.INCIDENT, 'incidentKey', key, 'Incident', tenantScopeOf(req));
  }

  @Route(RESOLVE_INCIDENT)
  // The body's operationReference is checked here and kept in the audit entry.
  async resolve(@Param('key') key: string, @ContractBody() _body: OperationReferenceBody, @Req() req: unknown) {
    await this.engine.incidents.resolve(key, tenantScopeOf(req));
  }
}

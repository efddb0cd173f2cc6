import { Controller, Inject, Param, Req } from '@nestjs/common';
import { searchSpecs, type OspreyEngine } from '@osprey/store';
import {
  ACTIVATE_AD_HOC_ELEMENTS,
  GET_ELEMENT_INSTANCE,
  GET_VARIABLE,
  SEARCH_ELEMENT_INSTANCES,
  SEARCH_VARIABLES,
  SET_VARIABLES,
  type ActivateAdHocElementsRequest,
  type SearchRequest,
  type SetVariablesRequest,
} from '@osprey/contracts';
import { ENGINE } from '../engine.tokens';
import { ContractBody, Route } from './contract-route';
import { tenantScopeOf } from '../auth/tenants';

/** Element instances and variables: search, read, and setting variables on a scope. */
@Controller()
export class ElementInstancesController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Route(SEARCH_ELEMENT_INSTANCES)
  searchElements(@ContractBody() body: SearchRequest, @Req() req: unknown) {
    return this.engine.search.elementInstances(body, tenantScopeOf(req));
  }

  @Route(GET_ELEMENT_INSTANCE)
  getElement(@Param('key') key: string, @Req() req: unknown) {
    return this.engine.search.one(searchSpecs.ELEMENT_INSTANCE, 'elementInstanceKey', key, 'Element instance', tenantScopeOf(req));
  }

  @Route(SET_VARIABLES)
  async setVariables(@Param('key') key: string, @ContractBody() body: SetVariablesRequest, @Req() req: unknown) {
    await this.engine.instances.setVariables(key, body.variables, body.local ?? false, tenantScopeOf(req));
  }

  /** Starts inner elements of an active ad-hoc sub-process. */
  @Route(ACTIVATE_AD_HOC_ELEMENTS)
  async activateAdHoc(@Param('key') key: string, @ContractBody() body: ActivateAdHocElementsRequest, @Req() req: unknown) {
    await this.engine.instances.activateAdHocElements(key, body.elements, tenantScopeOf(req));
  }

  @Route(SEARCH_VARIABLES)
  searchVariables(@ContractBody() body: SearchRequest, @Req() req: unknown) {
    return this.engine.search.variables(body, tenantScopeOf(req));
  }

  @Route(GET_VARIABLE)
  getVariable(@Param('key') key: string, @Req() req: unknown) {
    return this.engine.search.one(searchSpecs.VARIABLE, 'variableKey', key, 'Variable', tenantScopeOf(req));
  }
}

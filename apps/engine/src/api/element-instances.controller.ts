import { Body as RawBody, Controller, Get, HttpCode, Inject, Param, Post, Put, Req } from '@nestjs/common';
import { searchSpecs, type OspreyEngine, type SearchRequest } from '@osprey/store';
import { ENGINE } from '../engine.tokens';
import { adHocActivations } from './ad-hoc-activities.body';
import { Body } from './body';
import { tenantScopeOf } from '../auth/tenants';

/** Element instances and variables: search, read, and setting variables on a scope. */
@Controller('v2')
export class ElementInstancesController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Post('element-instances/search')
  @HttpCode(200)
  searchElements(@RawBody() body: SearchRequest, @Req() req: unknown) {
    return this.engine.search.elementInstances(body ?? {}, tenantScopeOf(req));
  }

  @Get('element-instances/:key')
  getElement(@Param('key') key: string, @Req() req: unknown) {
    return this.engine.search.one(searchSpecs.ELEMENT_INSTANCE, 'elementInstanceKey', key, 'Element instance', tenantScopeOf(req));
  }

  /** `PUT /v2/element-instances/{key}/variables` — `{ variables, local }`. */
  @Put('element-instances/:key/variables')
  @HttpCode(204)
  async setVariables(@Param('key') key: string, @RawBody() raw: unknown, @Req() req: unknown) {
    const b = new Body(raw);
    const variables = b.variables('variables');
    const local = b.bool('local') ?? false;
    if (!variables) b.problem('variables: Expected an object of variables, but it is missing');
    b.done();
    await this.engine.instances.setVariables(key, variables!, local, tenantScopeOf(req));
  }

  /**
   * `POST /v2/element-instances/ad-hoc-activities/{key}/activation` — `{ elements: [{ elementId, variables }] }`:
   * starts inner elements of an active ad-hoc sub-process.
   */
  @Post('element-instances/ad-hoc-activities/:key/activation')
  @HttpCode(204)
  async activateAdHoc(@Param('key') key: string, @RawBody() raw: unknown, @Req() req: unknown) {
    const b = new Body(raw);
    const elements = adHocActivations(b, 'elements');
    const given = b.raw('elements');
    if (given === undefined || given === null || (Array.isArray(given) && given.length === 0)) {
      b.problem('elements: Expected at least one element to activate, but found none');
    }
    b.done();
    await this.engine.instances.activateAdHocElements(key, elements, tenantScopeOf(req));
  }

  @Post('variables/search')
  @HttpCode(200)
  searchVariables(@RawBody() body: SearchRequest, @Req() req: unknown) {
    return this.engine.search.variables(body ?? {}, tenantScopeOf(req));
  }

  @Get('variables/:key')
  getVariable(@Param('key') key: string, @Req() req: unknown) {
    return this.engine.search.one(searchSpecs.VARIABLE, 'variableKey', key, 'Variable', tenantScopeOf(req));
  }
}

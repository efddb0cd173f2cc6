import { Body as RawBody, Controller, Get, HttpCode, Inject, Param, Post, Put, Req } from '@nestjs/common';
import { searchSpecs, type OspreyEngine, type SearchRequest } from '@osprey/store';
import { ENGINE } from '../engine.tokens';
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

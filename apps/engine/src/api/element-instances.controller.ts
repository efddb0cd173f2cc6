import { Body as RawBody, Controller, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { searchSpecs, type OspreyEngine, type SearchRequest } from '@osprey/store';
import { ENGINE } from '../engine.tokens';
import { Body } from './body';

/** Element instances and variables: search, read, and setting variables on a scope. */
@Controller('v2')
export class ElementInstancesController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Post('element-instances/search')
  @HttpCode(200)
  searchElements(@RawBody() body: SearchRequest) {
    return this.engine.search.elementInstances(body ?? {});
  }

  @Get('element-instances/:key')
  getElement(@Param('key') key: string) {
    return this.engine.search.one(searchSpecs.ELEMENT_INSTANCE, 'elementInstanceKey', key, 'Element instance');
  }

  /** `PUT /v2/element-instances/{key}/variables` — `{ variables, local }`. */
  @Put('element-instances/:key/variables')
  @HttpCode(204)
  async setVariables(@Param('key') key: string, @RawBody() raw: unknown) {
    const b = new Body(raw);
    const variables = b.variables('variables');
    const local = b.bool('local') ?? false;
    if (!variables) b.problem('variables: Expected an object of variables, but it is missing');
    b.done();
    await this.engine.instances.setVariables(key, variables!, local);
  }

  @Post('variables/search')
  @HttpCode(200)
  searchVariables(@RawBody() body: SearchRequest) {
    return this.engine.search.variables(body ?? {});
  }

  @Get('variables/:key')
  getVariable(@Param('key') key: string) {
    return this.engine.search.one(searchSpecs.VARIABLE, 'variableKey', key, 'Variable');
  }
}

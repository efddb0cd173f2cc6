import { Controller, Inject, Param, Query, Req } from '@nestjs/common';
import { NotFoundError, type OspreyEngine } from '@osprey/store';
import { GET_FORM } from '@osprey/contracts';
import { Route } from '../api/contract-route';
import { ENGINE } from '../engine.tokens';
import { tenantScopeOf } from '../auth/tenants';

/**
 * Osprey: the latest deployed version of a form by its id, so the modeler can edit the form a
 * deployed process links to. `GET /v2/osprey/forms/{formId}?tenantId=` → `{ formKey, formId, version, schema, tenantId }`;
 * without `tenantId`, the tenant is `<default>` or the caller's only tenant.
 */
@Controller()
export class FormsController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Route(GET_FORM)
  async latest(@Param('formId') formId: string, @Query('tenantId') tenantId: string | undefined, @Req() req: unknown) {
    const form = await this.engine.definitions.form({ formId }, tenantScopeOf(req).tenantFor(tenantId));
    if (!form) throw new NotFoundError(`Expected a deployed form with id '${formId}', but there is none`);
    return { formKey: form.formKey, formId: form.formId, version: form.version, schema: form.schema, tenantId: form.tenantId };
  }
}

import { Controller, Headers, Inject, Param, Query, Req } from '@nestjs/common';
import { NotFoundError, ValidationError, type OspreyEngine } from '@osprey/store';
import { ENGINE } from '../engine.tokens';
import { SAVE_DRAFT, GET_DRAFT, DISCARD_DRAFT, SEARCH_DRAFTS, ProcessIdParam, type SaveDraftRequest } from '@osprey/contracts';
import { ContractBody, Route } from '../api/contract-route';
import { IdentityService } from '../identity/identity.service';
import { tenantScopeOf } from '../auth/tenants';
import { DraftsRepository } from '@osprey/store';

/** A BPMN process id, as the contract's path parameter states it. */
const PROCESS_ID = new RegExp(ProcessIdParam.pattern!);
const MAX_DRAFTS_LISTED = 1000;

/**
 * Osprey: drafts of process diagrams saved from the modeler before deployment.
 * `PUT|GET|DELETE /v2/osprey/drafts/{processDefinitionId}?tenantId=` (without `tenantId`:
 * `<default>` or the caller's only tenant), `POST /v2/osprey/drafts/search` (every tenant of the caller).
 */
@Controller()
export class DraftsController {
  private readonly drafts: DraftsRepository;

  constructor(
    @Inject(ENGINE) engine: OspreyEngine,
    @Inject(IdentityService) private readonly identity: IdentityService,
  ) {
    this.drafts = new DraftsRepository(engine.db);
  }

  /** `{ xml, name?, forms?: [{ formId, schema }] }` → the stored draft. */
  @Route(SAVE_DRAFT)
  async save(
    @Param('processDefinitionId') id: string,
    @ContractBody() body: SaveDraftRequest,
    @Headers('authorization') authorization: string | undefined,
    @Query('tenantId') tenantId: string | undefined,
    @Req() req: unknown,
  ) {
    checkId(id);
    const tenant = tenantScopeOf(req).tenantFor(tenantId);
    const { xml, name, forms = [] } = body;
    const problems = [
      ...(/<([\w-]+:)?definitions[\s>]/.test(xml) ? [] : ['xml: Expected BPMN 2.0 XML with a definitions element, but found none']),
      ...forms.flatMap((f, i) => (isJsonObject(f.schema) ? [] : [`forms.${i}.schema: Expected a form-js schema as JSON text, but it does not parse as a JSON object`])),
    ];
    if (problems.length > 0) throw new ValidationError('Invalid request body', problems);
    const updatedBy = (await this.identity.fromAuthorization(authorization))?.username;
    return this.drafts.save(tenant, { processDefinitionId: id, name, xml, forms, updatedBy });
  }

  @Route(GET_DRAFT)
  async get(@Param('processDefinitionId') id: string, @Query('tenantId') tenantId: string | undefined, @Req() req: unknown) {
    checkId(id);
    const draft = await this.drafts.get(tenantScopeOf(req).tenantFor(tenantId), id);
    if (!draft) throw new NotFoundError(`Expected a draft of process '${id}', but none is saved`);
    return draft;
  }

  @Route(DISCARD_DRAFT)
  async delete(@Param('processDefinitionId') id: string, @Query('tenantId') tenantId: string | undefined, @Req() req: unknown) {
    checkId(id);
    if (!(await this.drafts.delete(tenantScopeOf(req).tenantFor(tenantId), id))) throw new NotFoundError(`Expected a draft of process '${id}', but none is saved`);
  }

  /** Every draft without its XML: `{ items, page: { totalItems } }`. */
  @Route(SEARCH_DRAFTS)
  async search(@Req() req: unknown) {
    const items = await this.drafts.list(tenantScopeOf(req), MAX_DRAFTS_LISTED);
    return { items, page: { totalItems: items.length } };
  }
}

function checkId(id: string): void {
  if (!PROCESS_ID.test(id)) {
    throw new ValidationError('Invalid process id', [`processDefinitionId: Expected a BPMN id (a letter or '_' followed by letters, digits, '_', '-' or '.'), but found '${id.slice(0, 60)}'`]);
  }
}

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

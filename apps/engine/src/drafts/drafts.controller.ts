import { Controller, Headers, Inject, Param, Query, Req } from '@nestjs/common';
import { NotFoundError, ValidationError, type OspreyEngine } from '@osprey/store';
import { ENGINE } from '../engine.tokens';
import { SAVE_DRAFT, GET_DRAFT, DISCARD_DRAFT, SEARCH_DRAFTS, type DraftSearchRequest, ProcessIdParam, type SaveDraftRequest, type DraftKind } from '@osprey/contracts';
import { ContractBody, Route } from '../api/contract-route';
import { IdentityService } from '../identity/identity.service';
import { tenantScopeOf } from '../auth/tenants';
import { DraftsRepository } from '@osprey/store';

/** A BPMN process id or DMN definitions id, as the contract's path parameter states it. */
const DRAFT_ID = new RegExp(ProcessIdParam.pattern!);
const KINDS: readonly DraftKind[] = ['bpmn', 'dmn'];
/** BPMN and DMN files both have a `definitions` root element. */
const DEFINITIONS = /<([\w-]+:)?definitions[\s>]/;
const LANGUAGE: Record<DraftKind, string> = { bpmn: 'BPMN 2.0', dmn: 'DMN' };
const MAX_DRAFTS_LISTED = 1000;

/**
 * Osprey: drafts of process diagrams and decision files saved from the web app before deployment.
 * `PUT|GET|DELETE /v2/osprey/drafts/{draftId}?kind=bpmn|dmn&tenantId=` (without `kind`: `bpmn`;
 * without `tenantId`: `<default>` or the caller's only tenant), `POST /v2/osprey/drafts/search`
 * (every tenant of the caller, narrowed by `filter.kind` and `filter.tenantId`).
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
    @Param('draftId') id: string,
    @ContractBody() body: SaveDraftRequest,
    @Headers('authorization') authorization: string | undefined,
    @Query('tenantId') tenantId: string | undefined,
    @Query('kind') kindParam: unknown,
    @Req() req: unknown,
  ) {
    const kind = draftKey(kindParam, id);
    const tenant = tenantScopeOf(req).tenantFor(tenantId);
    const { xml, name, forms = [] } = body;
    const problems = [
      ...(DEFINITIONS.test(xml) ? [] : [`xml: Expected ${LANGUAGE[kind]} XML with a definitions element, but found none`]),
      ...(kind === 'dmn' && forms.length > 0 ? [`forms: Expected no forms with a decision file's draft, but found ${forms.length}`] : []),
      ...forms.flatMap((f, i) => (isJsonObject(f.schema) ? [] : [`forms.${i}.schema: Expected a form-js schema as JSON text, but it does not parse as a JSON object`])),
    ];
    if (problems.length > 0) throw new ValidationError('Invalid request body', problems);
    const updatedBy = (await this.identity.fromAuthorization(authorization))?.username;
    return this.drafts.save(tenant, { kind, draftId: id, name, xml, forms, updatedBy });
  }

  @Route(GET_DRAFT)
  async get(@Param('draftId') id: string, @Query('tenantId') tenantId: string | undefined, @Query('kind') kindParam: unknown, @Req() req: unknown) {
    const kind = draftKey(kindParam, id);
    const draft = await this.drafts.get(tenantScopeOf(req).tenantFor(tenantId), kind, id);
    if (!draft) throw new NotFoundError(notSaved(kind, id));
    return draft;
  }

  @Route(DISCARD_DRAFT)
  async delete(@Param('draftId') id: string, @Query('tenantId') tenantId: string | undefined, @Query('kind') kindParam: unknown, @Req() req: unknown) {
    const kind = draftKey(kindParam, id);
    if (!(await this.drafts.delete(tenantScopeOf(req).tenantFor(tenantId), kind, id))) throw new NotFoundError(notSaved(kind, id));
  }

  /** The drafts without their XML, by kind and id: `{ items, page: { totalItems } }`. */
  @Route(SEARCH_DRAFTS)
  async search(@ContractBody() body: DraftSearchRequest, @Req() req: unknown) {
    const { filter = {} } = body;
    const items = await this.drafts.list(tenantScopeOf(req), MAX_DRAFTS_LISTED, filter);
    return { items, page: { totalItems: items.length } };
  }
}

/**
 * The kind from the `kind` query parameter (`bpmn` when absent), after checking it and the id.
 * @throws ValidationError naming the parameter that is wrong
 */
function draftKey(kind: unknown, id: string): DraftKind {
  const problems: string[] = [];
  if (kind !== undefined && !KINDS.includes(kind as DraftKind)) problems.push(`kind: Expected 'bpmn' or 'dmn', but found '${String(kind).slice(0, 60)}'`);
  if (!DRAFT_ID.test(id)) {
    problems.push(`draftId: Expected a BPMN or DMN id (a letter or '_' followed by letters, digits, '_', '-' or '.'), but found '${id.slice(0, 60)}'`);
  }
  if (problems.length > 0) throw new ValidationError('Invalid draft', problems);
  return (kind as DraftKind | undefined) ?? 'bpmn';
}

function notSaved(kind: DraftKind, id: string): string {
  return kind === 'bpmn' ? `Expected a draft of process '${id}', but none is saved` : `Expected a draft of decision file '${id}', but none is saved`;
}

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

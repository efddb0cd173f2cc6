import { Body as RawBody, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Post, Put, Query, Req } from '@nestjs/common';
import { NotFoundError, ValidationError, type OspreyEngine } from '@osprey/store';
import { ENGINE } from '../engine.tokens';
import { Body } from '../api/body';
import { IdentityService } from '../identity/identity.service';
import { tenantScopeOf } from '../auth/tenants';
import { DraftsRepository, type DraftForm } from '@osprey/store';

/** A BPMN process id is an XML NCName; this is the practical subset Camunda accepts. */
const PROCESS_ID = /^[A-Za-z_][\w.-]{0,254}$/;
/** Largest draft XML, in characters (the HTTP body limit is 4 MB anyway). */
const MAX_XML_CHARS = 4 * 1024 * 1024;
const MAX_FORMS = 50;
const MAX_DRAFTS_LISTED = 1000;

/**
 * Osprey: drafts of process diagrams saved from the modeler before deployment.
 * `PUT|GET|DELETE /v2/osprey/drafts/{processDefinitionId}?tenantId=` (without `tenantId`:
 * `<default>` or the caller's only tenant), `POST /v2/osprey/drafts/search` (every tenant of the caller).
 */
@Controller('v2/osprey/drafts')
export class DraftsController {
  private readonly drafts: DraftsRepository;

  constructor(
    @Inject(ENGINE) engine: OspreyEngine,
    @Inject(IdentityService) private readonly identity: IdentityService,
  ) {
    this.drafts = new DraftsRepository(engine.db);
  }

  /** `{ xml, name?, forms?: [{ formId, schema }] }` → the stored draft. */
  @Put(':processDefinitionId')
  async save(
    @Param('processDefinitionId') id: string,
    @RawBody() raw: unknown,
    @Headers('authorization') authorization: string | undefined,
    @Query('tenantId') tenantId: string | undefined,
    @Req() req: unknown,
  ) {
    checkId(id);
    const tenant = tenantScopeOf(req).tenantFor(tenantId);
    const b = new Body(raw);
    const xml = b.string('xml', { required: true });
    const name = b.string('name');
    const forms = readForms(b);
    if (xml !== undefined && xml.length > MAX_XML_CHARS) b.problem(`xml: Expected at most ${MAX_XML_CHARS} characters, but found ${xml.length}`);
    if (xml !== undefined && !/<([\w-]+:)?definitions[\s>]/.test(xml)) b.problem('xml: Expected BPMN 2.0 XML with a definitions element, but found none');
    b.done();
    const updatedBy = (await this.identity.fromAuthorization(authorization))?.username;
    return this.drafts.save(tenant, { processDefinitionId: id, name, xml, forms, updatedBy });
  }

  @Get(':processDefinitionId')
  async get(@Param('processDefinitionId') id: string, @Query('tenantId') tenantId: string | undefined, @Req() req: unknown) {
    checkId(id);
    const draft = await this.drafts.get(tenantScopeOf(req).tenantFor(tenantId), id);
    if (!draft) throw new NotFoundError(`Expected a draft of process '${id}', but none is saved`);
    return draft;
  }

  @Delete(':processDefinitionId')
  @HttpCode(204)
  async delete(@Param('processDefinitionId') id: string, @Query('tenantId') tenantId: string | undefined, @Req() req: unknown) {
    checkId(id);
    if (!(await this.drafts.delete(tenantScopeOf(req).tenantFor(tenantId), id))) throw new NotFoundError(`Expected a draft of process '${id}', but none is saved`);
  }

  /** Every draft without its XML: `{ items, page: { totalItems } }`. */
  @Post('search')
  @HttpCode(200)
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

function readForms(b: Body): DraftForm[] {
  const raw = b.raw('forms');
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.length > MAX_FORMS) {
    b.problem(`forms: Expected an array of at most ${MAX_FORMS} { formId, schema }`);
    return [];
  }
  const forms: DraftForm[] = [];
  raw.forEach((f: unknown, i) => {
    const fb = new Body(f, `forms[${i}]`);
    const formId = fb.string('formId', { required: true });
    const schema = fb.string('schema', { required: true });
    if (schema !== undefined && !isJsonObject(schema)) fb.problem(`forms[${i}].schema: Expected a form-js schema as JSON text, but it does not parse as a JSON object`);
    try {
      fb.done();
    } catch (error) {
      for (const p of (error as ValidationError).details) b.problem(p);
      return;
    }
    forms.push({ formId: formId!, schema: schema! });
  });
  return forms;
}

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

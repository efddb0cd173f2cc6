import { Type, type Static } from '@sinclair/typebox';
import { Key } from '../json';
import type { RouteContract } from './route-contract';
import { SearchPage, SearchRequest } from './search';

/** Largest draft XML, in characters (the HTTP body limit is 4 MB anyway). */
export const MAX_DRAFT_XML_CHARS = 4 * 1024 * 1024;
/** Most forms one draft carries. */
export const MAX_DRAFT_FORMS = 50;

/** A form a draft links to: its form-js schema as JSON text. */
export const DraftForm = Type.Object({ formId: Type.String(), schema: Type.String({ description: 'a form-js schema as JSON text' }) });
export type DraftForm = Static<typeof DraftForm>;

/**
 * What a draft holds: `bpmn` a process diagram (keyed by its process id), `dmn` a decision file
 * (keyed by its `definitions` id, the decisionRequirementsId it deploys as).
 * @default 'bpmn' where a request leaves it out
 */
export const DraftKind = Type.Union([Type.Literal('bpmn'), Type.Literal('dmn')], { description: "'bpmn' (a process diagram) or 'dmn' (a decision file)" });
export type DraftKind = Static<typeof DraftKind>;

/** `PUT /v2/osprey/drafts/{draftId}?kind=`: the modeler's unsaved diagram and, for a process, its forms. */
export const SaveDraftRequest = Type.Object({
  xml: Type.String({ maxLength: MAX_DRAFT_XML_CHARS, description: `BPMN 2.0 or DMN XML of at most ${MAX_DRAFT_XML_CHARS} characters` }),
  name: Type.Optional(Type.String()),
  forms: Type.Optional(Type.Array(DraftForm, { maxItems: MAX_DRAFT_FORMS, description: `an array of at most ${MAX_DRAFT_FORMS} { formId, schema }` })),
});
export type SaveDraftRequest = Static<typeof SaveDraftRequest>;

const draftSummaryFields = {
  kind: DraftKind,
  /** The process id of a `bpmn` draft, the `definitions` id of a `dmn` draft. */
  draftId: Type.String(),
  /** The same as `draftId`, on `bpmn` drafts only (kept for clients written before drafts had kinds). */
  processDefinitionId: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  updatedAt: Type.String({ format: 'date-time' }),
  updatedBy: Type.Optional(Type.String()),
  tenantId: Type.String(),
};

/** A saved draft. */
export const Draft = Type.Object({ ...draftSummaryFields, xml: Type.String(), forms: Type.Array(DraftForm) });
export type Draft = Static<typeof Draft>;

/** A draft as the list shows it: without its XML and forms. */
export const DraftSummary = Type.Object(draftSummaryFields);
export type DraftSummary = Static<typeof DraftSummary>;

/** `POST /v2/osprey/drafts/search`: the drafts of the caller's tenants, of one kind when `filter.kind` says so. */
export const DraftSearchRequest = Type.Object({
  filter: Type.Optional(Type.Object({ kind: Type.Optional(DraftKind), tenantId: Type.Optional(Type.String()) }, { description: 'an object with kind and tenantId' })),
  sort: SearchRequest.properties.sort,
  page: SearchRequest.properties.page,
});
export type DraftSearchRequest = Static<typeof DraftSearchRequest>;

/** `GET /v2/osprey/forms/{formId}`: the latest deployed version of a form. */
export const DeployedForm = Type.Object({ formKey: Key, formId: Type.String(), version: Type.Integer(), schema: Type.String({ description: 'the form-js schema as JSON text' }), tenantId: Type.String() });
export type DeployedForm = Static<typeof DeployedForm>;

/** A BPMN process id or DMN definitions id in a path: an XML NCName, the practical subset Camunda accepts. */
export const ProcessIdParam = Type.String({ pattern: '^[A-Za-z_][\\w.-]{0,254}$' });

/** Drafts and forms live in a tenant; without `tenantId`, `<default>` or the caller's only tenant. */
const inTenant = { tenantId: Type.String() };
const draftId = { draftId: ProcessIdParam };
const inTenantOfKind = { ...inTenant, kind: DraftKind };

export const GET_DRAFT: RouteContract = {
  method: 'get',
  path: '/v2/osprey/drafts/{draftId}',
  tag: 'Draft',
  summary: 'Read the draft of a process or decision file (Osprey; kind defaults to bpmn)',
  params: draftId,
  query: inTenantOfKind,
  response: Draft,
};
export const SAVE_DRAFT: RouteContract = {
  method: 'put',
  path: '/v2/osprey/drafts/{draftId}',
  tag: 'Draft',
  summary: 'Save the draft of a process or decision file (Osprey; kind defaults to bpmn)',
  params: draftId,
  query: inTenantOfKind,
  body: SaveDraftRequest,
  response: Draft,
};
export const DISCARD_DRAFT: RouteContract = {
  method: 'delete',
  path: '/v2/osprey/drafts/{draftId}',
  tag: 'Draft',
  summary: 'Discard the draft of a process or decision file (Osprey; kind defaults to bpmn)',
  params: draftId,
  query: inTenantOfKind,
};
export const SEARCH_DRAFTS: RouteContract = {
  method: 'post',
  path: '/v2/osprey/drafts/search',
  tag: 'Draft',
  summary: "List drafts (Osprey): the drafts of the caller's tenants, by kind and id; filter by kind and tenantId",
  body: DraftSearchRequest,
  bodyRequired: false,
  response: SearchPage(DraftSummary),
};
export const GET_FORM: RouteContract = {
  method: 'get',
  path: '/v2/osprey/forms/{formId}',
  tag: 'Form',
  summary: 'The latest deployed form with this id (Osprey)',
  params: { formId: Type.String() },
  query: inTenant,
  response: DeployedForm,
};

/** Osprey's drafts of process diagrams and decision files, and the deployed forms the modeler edits. */
export const DRAFT_ROUTES: readonly RouteContract[] = [GET_DRAFT, SAVE_DRAFT, DISCARD_DRAFT, SEARCH_DRAFTS, GET_FORM];

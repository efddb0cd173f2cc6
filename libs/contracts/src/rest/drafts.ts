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

/** `PUT /v2/osprey/drafts/{processDefinitionId}`: the modeler's unsaved diagram and its forms. */
export const SaveDraftRequest = Type.Object({
  xml: Type.String({ maxLength: MAX_DRAFT_XML_CHARS, description: `BPMN 2.0 XML of at most ${MAX_DRAFT_XML_CHARS} characters` }),
  name: Type.Optional(Type.String()),
  forms: Type.Optional(Type.Array(DraftForm, { maxItems: MAX_DRAFT_FORMS, description: `an array of at most ${MAX_DRAFT_FORMS} { formId, schema }` })),
});
export type SaveDraftRequest = Static<typeof SaveDraftRequest>;

const draftSummaryFields = {
  processDefinitionId: Type.String(),
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

/** `GET /v2/osprey/forms/{formId}`: the latest deployed version of a form. */
export const DeployedForm = Type.Object({ formKey: Key, formId: Type.String(), version: Type.Integer(), schema: Type.String({ description: 'the form-js schema as JSON text' }), tenantId: Type.String() });
export type DeployedForm = Static<typeof DeployedForm>;

/** A BPMN process id in a path: an XML NCName, the practical subset Camunda accepts. */
export const ProcessIdParam = Type.String({ pattern: '^[A-Za-z_][\\w.-]{0,254}$' });

/** Drafts and forms live in a tenant; without `tenantId`, `<default>` or the caller's only tenant. */
const inTenant = { tenantId: Type.String() };
const processId = { processDefinitionId: ProcessIdParam };

/** Osprey's drafts of process diagrams, and the deployed forms the modeler edits. */
export const DRAFT_ROUTES: readonly RouteContract[] = [
  { method: 'get', path: '/v2/osprey/drafts/{processDefinitionId}', tag: 'Draft', summary: 'Read the draft of a process (Osprey)', params: processId, query: inTenant, response: Draft },
  { method: 'put', path: '/v2/osprey/drafts/{processDefinitionId}', tag: 'Draft', summary: 'Save the draft of a process (Osprey)', params: processId, query: inTenant, body: SaveDraftRequest, response: Draft },
  { method: 'delete', path: '/v2/osprey/drafts/{processDefinitionId}', tag: 'Draft', summary: 'Discard the draft of a process (Osprey)', params: processId, query: inTenant },
  {
    method: 'post',
    path: '/v2/osprey/drafts/search',
    tag: 'Draft',
    summary: "List drafts (Osprey): every draft of the caller's tenants; the body's filter is not applied",
    body: SearchRequest,
    bodyRequired: false,
    response: SearchPage(DraftSummary),
  },
  { method: 'get', path: '/v2/osprey/forms/{formId}', tag: 'Form', summary: 'The latest deployed form with this id (Osprey)', params: { formId: Type.String() }, query: inTenant, response: DeployedForm },
];

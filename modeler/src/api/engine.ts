import { http } from './http';
import { chosenTenant, tenantQuery } from './tenant';
import type {
  AuditEntry,
  CreateProcessInstanceResponse,
  DefinitionStatistics,
  DeployedForm,
  DeploymentResponse,
  Draft,
  DraftKind,
  DraftSummary,
  ElementStatistics,
  HistoryRecord,
  Incident,
  ProcessDefinition,
  ProcessInstance,
  SaveDraftRequest,
  SearchPage,
  SearchRequest,
  CurrentUser,
  ElementInstance,
  Job,
  MigrationCheck,
  SignInResponse,
  UserTask,
  Variable,
} from '@osprey/contracts';

const enc = encodeURIComponent;

/** A draft's address: its id, kind and the tenant chosen in the header. */
function draftUrl(kind: DraftKind, id: string): string {
  const tenant = tenantQuery();
  return `/v2/osprey/drafts/${enc(id)}?kind=${kind}${tenant ? `&${tenant.slice(1)}` : ''}`;
}

/**
 * The engine's REST API, one function per endpoint the app uses. Requests that act in a tenant
 * (deploy, drafts, forms) name the tenant chosen in the header when the user has several.
 */
export const engine = {
  signIn: (username: string, password: string) => http.post<SignInResponse>('/v2/osprey/sign-in', { username, password }),
  me: () => http.get<CurrentUser>('/v2/authentication/me'),

  searchDefinitions: (req: SearchRequest) => http.post<SearchPage<ProcessDefinition>>('/v2/process-definitions/search', req),
  definitionXml: (key: string) => http.get<string>(`/v2/process-definitions/${enc(key)}/xml`, { raw: true }),
  deploy(resources: { name: string; content: string }[]): Promise<DeploymentResponse> {
    const form = new FormData();
    for (const r of resources) form.append('resources', new Blob([r.content], { type: 'application/octet-stream' }), r.name);
    const tenantId = chosenTenant();
    if (tenantId) form.append('tenantId', tenantId);
    return http.post<DeploymentResponse>('/v2/deployments', form);
  },

  searchInstances: (req: SearchRequest) => http.post<SearchPage<ProcessInstance>>('/v2/process-instances/search', req),
  startInstance: (processDefinitionKey: string, variables: Record<string, unknown>) =>
    http.post<CreateProcessInstanceResponse>('/v2/process-instances', { processDefinitionKey, variables }),
  instance: (key: string) => http.get<ProcessInstance>(`/v2/process-instances/${enc(key)}`),
  cancelInstance: (key: string) => http.post<void>(`/v2/process-instances/${enc(key)}/cancellation`, {}),
  /** Starts inner elements of an active ad-hoc sub-process instance (Camunda 8.8). */
  activateAdHocElements: (adHocSubProcessInstanceKey: string, elementIds: string[]) =>
    http.post<void>(`/v2/element-instances/ad-hoc-activities/${enc(adHocSubProcessInstanceKey)}/activation`, {
      elements: elementIds.map((elementId) => ({ elementId })),
    }),
  /** Moves, adds and cancels tokens (Camunda 8's activate and terminate instructions). */
  modifyInstance: (key: string, body: { activateInstructions: { elementId: string }[]; terminateInstructions: { elementInstanceKey: string }[] }) =>
    http.post<void>(`/v2/process-instances/${enc(key)}/modification`, body),
  /** Migrates one instance; with `dryRun`, only checks the plan and answers what it found. */
  migrateInstance: (key: string, plan: { targetProcessDefinitionKey: string; mappingInstructions: { sourceElementId: string; targetElementId: string }[]; dryRun?: boolean }) =>
    http.post<MigrationCheck | undefined>(`/v2/process-instances/${enc(key)}/migration`, plan),
  searchElementInstances: (req: SearchRequest) => http.post<SearchPage<ElementInstance>>('/v2/element-instances/search', req),
  searchVariables: (req: SearchRequest) => http.post<SearchPage<Variable>>('/v2/variables/search', req),
  setVariables: (scopeKey: string, variables: Record<string, unknown>, local: boolean) =>
    http.put<void>(`/v2/element-instances/${enc(scopeKey)}/variables`, { variables, local }),
  searchIncidents: (req: SearchRequest) => http.post<SearchPage<Incident>>('/v2/incidents/search', req),
  incident: (key: string) => http.get<Incident>(`/v2/incidents/${enc(key)}`),
  resolveIncident: (key: string) => http.post<void>(`/v2/incidents/${enc(key)}/resolution`, {}),
  searchJobs: (req: SearchRequest) => http.post<SearchPage<Job>>('/v2/jobs/search', req),
  updateJobRetries: (jobKey: string, retries: number) => http.patch<void>(`/v2/jobs/${enc(jobKey)}`, { changeset: { retries } }),

  searchTasks: (req: SearchRequest, signal?: AbortSignal) => http.post<SearchPage<UserTask>>('/v2/user-tasks/search', req, { signal }),
  /** Variables a task can see (its own scope and the instance's), by name. */
  taskVariables: (key: string, names: string[]) =>
    http.post<SearchPage<Variable>>(`/v2/user-tasks/${enc(key)}/variables/search`, { filter: { name: { $in: names } }, page: { limit: names.length } }),
  /** The audit log (admins), oldest first; `after` continues from a page's `endCursor`. */
  searchAudit: (filter: Record<string, string>, after?: string) =>
    http.post<SearchPage<AuditEntry>>('/v2/audit/search', { filter, page: { limit: 100, ...(after ? { after } : {}) } }),
  /** The users work can be delegated to. */
  searchUsers: () => http.post<SearchPage<{ username: string; name: string; groups: string[] }>>('/v2/users/search', {}),
  task: (key: string) => http.get<UserTask>(`/v2/user-tasks/${enc(key)}`),
  taskForm: (key: string) => http.get<DeployedForm>(`/v2/user-tasks/${enc(key)}/form`),
  assignTask: (key: string, assignee: string, allowOverride: boolean) =>
    http.post<void>(`/v2/user-tasks/${enc(key)}/assignment`, { assignee, allowOverride }),
  unassignTask: (key: string) => http.delete<void>(`/v2/user-tasks/${enc(key)}/assignee`),
  completeTask: (key: string, variables: Record<string, unknown>) => http.post<void>(`/v2/user-tasks/${enc(key)}/completion`, { variables }),

  // Osprey additions
  /** The drafts of one kind, of every tenant of the user: the modeler lists `bpmn`, the decision editor `dmn`. */
  searchDrafts: (kind: DraftKind) => http.post<SearchPage<DraftSummary>>('/v2/osprey/drafts/search', { filter: { kind } }),
  /** `id` is the process id of a `bpmn` draft, the definitions id of a `dmn` one. */
  draft: (kind: DraftKind, id: string) => http.get<Draft>(draftUrl(kind, id)),
  saveDraft: (kind: DraftKind, id: string, draft: SaveDraftRequest) => http.put<Draft>(draftUrl(kind, id), draft),
  deleteDraft: (kind: DraftKind, id: string) => http.delete<void>(draftUrl(kind, id)),
  /** The latest form with `formId`, in `tenantId` (@default the tenant chosen in the header). */
  latestForm: (formId: string, tenantId?: string) =>
    http.get<DeployedForm>(`/v2/osprey/forms/${enc(formId)}${tenantId ? `?tenantId=${enc(tenantId)}` : tenantQuery()}`),
  elementStatistics: (processDefinitionKey: string) =>
    http.post<{ items: ElementStatistics[] }>('/v2/osprey/element-statistics', { processDefinitionKey }),
  definitionStatistics: () => http.post<{ items: DefinitionStatistics[] }>('/v2/osprey/definition-statistics', {}),
  history: (processInstanceKey: string) => http.post<SearchPage<HistoryRecord>>(`/v2/osprey/process-instances/${enc(processInstanceKey)}/history`, {}),
};

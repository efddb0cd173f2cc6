/** Entities of the `/v2` API, in Camunda 8's field names. Keys are strings. */

export interface SearchPage<T> {
  items: T[];
  page: { totalItems: number };
}

export type SortOrder = 'ASC' | 'DESC';

export interface SearchRequest {
  filter?: Record<string, unknown>;
  sort?: { field: string; order?: SortOrder }[];
  page?: { from?: number; limit?: number };
}

export interface ProcessDefinition {
  processDefinitionKey: string;
  processDefinitionId: string;
  name?: string;
  version: number;
  versionTag?: string;
  resourceName: string;
  tenantId: string;
}

export type InstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export interface ProcessInstance {
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processDefinitionVersion: number;
  state: InstanceState;
  startDate: string;
  endDate?: string;
  hasIncident: boolean;
  parentProcessInstanceKey?: string;
  parentElementInstanceKey?: string;
  tenantId: string;
}

export interface ElementInstance {
  elementInstanceKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  elementId: string;
  elementName?: string;
  type: string;
  state: InstanceState;
  hasIncident: boolean;
  incidentKey?: string;
  flowScopeKey?: string;
  startDate: string;
  endDate?: string;
}

export interface Variable {
  variableKey: string;
  name: string;
  /** The value as JSON text. */
  value: string;
  scopeKey: string;
  processInstanceKey: string;
}

export type UserTaskState = 'CREATED' | 'COMPLETED' | 'CANCELED';

export interface UserTask {
  userTaskKey: string;
  name?: string;
  state: UserTaskState;
  assignee?: string;
  elementId: string;
  elementInstanceKey: string;
  candidateGroups?: string[];
  candidateUsers?: string[];
  processDefinitionId: string;
  processDefinitionKey: string;
  processDefinitionVersion: number;
  processInstanceKey: string;
  formKey?: string;
  externalFormReference?: string;
  creationDate: string;
  completionDate?: string;
  dueDate?: string;
  followUpDate?: string;
  priority?: number;
  customHeaders?: Record<string, string>;
  tenantId?: string;
}

export interface UserTaskForm {
  formKey: string;
  formId: string;
  version: number;
  /** The form-js schema, as Camunda 8.8 answers it: an object. */
  schema: Record<string, unknown>;
}

export interface Incident {
  incidentKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processInstanceKey: string;
  errorType: string;
  errorMessage: string;
  elementId: string;
  elementInstanceKey: string;
  creationTime: string;
  state: 'ACTIVE' | 'RESOLVED' | 'PENDING' | 'MIGRATED';
  jobKey?: string;
}

export interface Job {
  jobKey: string;
  type: string;
  state: string;
  retries: number;
  errorMessage?: string;
  elementId: string;
  elementInstanceKey?: string;
  processInstanceKey: string;
}

export interface DeploymentResult {
  deploymentKey: string;
  deployments: (
    | { processDefinition: { processDefinitionId: string; processDefinitionVersion: number; processDefinitionKey: string; resourceName: string } }
    | { form: { formId: string; version: number; formKey: string; resourceName: string } }
  )[];
}

/** Osprey: drafts of process diagrams (`bpmn`) and decision files (`dmn`), as their REST contract states them. */
export type { Draft, DraftForm, DraftKind, DraftSummary } from '@osprey/contracts';

/** Osprey: element instance counts of one process definition (the heat map). */
export interface ElementStatistics {
  elementId: string;
  active: number;
  incidents: number;
}

/** Osprey: running instances and open incidents of one process definition. */
export interface DefinitionStatistics {
  processDefinitionKey: string;
  activeInstances: number;
  incidents: number;
}

/** Osprey: one record of an instance's history. */
export interface HistoryRecord {
  position: string;
  valueType: string;
  intent: string;
  elementId?: string;
  recordKey?: string;
  timestamp: string;
  value: Record<string, unknown>;
  /** Who made the request that caused the record; absent for the engine's own work. */
  actor?: string;
}

/** `GET /v2/authentication/me`: the tenants list is empty with multi-tenancy off. */
export interface Me {
  username: string;
  groups: string[];
  tenants: { tenantId: string; name: string }[];
}

export interface SignedIn {
  token: string;
  username: string;
  groups: string[];
  roles?: string[];
}

/** A migration dry run's answer: whether the plan holds for the instance, and every problem. */
export interface MigrationCheck {
  processInstanceKey: string;
  sourceProcessDefinitionKey: string;
  targetProcessDefinitionKey: string;
  dryRun: boolean;
  valid: boolean;
  errors: string[];
}

/** One entry of the audit log: who did what to which keys, and how it ended. */
export interface AuditEntry {
  id: string;
  occurredAt: string;
  actorKind: string | null;
  actorId: string | null;
  operation: string;
  targets: Record<string, string>;
  outcome: string;
  status: number | null;
}

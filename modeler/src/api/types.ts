/**
 * Entities of the `/v2` API whose routes have no contract in `@osprey/contracts` yet, in
 * Camunda 8's field names (keys are strings). Every other type the app uses is imported from
 * the contracts; when a route below moves onto one, its type here goes (ADR 0019).
 */

export type InstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

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
  /** The form-js schema as JSON text. */
  schema: string;
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

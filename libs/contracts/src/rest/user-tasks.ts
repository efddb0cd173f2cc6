import { Type, type Static } from '@sinclair/typebox';
import { Key } from '../json';
import { Int32, Names, Nullable, VariablesParam } from './common';
import type { RouteContract } from './route-contract';
import { searchRoute } from './search';
import { Variable } from './element-instances';

/** A user task, as search and `GET /v2/user-tasks/{userTaskKey}` return it; the optional fields are absent when empty. */
export const UserTask = Type.Object({
  userTaskKey: Key,
  name: Type.Optional(Type.String()),
  /** CREATED; ASSIGNING, UPDATING, COMPLETING or CANCELING while its listeners run; COMPLETED or CANCELED. */
  state: Type.String(),
  assignee: Type.Optional(Type.String()),
  elementId: Type.String(),
  elementInstanceKey: Key,
  candidateGroups: Type.Array(Type.String()),
  candidateUsers: Type.Array(Type.String()),
  processDefinitionId: Type.String(),
  processDefinitionKey: Key,
  processDefinitionVersion: Type.Integer(),
  processInstanceKey: Key,
  customHeaders: Type.Record(Type.String(), Type.String()),
  formKey: Type.Optional(Type.String()),
  /** The id of the task's `zeebe:formDefinition` form. */
  externalFormReference: Type.Optional(Type.String()),
  creationDate: Type.String({ format: 'date-time' }),
  completionDate: Type.Optional(Type.String({ format: 'date-time' })),
  dueDate: Type.Optional(Type.String({ format: 'date-time' })),
  followUpDate: Type.Optional(Type.String({ format: 'date-time' })),
  priority: Type.Integer({ minimum: 0, maximum: 100 }),
  tenantId: Type.String(),
});
export type UserTask = Static<typeof UserTask>;

/** Camunda's custom `action`: the task's listeners see it on an assignment or update; a completion's is read and ignored. */
const action = Type.Optional(Type.String());

/** `POST /v2/user-tasks/{userTaskKey}/assignment`: claim or delegate. */
export const AssignUserTaskRequest = Type.Object({
  assignee: Type.String(),
  /** False refuses to take a task someone else holds. @default true */
  allowOverride: Type.Optional(Type.Boolean()),
  action,
});
export type AssignUserTaskRequest = Static<typeof AssignUserTaskRequest>;

/** A date the changeset sets, or `""` / `null` to clear it (checked as ISO 8601 by the engine). */
const ChangedDate = Type.Optional(Nullable(Type.String({ description: 'an ISO 8601 date-time, or "" or null to clear it' })));

/** `PATCH /v2/user-tasks/{userTaskKey}`: what changes; an absent field stays as it is. */
export const UserTaskChangeset = Type.Object({
  dueDate: ChangedDate,
  followUpDate: ChangedDate,
  candidateGroups: Type.Optional(Names),
  candidateUsers: Type.Optional(Names),
  priority: Type.Optional(Int32({ minimum: 0, maximum: 100 })),
});

/** `PATCH /v2/user-tasks/{userTaskKey}` (and `…/update`). */
export const UpdateUserTaskRequest = Type.Object({ changeset: Type.Optional(UserTaskChangeset), action });
export type UpdateUserTaskRequest = Static<typeof UpdateUserTaskRequest>;

/** `POST /v2/user-tasks/{userTaskKey}/completion`: the variables the task hands to its process. */
export const CompleteUserTaskRequest = Type.Object({ variables: Type.Optional(VariablesParam), action });
export type CompleteUserTaskRequest = Static<typeof CompleteUserTaskRequest>;

/** `GET /v2/user-tasks/{userTaskKey}/form`: Camunda 8.8's form result, its `schema` the form-js schema as an object. */
export const UserTaskForm = Type.Object({
  formKey: Key,
  formId: Type.String(),
  version: Type.Integer(),
  schema: Type.Record(Type.String(), Type.Unknown(), { description: 'the form-js schema' }),
  tenantId: Type.String(),
});
export type UserTaskForm = Static<typeof UserTaskForm>;

const tag = 'User task';

export const SEARCH_USER_TASKS = searchRoute('/v2/user-tasks/search', tag, 'Search user tasks', UserTask);
export const GET_USER_TASK: RouteContract = { method: 'get', path: '/v2/user-tasks/{userTaskKey}', tag, summary: 'Get a user task', response: UserTask };
export const GET_USER_TASK_FORM: RouteContract = { method: 'get', path: '/v2/user-tasks/{userTaskKey}/form', tag, summary: "Get a user task's form", response: UserTaskForm };
export const SEARCH_USER_TASK_VARIABLES = searchRoute('/v2/user-tasks/{userTaskKey}/variables/search', tag, 'Search the variables a user task sees', Variable);
export const ASSIGN_USER_TASK: RouteContract = { method: 'post', path: '/v2/user-tasks/{userTaskKey}/assignment', tag, summary: 'Assign (claim or delegate) a user task', body: AssignUserTaskRequest };
export const UNASSIGN_USER_TASK: RouteContract = { method: 'delete', path: '/v2/user-tasks/{userTaskKey}/assignee', tag, summary: 'Unassign a user task' };
export const COMPLETE_USER_TASK: RouteContract = {
  method: 'post',
  path: '/v2/user-tasks/{userTaskKey}/completion',
  tag,
  summary: 'Complete a user task',
  body: CompleteUserTaskRequest,
  bodyRequired: false,
};
export const UPDATE_USER_TASK: RouteContract = {
  method: 'patch',
  path: '/v2/user-tasks/{userTaskKey}',
  tag,
  summary: "Change a user task's due/follow-up dates, candidates or priority",
  body: UpdateUserTaskRequest,
  bodyRequired: false,
};
/** The same change at the path some Camunda clients use. */
export const UPDATE_USER_TASK_ALIAS: RouteContract = { ...UPDATE_USER_TASK, path: '/v2/user-tasks/{userTaskKey}/update', summary: 'Change a user task (the path some Camunda clients use)' };

/** The task inbox's routes: search, read, form, variables, assignment, changes, completion. */
export const USER_TASK_ROUTES: readonly RouteContract[] = [
  SEARCH_USER_TASKS,
  GET_USER_TASK,
  GET_USER_TASK_FORM,
  SEARCH_USER_TASK_VARIABLES,
  ASSIGN_USER_TASK,
  UNASSIGN_USER_TASK,
  COMPLETE_USER_TASK,
  UPDATE_USER_TASK,
  UPDATE_USER_TASK_ALIAS,
];

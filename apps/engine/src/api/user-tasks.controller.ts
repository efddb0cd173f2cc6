import { Controller, Inject, Param, Req } from '@nestjs/common';
import { isoInstant, NotFoundError, searchSpecs, ValidationError, type OspreyEngine } from '@osprey/store';
import {
  ASSIGN_USER_TASK,
  COMPLETE_USER_TASK,
  GET_USER_TASK,
  GET_USER_TASK_FORM,
  SEARCH_USER_TASK_VARIABLES,
  SEARCH_USER_TASKS,
  UNASSIGN_USER_TASK,
  UPDATE_USER_TASK,
  UPDATE_USER_TASK_ALIAS,
  type AssignUserTaskRequest,
  type CompleteUserTaskRequest,
  type SearchRequest,
  type UpdateUserTaskRequest,
} from '@osprey/contracts';
import { ENGINE } from '../engine.tokens';
import { ContractBody, Route } from './contract-route';
import { taskVisibilityOf } from '../auth/principal';
import { tenantScopeOf } from '../auth/tenants';

interface UserTaskView {
  userTaskKey: string;
  formKey?: string;
  externalFormReference?: string;
  tenantId: string;
}

/** User tasks: search, read, form, assignment, completion. */
@Controller()
export class UserTasksController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Route(SEARCH_USER_TASKS)
  search(@ContractBody() body: SearchRequest, @Req() req: unknown) {
    // Approvers find only their own tasks (the guard decides; see auth/resource-checks.ts).
    return this.engine.search.userTasks(body, taskVisibilityOf(req), tenantScopeOf(req));
  }

  @Route(GET_USER_TASK)
  get(@Param('key') key: string, @Req() req: unknown) {
    return this.engine.search.one(searchSpecs.USER_TASK, 'userTaskKey', key, 'User task', tenantScopeOf(req));
  }

  /** The task's deployed form (`zeebe:formDefinition formId` → the latest deployed form with that id). */
  @Route(GET_USER_TASK_FORM)
  async form(@Param('key') key: string, @Req() req: unknown) {
    const task = await this.engine.search.one<UserTaskView>(searchSpecs.USER_TASK, 'userTaskKey', key, 'User task', tenantScopeOf(req));
    const formId = task.externalFormReference;
    const form = formId ? await this.engine.definitions.form({ formId }, task.tenantId) : undefined;
    if (!form) throw new NotFoundError(`Expected user task '${key}' to have a deployed form, but it has none`);
    // Camunda 8.8 answers the schema as an object; a deployment stores only a form that parses as one.
    return { formKey: form.formKey, tenantId: form.tenantId, formId: form.formId, version: form.version, schema: JSON.parse(form.schema) as Record<string, unknown> };
  }

  /**
   * allowOverride false refuses to take a task someone holds; `action` is Camunda's custom action,
   * which the task's listeners see (default `assign`; a claim: `claim`).
   */
  @Route(ASSIGN_USER_TASK)
  async assign(@Param('key') key: string, @ContractBody() body: AssignUserTaskRequest, @Req() req: unknown) {
    await this.engine.userTasks.assign(key, body.assignee, body.allowOverride ?? true, tenantScopeOf(req), body.action);
  }

  @Route(UPDATE_USER_TASK)
  async update(@Param('key') key: string, @ContractBody() body: UpdateUserTaskRequest, @Req() req: unknown) {
    const { dueDate, followUpDate, candidateGroups, candidateUsers, priority } = body.changeset ?? {};
    const problems: string[] = [];
    const changes = { dueDate: instantOrClear('dueDate', dueDate, problems), followUpDate: instantOrClear('followUpDate', followUpDate, problems), candidateGroups, candidateUsers, priority };
    if (problems.length > 0) throw new ValidationError('Invalid request body', problems);
    await this.engine.userTasks.update(key, changes, tenantScopeOf(req), body.action);
  }

  @Route(UPDATE_USER_TASK_ALIAS)
  updateAtAlias(@Param('key') key: string, @ContractBody() body: UpdateUserTaskRequest, @Req() req: unknown) {
    return this.update(key, body, req);
  }

  /** Variables the task sees: its own scope and its process instance's. */
  @Route(SEARCH_USER_TASK_VARIABLES)
  async variables(@Param('key') key: string, @ContractBody() body: SearchRequest, @Req() req: unknown) {
    const task = await this.engine.search.one<{ processInstanceKey: string; elementInstanceKey: string }>(
      searchSpecs.USER_TASK,
      'userTaskKey',
      key,
      'User task',
      tenantScopeOf(req),
    );
    const filter = { ...(body.filter ?? {}), processInstanceKey: task.processInstanceKey, scopeKey: { $in: [task.processInstanceKey, task.elementInstanceKey] } };
    return this.engine.search.variables({ ...body, filter }, tenantScopeOf(req));
  }

  @Route(UNASSIGN_USER_TASK)
  async unassign(@Param('key') key: string, @Req() req: unknown) {
    await this.engine.userTasks.unassign(key, tenantScopeOf(req));
  }

  @Route(COMPLETE_USER_TASK)
  async complete(@Param('key') key: string, @ContractBody() body: CompleteUserTaskRequest, @Req() req: unknown) {
    await this.engine.userTasks.complete(key, body.variables ?? {}, tenantScopeOf(req));
  }
}

/** A changeset's date: undefined (unchanged), null (cleared, from `null` or `""`) or the instant; a problem when it is no ISO 8601 date-time. */
function instantOrClear(field: string, value: string | null | undefined, problems: string[]): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  const instant = isoInstant(value);
  if (!instant) problems.push(`changeset.${field}: Expected an ISO 8601 date-time, but found ${JSON.stringify(value)}`);
  return instant;
}

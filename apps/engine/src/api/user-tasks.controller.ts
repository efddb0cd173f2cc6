import { Body as RawBody, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Req } from '@nestjs/common';
import { isoInstant, NotFoundError, searchSpecs, type OspreyEngine, type SearchRequest } from '@osprey/store';
import { ENGINE } from '../engine.tokens';
import { Body } from './body';
import { taskVisibilityOf } from '../auth/principal';
import { tenantScopeOf } from '../auth/tenants';

interface UserTaskView {
  userTaskKey: string;
  formKey?: string;
  externalFormReference?: string;
  tenantId: string;
}

/** User tasks: search, read, form, assignment, completion. */
@Controller('v2/user-tasks')
export class UserTasksController {
  constructor(@Inject(ENGINE) private readonly engine: OspreyEngine) {}

  @Post('search')
  @HttpCode(200)
  search(@RawBody() body: SearchRequest, @Req() req: unknown) {
    // Approvers find only their own tasks (the guard decides; see auth/resource-checks.ts).
    return this.engine.search.userTasks(body ?? {}, taskVisibilityOf(req), tenantScopeOf(req));
  }

  @Get(':key')
  get(@Param('key') key: string, @Req() req: unknown) {
    return this.engine.search.one(searchSpecs.USER_TASK, 'userTaskKey', key, 'User task', tenantScopeOf(req));
  }

  /** The task's deployed form (`zeebe:formDefinition formId` → the latest deployed form with that id). */
  @Get(':key/form')
  async form(@Param('key') key: string, @Req() req: unknown) {
    const task = await this.engine.search.one<UserTaskView>(searchSpecs.USER_TASK, 'userTaskKey', key, 'User task', tenantScopeOf(req));
    const formId = task.externalFormReference;
    const form = formId ? await this.engine.definitions.form({ formId }, task.tenantId) : undefined;
    if (!form) throw new NotFoundError(`Expected user task '${key}' to have a deployed form, but it has none`);
    return { formKey: form.formKey, tenantId: form.tenantId, formId: form.formId, version: form.version, schema: form.schema };
  }

  /** `{ assignee, allowOverride?, action? }`; allowOverride false refuses to take a task someone holds. */
  @Post(':key/assignment')
  @HttpCode(204)
  async assign(@Param('key') key: string, @RawBody() raw: unknown, @Req() req: unknown) {
    const b = new Body(raw);
    const assignee = b.string('assignee', { required: true });
    const allowOverride = b.bool('allowOverride');
    // Camunda's custom action, which the task's listeners see (default `assign`; a claim: `claim`).
    const action = b.string('action');
    b.done();
    await this.engine.userTasks.assign(key, assignee, allowOverride ?? true, tenantScopeOf(req), action);
  }

  /** `PATCH /v2/user-tasks/{key}` — `{ changeset: { dueDate, followUpDate, candidateGroups, candidateUsers, priority } }`. */
  @Patch([':key', ':key/update'])
  @HttpCode(204)
  async update(@Param('key') key: string, @RawBody() raw: unknown, @Req() req: unknown) {
    const b = new Body(raw);
    const c = new Body(b.raw('changeset') ?? {}, 'changeset');
    const date = (field: string) => {
      const v = c.raw(field);
      if (v === undefined) return undefined;
      if (v === null || v === '') return null;
      const instant = isoInstant(v);
      if (!instant) c.problem(`changeset.${field}: Expected an ISO 8601 date-time, but found ${JSON.stringify(v)}`);
      return instant;
    };
    const changes = {
      dueDate: date('dueDate'),
      followUpDate: date('followUpDate'),
      candidateGroups: c.stringArray('candidateGroups'),
      candidateUsers: c.stringArray('candidateUsers'),
      priority: c.int('priority', { min: 0, max: 100 }),
    };
    const action = b.string('action');
    b.done();
    c.done();
    await this.engine.userTasks.update(key, changes, tenantScopeOf(req), action);
  }

  /** Variables the task sees: its own scope and its process instance's. */
  @Post(':key/variables/search')
  @HttpCode(200)
  async variables(@Param('key') key: string, @RawBody() body: SearchRequest, @Req() req: unknown) {
    const task = await this.engine.search.one<{ processInstanceKey: string; elementInstanceKey: string }>(
      searchSpecs.USER_TASK,
      'userTaskKey',
      key,
      'User task',
      tenantScopeOf(req),
    );
    const filter = { ...(body?.filter ?? {}), processInstanceKey: task.processInstanceKey, scopeKey: { $in: [task.processInstanceKey, task.elementInstanceKey] } };
    return this.engine.search.variables({ ...(body ?? {}), filter }, tenantScopeOf(req));
  }

  @Delete(':key/assignee')
  @HttpCode(204)
  async unassign(@Param('key') key: string, @Req() req: unknown) {
    await this.engine.userTasks.unassign(key, tenantScopeOf(req));
  }

  @Post(':key/completion')
  @HttpCode(204)
  async complete(@Param('key') key: string, @RawBody() raw: unknown, @Req() req: unknown) {
    const b = new Body(raw);
    const variables = b.variables('variables') ?? {};
    b.string('action');
    b.done();
    await this.engine.userTasks.complete(key, variables, tenantScopeOf(req));
  }
}

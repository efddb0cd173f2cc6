import type { Command, JsonValue, UserTaskChanges } from '@osprey/runtime';
import { isKey } from '../keys';
import type { Database } from '../database';
import { ConflictError, NotFoundError } from '../errors';
import { afterCommit, type CommandPipeline } from './command-pipeline';
import type { EngineEvents } from './engine-events';
import { TenantScope } from '../tenants/tenant-scope';

interface TaskRow {
  key: string;
  state: string;
  assignee: string | null;
  processInstanceKey: string;
  elementInstanceKey: string;
  tenantId: string;
}

/**
 * User tasks: assign, claim, unassign, update, complete. Each is a command on the task's
 * instance, so the task's listeners run as jobs and the task stays ASSIGNING / UPDATING /
 * COMPLETING until they complete. Search lives in the search repository. Each command takes the
 * caller's {@link TenantScope}: a task of another tenant is not found.
 */
export class UserTaskService {
  constructor(
    private readonly db: Database,
    private readonly pipeline: CommandPipeline,
    private readonly events: EngineEvents,
  ) {}

  /**
   * Assigns a task. With `allowOverride: false` a task already assigned to someone else is
   * refused (a claim); with true (the default, as in Camunda) it is re-assigned (delegation).
   * `action` is what the task's listeners see (default `assign`, or `claim` without override).
   * @throws ConflictError when the task is not open, or (a claim) someone else holds it
   */
  async assign(userTaskKey: string, assignee: string, allowOverride = true, scope = TenantScope.ANY, action?: string): Promise<void> {
    await this.run(userTaskKey, scope, (task) => ({
      type: 'ASSIGN_USER_TASK',
      userTaskKey,
      elementInstanceKey: task.elementInstanceKey,
      assignee,
      allowOverride,
      action: action || (allowOverride ? 'assign' : 'claim'),
    }));
  }

  /**
   * Changes a task's schedule, candidates or priority (`PATCH /v2/user-tasks/{key}`). Only the
   * fields given change; an empty list clears candidates. `action` is what the task's listeners
   * see (default `update`).
   */
  async update(userTaskKey: string, changes: UserTaskChanges, scope = TenantScope.ANY, action?: string): Promise<void> {
    await this.run(userTaskKey, scope, (task) => ({
      type: 'UPDATE_USER_TASK',
      userTaskKey,
      elementInstanceKey: task.elementInstanceKey,
      changes,
      action: action || 'update',
    }));
  }

  /**
   * Removes the assignee. Recorded as `UNASSIGNED` in the instance history (Camunda 8 records an
   * assignment with an empty assignee), so the history reads as what happened.
   */
  async unassign(userTaskKey: string, scope = TenantScope.ANY): Promise<void> {
    await this.run(userTaskKey, scope, (task) => ({
      type: 'ASSIGN_USER_TASK',
      userTaskKey,
      elementInstanceKey: task.elementInstanceKey,
      assignee: null,
      allowOverride: true,
      action: 'unassign',
    }));
  }

  /**
   * Completes a task with variables; the process moves on in the same transaction.
   * @throws ConflictError when the task was completed or cancelled already
   */
  async complete(userTaskKey: string, variables: Readonly<Record<string, JsonValue>>, scope = TenantScope.ANY): Promise<void> {
    await this.run(userTaskKey, scope, (task) => ({
      type: 'COMPLETE_USER_TASK',
      userTaskKey,
      elementInstanceKey: task.elementInstanceKey,
      variables,
    }));
  }

  /** Runs the command `build` makes for open task `userTaskKey` on its locked instance. */
  private async run(userTaskKey: string, scope: TenantScope, build: (task: TaskRow) => Command): Promise<void> {
    const probe = await this.find(userTaskKey, scope);
    if (probe.state !== 'CREATED') {
      throw new ConflictError(`Expected user task '${userTaskKey}' to be open, but it is ${probe.state}`);
    }
    const after = afterCommit();
    await this.db.transaction(async (sql) => {
      const state = await this.pipeline.lock(sql, probe.processInstanceKey);
      const task = await this.lockOpen(sql, userTaskKey);
      await this.pipeline.runLocked(sql, state, build(task), after);
    });
    this.events.committed(after);
  }

  private find(userTaskKey: string, scope: TenantScope): Promise<TaskRow> {
    return this.read(this.db, userTaskKey, '', scope);
  }

  private async lockOpen(sql: { rows: Database['rows'] }, userTaskKey: string, scope = TenantScope.ANY): Promise<TaskRow> {
    const row = await this.read(sql, userTaskKey, ' FOR UPDATE', scope);
    if (row.state !== 'CREATED') {
      throw new ConflictError(`Expected user task '${userTaskKey}' to be open, but it is ${row.state}`);
    }
    return row;
  }

  /** The task row, when it exists in `scope`. @throws NotFoundError */
  private async read(sql: { rows: Database['rows'] }, userTaskKey: string, lock: '' | ' FOR UPDATE', scope: TenantScope): Promise<TaskRow> {
    const missing = `User task with key '${userTaskKey}' not found`;
    if (!isKey(userTaskKey)) throw new NotFoundError(missing);
    const [row] = await sql.rows<TaskRow>(`SELECT ${TASK_COLUMNS} FROM user_task WHERE key = $1${lock}`, [userTaskKey]);
    if (!row) throw new NotFoundError(missing);
    scope.visible(row.tenantId, missing);
    return row;
  }
}

/** What `PATCH /v2/user-tasks/{key}` may change; `null` dates clear them. */
export type { UserTaskChanges } from '@osprey/runtime';

const TASK_COLUMNS = `key::text AS key, state, assignee, process_instance_key::text AS "processInstanceKey",
  element_instance_key::text AS "elementInstanceKey", tenant_id AS "tenantId"`;

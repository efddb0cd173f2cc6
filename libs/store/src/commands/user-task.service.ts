import type { JsonValue } from '@osprey/runtime';
import { isKey, type KeyAllocator } from '../keys';
import type { Database, Sql } from '../database';
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
 * User tasks: claim, unassign, complete. Search lives in the search repository. Each command
 * takes the caller's {@link TenantScope}: a task of another tenant is not found.
 */
export class UserTaskService {
  constructor(
    private readonly db: Database,
    private readonly keys: KeyAllocator,
    private readonly pipeline: CommandPipeline,
    private readonly events: EngineEvents,
  ) {}

  /**
   * Assigns a task. With `allowOverride: false` a task already assigned to someone else is
   * refused (a claim); with true (the default, as in Camunda) it is re-assigned (delegation).
   */
  async assign(userTaskKey: string, assignee: string, allowOverride = true, scope = TenantScope.ANY): Promise<void> {
    await this.db.transaction(async (sql) => {
      const task = await this.lockOpen(sql, userTaskKey, scope);
      if (!allowOverride && task.assignee && task.assignee !== assignee) {
        throw new ConflictError(`Expected user task '${userTaskKey}' to be unassigned, but it is assigned to '${task.assignee}'`);
      }
      await sql.exec(`UPDATE user_task SET assignee = $2 WHERE key = $1`, [userTaskKey, assignee]);
      await this.history(sql, task, 'ASSIGNED', { assignee });
    });
  }

  /**
   * Changes a task's schedule, candidates or priority (`PATCH /v2/user-tasks/{key}`). Only the
   * fields given change; an empty list clears candidates.
   */
  async update(userTaskKey: string, changes: UserTaskChanges, scope = TenantScope.ANY): Promise<void> {
    await this.db.transaction(async (sql) => {
      const task = await this.lockOpen(sql, userTaskKey, scope);
      await sql.exec(
        `UPDATE user_task SET
           due_date = CASE WHEN $2 THEN $3::timestamptz ELSE due_date END,
           follow_up_date = CASE WHEN $4 THEN $5::timestamptz ELSE follow_up_date END,
           candidate_groups = COALESCE($6::text[], candidate_groups),
           candidate_users = COALESCE($7::text[], candidate_users),
           priority = COALESCE($8::int, priority)
         WHERE key = $1`,
        [
          userTaskKey,
          changes.dueDate !== undefined,
          changes.dueDate ?? null,
          changes.followUpDate !== undefined,
          changes.followUpDate ?? null,
          changes.candidateGroups ?? null,
          changes.candidateUsers ?? null,
          changes.priority ?? null,
        ],
      );
      await this.history(sql, task, 'UPDATED', changes);
    });
  }

  /**
   * Removes the assignee. Recorded as `UNASSIGNED` in the instance history (Camunda 8 records an
   * assignment with an empty assignee), so the history reads as what happened.
   */
  async unassign(userTaskKey: string, scope = TenantScope.ANY): Promise<void> {
    await this.db.transaction(async (sql) => {
      const task = await this.lockOpen(sql, userTaskKey, scope);
      await sql.exec(`UPDATE user_task SET assignee = NULL WHERE key = $1`, [userTaskKey]);
      await this.history(sql, task, 'UNASSIGNED', { assignee: null });
    });
  }

  /**
   * Completes a task with variables; the process moves on in the same transaction.
   * @throws ConflictError when the task was completed or cancelled already
   */
  async complete(userTaskKey: string, variables: Readonly<Record<string, JsonValue>>, scope = TenantScope.ANY): Promise<void> {
    const probe = await this.find(userTaskKey, scope);
    if (probe.state !== 'CREATED') {
      throw new ConflictError(`Expected user task '${userTaskKey}' to be open, but it is ${probe.state}`);
    }
    const after = afterCommit();
    await this.db.transaction(async (sql) => {
      const state = await this.pipeline.lock(sql, probe.processInstanceKey);
      await this.lockOpen(sql, userTaskKey);
      await this.pipeline.runLocked(
        sql,
        state,
        { type: 'COMPLETE_USER_TASK', userTaskKey, elementInstanceKey: probe.elementInstanceKey, variables },
        after,
      );
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

  /**
   * Appends a task change to the instance history. Its position comes from the key sequence
   * every command's records are numbered from, so the history lists it after the records that
   * came before it (a separate sequence once listed assignments before the instance started).
   */
  private async history(sql: Sql, task: TaskRow, intent: string, value: object) {
    const [position] = await this.keys.take(1, sql);
    await sql.exec(
      `INSERT INTO history_record (position, record_key, process_instance_key, value_type, intent, value, "timestamp")
       VALUES ($1, $2, $3, 'USER_TASK', $4, $5, now())`,
      [position, task.key, task.processInstanceKey, intent, JSON.stringify({ ...value, elementInstanceKey: task.elementInstanceKey })],
    );
  }
}

/** What `PATCH /v2/user-tasks/{key}` may change; `null` dates clear them. */
export interface UserTaskChanges {
  dueDate?: string | null;
  followUpDate?: string | null;
  candidateGroups?: string[];
  candidateUsers?: string[];
  priority?: number;
}

const TASK_COLUMNS = `key::text AS key, state, assignee, process_instance_key::text AS "processInstanceKey",
  element_instance_key::text AS "elementInstanceKey", tenant_id AS "tenantId"`;

import type { JsonValue } from '@osprey/runtime';
import { isKey } from '../keys';
import type { Database, Sql } from '../database';
import type { DefinitionRepository, ProcessDefinitionRow } from '../definitions/definition.repository';
import { ConflictError, NotFoundError } from '../errors';
import { DEFAULT_TENANT, TenantScope } from '../tenants/tenant-scope';
import { afterCommit, type AfterCommit, type CommandPipeline } from './command-pipeline';
import type { EngineEvents } from './engine-events';

/** How to pick the definition to start. */
export type DefinitionRef =
  | { readonly processDefinitionKey: string }
  | { readonly processDefinitionId: string; readonly processDefinitionVersion?: number };

/** A request to start an instance (`POST /v2/process-instances`). */
export interface StartRequest {
  readonly definition: DefinitionRef;
  readonly variables?: Readonly<Record<string, JsonValue>>;
  readonly tenantId?: string;
  /** Idempotency key: a retried start with the same reference returns the first instance. */
  readonly operationReference?: string;
  readonly startElementId?: string;
}

/** What a start returns (Camunda's `CreateProcessInstanceResult`). */
export interface StartedInstance {
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processDefinitionVersion: number;
  tenantId: string;
  state: string;
}

/** Starting, cancelling and steering whole process instances. */
export class InstanceService {
  constructor(
    private readonly db: Database,
    private readonly definitions: DefinitionRepository,
    private readonly pipeline: CommandPipeline,
    private readonly events: EngineEvents,
  ) {}

  /**
   * Starts an instance in one transaction and returns once it is durable (committed), with every
   * token run forward to its first wait state.
   * @param scope the caller's tenants: a definition of another tenant is not found, and naming
   *   another tenant is refused
   * @throws NotFoundError when no such definition exists; ValidationError, ForbiddenError for a
   *   tenant the caller may not name (see {@link TenantScope.tenantFor})
   */
  async start(request: StartRequest, scope = TenantScope.ANY): Promise<StartedInstance> {
    const after = afterCommit();
    const started = await this.db.transaction(async (sql) => {
      // Resolved on the transaction's connection (a prepared statement, no pool round of its own):
      // the latest version has to be read for every start, a deployment on any replica may add one.
      const def = await this.resolve(request.definition, request.tenantId, scope, sql);
      const { graph } = await this.definitions.get(def.key, sql);
      if (request.startElementId === undefined && !graph.startEvents.none) {
        throw new ConflictError(
          `Expected process '${def.bpmnProcessId}' to have a none start event, but it only starts by message, timer or signal`,
        );
      }
      // References are per tenant: the same reference in two tenants names two instances.
      const reference = request.operationReference === undefined ? undefined : tenantReference(def.tenantId, request.operationReference);
      if (reference) {
        const existing = await this.byReference(sql, reference);
        if (existing) return existing;
      }
      const result = await this.startIn(sql, def, request.variables ?? {}, request.startElementId, after);
      if (reference) {
        // The primary key makes a concurrent duplicate fail its transaction instead of starting twice.
        await sql.exec(`INSERT INTO operation_reference (reference, process_instance_key) VALUES ($1, $2)`, [reference, result.processInstanceKey]);
      }
      return result;
    });
    this.events.committed(after);
    return started;
  }

  /** Starts an instance inside the caller's transaction (message/timer/signal starts use it). */
  async startIn(
    sql: Sql,
    def: ProcessDefinitionRow,
    variables: Readonly<Record<string, JsonValue>>,
    startElementId: string | undefined,
    after: AfterCommit,
  ): Promise<StartedInstance> {
    const { graph } = await this.definitions.get(def.key, sql);
    const outcome = await this.pipeline.create(
      sql,
      graph,
      { processDefinitionKey: def.key, version: def.version, tenantId: def.tenantId, variables, startElementId },
      after,
    );
    return {
      processInstanceKey: outcome.state.processInstanceKey,
      processDefinitionKey: def.key,
      processDefinitionId: def.bpmnProcessId,
      processDefinitionVersion: def.version,
      tenantId: def.tenantId,
      state: outcome.state.state,
    };
  }

  /** Cancels an active instance of `scope`: every element terminated, the instance ends TERMINATED. */
  async cancel(processInstanceKey: string, scope = TenantScope.ANY): Promise<void> {
    const [row] = isKey(processInstanceKey)
      ? await this.db.rows<{ parent: string | null; tenantId: string }>(
          `SELECT parent_process_instance_key::text AS parent, tenant_id AS "tenantId" FROM process_instance WHERE key = $1`,
          [processInstanceKey],
        )
      : [];
    if (row) scope.visible(row.tenantId, `Process instance with key '${processInstanceKey}' not found`);
    if (row?.parent) {
      // As in Camunda 8: a called instance ends with its call activity; cancel from the root.
      throw new ConflictError(
        `Expected a root process instance, but '${processInstanceKey}' was called by '${row.parent}'; cancel that instance instead`,
      );
    }
    const after = afterCommit();
    await this.db.transaction((sql) => this.pipeline.onInstance(sql, processInstanceKey, () => ({ type: 'CANCEL' }), after, scope));
    this.events.committed(after);
  }

  /** Sets variables on a scope of an active instance of `tenants` (operator edit). */
  async setVariables(scopeKey: string, variables: Readonly<Record<string, JsonValue>>, local: boolean, tenants = TenantScope.ANY): Promise<void> {
    if (!isKey(scopeKey)) throw new NotFoundError(`Element instance with key '${scopeKey}' not found`);
    const after = afterCommit();
    await this.db.transaction(async (sql) => {
      const [row] = await sql.rows<{ pik: string }>(
        `SELECT process_instance_key::text AS pik FROM element_instance WHERE key = $1`,
        [scopeKey],
      );
      const pik = row?.pik ?? scopeKey;
      await this.pipeline.onInstance(sql, pik, () => ({ type: 'SET_VARIABLES', scopeKey, variables, local }), after, tenants);
    });
    this.events.committed(after);
  }

  private async resolve(ref: DefinitionRef, tenantId: string | undefined, scope: TenantScope, sql: Sql): Promise<ProcessDefinitionRow> {
    if ('processDefinitionKey' in ref) {
      if (tenantId !== undefined) scope.tenantFor(tenantId);
      const { row } = await this.definitions.get(ref.processDefinitionKey, sql);
      scope.visible(row.tenantId, `Process definition with key '${ref.processDefinitionKey}' not found`);
      return row;
    }
    const tenant = scope.tenantFor(tenantId);
    return this.definitions.resolve(ref.processDefinitionId, ref.processDefinitionVersion, tenant, sql, (now) => this.pipeline.knowNow(sql, now));
  }

  private async byReference(sql: Sql, reference: string): Promise<StartedInstance | undefined> {
    const [row] = await sql.rows<StartedInstance>(
      `SELECT p.key::text AS "processInstanceKey", p.process_definition_key::text AS "processDefinitionKey",
              p.bpmn_process_id AS "processDefinitionId", p.version AS "processDefinitionVersion",
              p.tenant_id AS "tenantId", p.state
         FROM operation_reference r JOIN process_instance p ON p.key = r.process_instance_key
        WHERE r.reference = $1`,
      [reference],
    );
    return row;
  }
}

/** The stored operation reference: `<default>` keeps the plain reference rows written before tenants. */
function tenantReference(tenantId: string, reference: string): string {
  return tenantId === DEFAULT_TENANT ? reference : `tenant:${tenantId}:${reference}`;
}

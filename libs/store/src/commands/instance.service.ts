import type { Command, JsonValue } from '@osprey/runtime';
import { isKey } from '../keys';
import type { Database, Sql } from '../database';
import type { DefinitionRepository, ProcessDefinitionRow } from '../definitions/definition.repository';
import { ConflictError, NotFoundError } from '../errors';
import { DEFAULT_TENANT, TenantScope } from '../tenants/tenant-scope';
import { afterCommit, type AfterCommit, type CommandPipeline } from './command-pipeline';
import type { EngineEvents } from './engine-events';
import { CommandGroups, isRefusal, type GroupOutcome, type QueueDepth, type QueuedCommand } from './command-groups';

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

/** A start as it waits for its transaction. */
interface QueuedStart {
  readonly request: StartRequest;
  readonly scope: TenantScope;
}

/** Starting, cancelling and steering whole process instances. */
export class InstanceService {
  constructor(
    private readonly db: Database,
    private readonly definitions: DefinitionRepository,
    private readonly pipeline: CommandPipeline,
    private readonly events: EngineEvents,
  ) {}

  /** Starts, run in groups that share a transaction when several arrive together (ADR 0034). */
  private readonly starts = new CommandGroups<QueuedStart, StartedInstance>({
    alone: ({ request, scope }) => this.startAlone(request, scope),
    together: (group) => this.startTogether(group),
  });

  /** Starts that one transaction takes at most (`OSPREY_COMMAND_GROUP`; 1 turns grouping off). */
  set maxStartGroup(size: number) {
    this.starts.maxGroup = size;
  }

  /** Starts waiting for a group's transaction, and the transactions they will take. */
  get startsWaiting(): QueueDepth {
    return this.starts.waiting;
  }

  /**
   * Starts an instance in one transaction and returns once it is durable (committed), with every
   * token run forward to its first wait state.
   * @param scope the caller's tenants: a definition of another tenant is not found, and naming
   *   another tenant is refused
   * @throws NotFoundError when no such definition exists; ValidationError, ForbiddenError for a
   *   tenant the caller may not name (see {@link TenantScope.tenantFor})
   */
  async start(request: StartRequest, scope = TenantScope.ANY): Promise<StartedInstance> {
    // A start with a reference takes a lock and reads under it: it runs alone.
    if (request.operationReference !== undefined) return this.startAlone(request, scope);
    return this.starts.submit({ request, scope });
  }

  /** One start in a transaction of its own. */
  private async startAlone(request: StartRequest, scope: TenantScope): Promise<StartedInstance> {
    const after = afterCommit();
    const started = await this.db.transaction(async (sql) => {
      // Resolved on the transaction's connection (a prepared statement, no pool round of its own):
      // the latest version has to be read for every start, a deployment on any replica may add one.
      const def = await this.startable(request, scope, sql);
      // References are per tenant: the same reference in two tenants names two instances.
      const reference = request.operationReference === undefined ? undefined : tenantReference(def.tenantId, request.operationReference);
      if (reference) {
        // Concurrent starts with one reference queue here until the first commits, then find its
        // instance: without the lock each would start one and all but one fail on the key.
        await sql.exec(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`operation_reference:${reference}`]);
        const existing = await this.byReference(sql, def.tenantId, reference, legacyReference(def.tenantId, request.operationReference!));
        if (existing) return existing;
      }
      const result = await this.startIn(sql, def, request.variables ?? {}, request.startElementId, after);
      if (reference) {
        // A row already there names another tenant's instance (planted before references were
        // encoded per tenant): this tenant's start takes it over. One of this tenant's, written
        // by an engine that does not take the lock (a rolling update), wins: this start rolls back.
        const taken = await sql.exec(
          `INSERT INTO operation_reference (reference, process_instance_key) VALUES ($1, $2)
           ON CONFLICT (reference) DO UPDATE SET process_instance_key = EXCLUDED.process_instance_key, created_at = now()
            WHERE NOT EXISTS (SELECT 1 FROM process_instance p WHERE p.key = operation_reference.process_instance_key AND p.tenant_id = $3)`,
          [reference, result.processInstanceKey, def.tenantId],
        );
        if (taken === 0) {
          throw new ConflictError(
            `Expected operation reference '${request.operationReference}' to be free, but a concurrent start took it; send the start again to get its instance`,
          );
        }
      }
      return result;
    });
    this.events.committed(after);
    return started;
  }

  /**
   * Several starts in one transaction (ADR 0034): every definition is read first (once for the
   * starts of one process), then each instance is created as it would be alone, and each one's
   * write is held back and sent with `COMMIT` in one round trip. A start that is refused before
   * it writes (no such definition, another tenant's, no none start event) gets its error and the
   * others go on.
   */
  private async startTogether(group: readonly QueuedCommand<QueuedStart, StartedInstance>[]): Promise<GroupOutcome<StartedInstance>[]> {
    const afters = group.map(() => afterCommit());
    const outcomes = await this.db.transaction(async (sql) => {
      // Reads first: a read after a held-back write would send it on its own.
      const latest = new Map<string, Promise<ProcessDefinitionRow>>();
      const checked: (ProcessDefinitionRow | { refused: unknown })[] = [];
      for (const { command, inContext } of group) {
        checked.push(
          await inContext(() => this.startable(command.request, command.scope, sql, latest)).catch((error: unknown) => {
            if (!isRefusal(error)) throw error;
            return { refused: error };
          }),
        );
      }
      const done: GroupOutcome<StartedInstance>[] = [];
      for (const [i, { command, inContext }] of group.entries()) {
        const def = checked[i]!;
        if ('refused' in def) {
          done.push(def);
          continue;
        }
        const { variables, startElementId } = command.request;
        done.push({ result: await inContext(() => this.startIn(sql, def, variables ?? {}, startElementId, afters[i]!)) });
      }
      return done;
    });
    for (const after of afters) this.events.committed(after);
    return outcomes;
  }

  /**
   * The definition a start names, checked to start by a none start event (or at the element it
   * names). `latest` shares the read of a process's latest version between the starts of a group.
   * @throws NotFoundError, ConflictError (no none start event), ValidationError, ForbiddenError (see {@link resolve})
   */
  private async startable(
    request: StartRequest,
    scope: TenantScope,
    sql: Sql,
    latest?: Map<string, Promise<ProcessDefinitionRow>>,
  ): Promise<ProcessDefinitionRow> {
    const def = await this.resolve(request.definition, request.tenantId, scope, sql, latest);
    const { graph } = await this.definitions.get(def.key, sql);
    if (request.startElementId === undefined && !graph.startEvents.none) {
      throw new ConflictError(
        `Expected process '${def.bpmnProcessId}' to have a none start event, but it only starts by message, timer or signal`,
      );
    }
    return def;
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
    await this.onElementInstance(scopeKey, { type: 'SET_VARIABLES', scopeKey, variables, local }, tenants);
  }

  /**
   * Starts inner elements of the active ad-hoc sub-process instance `adHocSubProcessInstanceKey`.
   * @throws NotFoundError; ValidationError when an element id is not an activatable inner element
   */
  async activateAdHocElements(
    adHocSubProcessInstanceKey: string,
    elements: readonly { readonly elementId: string; readonly variables?: Readonly<Record<string, JsonValue>> }[],
    tenants = TenantScope.ANY,
  ): Promise<void> {
    await this.onElementInstance(adHocSubProcessInstanceKey, { type: 'ACTIVATE_AD_HOC_ELEMENTS', adHocSubProcessInstanceKey, elements }, tenants);
  }

  /** Runs `command` on the instance that element instance `key` belongs to. */
  private async onElementInstance(key: string, command: Command, tenants: TenantScope): Promise<void> {
    if (!isKey(key)) throw new NotFoundError(`Element instance with key '${key}' not found`);
    const after = afterCommit();
    await this.db.transaction(async (sql) => {
      const [row] = await sql.rows<{ pik: string }>(
        `SELECT process_instance_key::text AS pik FROM element_instance WHERE key = $1`,
        [key],
      );
      const pik = row?.pik ?? key;
      await this.pipeline.onInstance(sql, pik, () => command, after, tenants);
    });
    this.events.committed(after);
  }

  private async resolve(
    ref: DefinitionRef,
    tenantId: string | undefined,
    scope: TenantScope,
    sql: Sql,
    latest?: Map<string, Promise<ProcessDefinitionRow>>,
  ): Promise<ProcessDefinitionRow> {
    if ('processDefinitionKey' in ref) {
      if (tenantId !== undefined) scope.tenantFor(tenantId);
      const { row } = await this.definitions.get(ref.processDefinitionKey, sql);
      scope.visible(row.tenantId, `Process definition with key '${ref.processDefinitionKey}' not found`);
      return row;
    }
    const tenant = scope.tenantFor(tenantId);
    const read = () => this.definitions.resolve(ref.processDefinitionId, ref.processDefinitionVersion, tenant, sql, (now) => this.pipeline.knowNow(sql, now));
    if (!latest) return read();
    // Starts of one group may share the read: they arrived together, either could have been first.
    const key = JSON.stringify([ref.processDefinitionId, ref.processDefinitionVersion ?? null, tenant]);
    let shared = latest.get(key);
    if (!shared) latest.set(key, (shared = read()));
    return shared;
  }

  /**
   * The instance a reference of `tenantId` names: stored in today's encoding, or in the one used
   * before it (rows written then keep working) — only ever an instance of `tenantId`.
   */
  private async byReference(sql: Sql, tenantId: string, ...stored: string[]): Promise<StartedInstance | undefined> {
    const rows = await sql.rows<StartedInstance>(
      `SELECT p.key::text AS "processInstanceKey", p.process_definition_key::text AS "processDefinitionKey",
              p.bpmn_process_id AS "processDefinitionId", p.version AS "processDefinitionVersion",
              p.tenant_id AS "tenantId", p.state
         FROM operation_reference r JOIN process_instance p ON p.key = r.process_instance_key
        WHERE r.reference = ANY($1::text[])
        ORDER BY r.reference = $2 DESC`,
      [[...new Set(stored)], stored[0]],
    );
    return rows.find((row) => row.tenantId === tenantId);
  }
}

/** Prefixes of stored references that a default-tenant reference must not be mistaken for. */
const RESERVED_PREFIXES = ['tenant:', 'message-start:', 'default:'];

/**
 * The stored operation reference, one namespace for all tenants without ambiguity:
 * - another tenant's: `tenant:<tenant>:<reference>`, with `%` and `:` in the tenant escaped;
 * - `<default>`'s: the plain reference, as stored before tenants existed, unless it begins with a
 *   reserved prefix (`tenant:`, `message-start:`, `default:`) — then `default:<reference>`, so a
 *   default-tenant caller cannot plant another tenant's reference or a message-start marker.
 */
function tenantReference(tenantId: string, reference: string): string {
  if (tenantId !== DEFAULT_TENANT) return `tenant:${tenantId.replace(/%/g, '%25').replace(/:/g, '%3A')}:${reference}`;
  return RESERVED_PREFIXES.some((prefix) => reference.startsWith(prefix)) ? `default:${reference}` : reference;
}

/** The stored form before {@link tenantReference}: looked up too, so existing rows keep working. */
function legacyReference(tenantId: string, reference: string): string {
  return tenantId === DEFAULT_TENANT ? reference : `tenant:${tenantId}:${reference}`;
}

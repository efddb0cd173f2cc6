import { checkMigrationPlan, type MappingInstruction } from '@osprey/runtime';
import type { Database } from '../database';
import type { DefinitionRepository, ProcessDefinitionRow } from '../definitions/definition.repository';
import { EngineError, ValidationError } from '../errors';
import { afterCommit, type CommandPipeline } from './command-pipeline';
import type { EngineEvents } from './engine-events';
import { TenantScope } from '../tenants/tenant-scope';

/** A migration request for one instance (`POST /v2/process-instances/{key}/migration`). */
export interface MigrationRequest {
  readonly targetProcessDefinitionKey: string;
  readonly mappingInstructions: readonly MappingInstruction[];
  /** Check the plan only; change nothing. @default false */
  readonly dryRun?: boolean;
}

/** Which instances a batch migrates: the ACTIVE instances of one definition. */
export type MigrationFilter =
  | { readonly processDefinitionKey: string }
  | {
      readonly processDefinitionId: string;
      readonly processDefinitionVersion: number;
      readonly tenantId?: string;
    };

/** The check of one instance's plan (dry run), or the confirmation that it migrated. */
export interface MigrationCheck {
  readonly processInstanceKey: string;
  readonly sourceProcessDefinitionKey: string;
  readonly targetProcessDefinitionKey: string;
  readonly dryRun: boolean;
  /** True when the plan holds (a dry run) or the instance migrated. */
  readonly valid: boolean;
  /** Every problem of the plan ("Expected …, but …"); empty when valid. */
  readonly errors: readonly string[];
}

/** What a batch did (or, on a dry run, would do). */
export interface BatchMigrationResult {
  readonly dryRun: boolean;
  readonly targetProcessDefinitionKey: string;
  /** Matching ACTIVE instances found. */
  readonly total: number;
  /** Instances migrated (dry run: whose plan holds). */
  readonly migrated: number;
  readonly failed: number;
  /** Each instance that did not (or would not) migrate, with every reason. */
  readonly failures: readonly { readonly processInstanceKey: string; readonly errors: readonly string[] }[];
}

/**
 * Instances per page of a batch, and how many of a page migrate at once. Each instance is its
 * own transaction (~12 statements); 8 at a time keeps most of the default pool of 20 free for
 * live traffic while 1,000 instances move in a few seconds.
 */
const BATCH_PAGE = 200;
const BATCH_PARALLEL = 8;

/**
 * Process instance migration: running instances move to another definition when asked — never
 * on their own. The plan check (`checkMigrationPlan` in the runtime) decides; applying it is
 * one MIGRATE command per instance.
 */
export class MigrationService {
  constructor(
    private readonly db: Database,
    private readonly definitions: DefinitionRepository,
    private readonly pipeline: CommandPipeline,
    private readonly events: EngineEvents,
  ) {}

  /**
   * Migrates one instance, or with `dryRun` checks its plan and changes nothing.
   * @throws NotFoundError for an unknown instance or target definition (or one of a tenant out of
   *   `scope`), ConflictError for an ended instance, ValidationError listing every problem of a
   *   plan that does not hold (not on a dry run: the check is returned)
   */
  async migrate(processInstanceKey: string, request: MigrationRequest, scope = TenantScope.ANY): Promise<MigrationCheck> {
    const target = await this.definition(request.targetProcessDefinitionKey, scope);
    const after = afterCommit();
    const check = await this.db.transaction(async (sql) => {
      const state = await this.pipeline.lock(sql, processInstanceKey, { scope });
      const base = {
        processInstanceKey,
        sourceProcessDefinitionKey: state.processDefinitionKey,
        targetProcessDefinitionKey: target.row.key,
        dryRun: request.dryRun ?? false,
      };
      const errors = [...tenantProblems(state.tenantId, target.row)];
      if (request.dryRun || errors.length > 0) {
        const source = await this.definitions.get(state.processDefinitionKey, sql);
        errors.push(
          ...checkMigrationPlan(state, source.graph, target.graph, request.mappingInstructions).errors,
        );
        if (request.dryRun) return { ...base, valid: errors.length === 0, errors };
        throw refused(processInstanceKey, errors);
      }
      await this.pipeline.migrateLocked(
        sql,
        state,
        {
          type: 'MIGRATE',
          targetProcessDefinitionKey: target.row.key,
          targetVersion: target.row.version,
          mappingInstructions: request.mappingInstructions,
        },
        target.graph,
        after,
      );
      return { ...base, valid: true, errors: [] };
    });
    this.events.committed(after);
    return check;
  }

  /**
   * Migrates every ACTIVE instance of the filter's definition, page by page, each instance in
   * its own transaction: one that fails (its plan does not hold, it ended meanwhile) is
   * reported and the rest go on.
   * @throws NotFoundError for an unknown source or target definition (or one of a tenant out of `scope`)
   */
  async migrateAll(filter: MigrationFilter, request: MigrationRequest, scope = TenantScope.ANY): Promise<BatchMigrationResult> {
    const source =
      'processDefinitionKey' in filter
        ? (await this.definition(filter.processDefinitionKey, scope)).row
        : await this.definitions.resolve(
            filter.processDefinitionId,
            filter.processDefinitionVersion,
            scope.tenantFor(filter.tenantId),
          );
    const target = await this.definition(request.targetProcessDefinitionKey, scope);
    const failures: { processInstanceKey: string; errors: readonly string[] }[] = [];
    let total = 0;
    let migrated = 0;
    let lastKey = '0';
    for (;;) {
      // Keyset paging on the primary key: instances that migrate leave the filter, so an
      // OFFSET would skip some.
      const page = await this.db.rows<{ key: string }>(
        `SELECT key::text AS key FROM process_instance
          WHERE process_definition_key = $1 AND state = 'ACTIVE' AND key > $2
          ORDER BY process_instance.key LIMIT $3`,
        [source.key, lastKey, BATCH_PAGE],
      );
      if (page.length === 0) break;
      lastKey = page[page.length - 1]!.key;
      total += page.length;
      for (let i = 0; i < page.length; i += BATCH_PARALLEL) {
        const outcomes = await Promise.all(
          page
            .slice(i, i + BATCH_PARALLEL)
            .map(({ key }) =>
              this.tryMigrate(key, { ...request, targetProcessDefinitionKey: target.row.key }, scope),
            ),
        );
        for (const outcome of outcomes) {
          if (outcome.errors.length === 0) migrated++;
          else failures.push(outcome);
        }
      }
    }
    return {
      dryRun: request.dryRun ?? false,
      targetProcessDefinitionKey: target.row.key,
      total,
      migrated,
      failed: failures.length,
      failures,
    };
  }

  /** A definition of `scope`. @throws NotFoundError */
  private async definition(key: string, scope: TenantScope) {
    const found = await this.definitions.get(key);
    scope.visible(found.row.tenantId, `Process definition with key '${key}' not found`);
    return found;
  }

  private async tryMigrate(
    processInstanceKey: string,
    request: MigrationRequest,
    scope: TenantScope,
  ): Promise<{ processInstanceKey: string; errors: readonly string[] }> {
    try {
      const check = await this.migrate(processInstanceKey, request, scope);
      return { processInstanceKey, errors: check.errors };
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      return { processInstanceKey, errors: error.details.length > 0 ? error.details : [error.message] };
    }
  }
}

function tenantProblems(tenantId: string, target: ProcessDefinitionRow): string[] {
  return tenantId === target.tenantId
    ? []
    : [
        `Expected the target definition to belong to tenant '${tenantId}', but it belongs to '${target.tenantId}'`,
      ];
}

function refused(processInstanceKey: string, errors: readonly string[]): ValidationError {
  return new ValidationError(
    `Expected instance '${processInstanceKey}' to be migratable, but the plan has ${errors.length} problem(s): ${errors.join('; ')}`,
    errors,
  );
}

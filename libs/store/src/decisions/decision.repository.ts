/**
 * Deployed DMN: decision requirements graphs (one per `.dmn` resource) and their decisions,
 * versioned per id like processes, plus the compiled-file cache every evaluation reads. A
 * changed file makes a new version of the graph and of each of its decisions; an identical
 * redeployment makes none.
 */
import { createHash } from 'node:crypto';
import { compileDmn, DmnSecurityError, DmnValidationError, type DecisionRequirements } from '@osprey/dmn';
import type { DeployedDecision } from '@osprey/runtime';
import type { Database, Sql } from '../database';
import { isKey } from '../keys';
import { NotFoundError } from '../errors';
import { TenantScope } from '../tenants/tenant-scope';

/** A decision definition row as the API shows it. */
export interface DecisionDefinitionRow {
  decisionDefinitionKey: string;
  decisionDefinitionId: string;
  name: string;
  version: number;
  versionTag: string | null;
  decisionRequirementsKey: string;
  decisionRequirementsId: string;
  tenantId: string;
  deploymentKey: string;
}

/** A decision requirements row as the API shows it. */
export interface DecisionRequirementsRow {
  decisionRequirementsKey: string;
  decisionRequirementsId: string;
  decisionRequirementsName: string;
  version: number;
  resourceName: string;
  tenantId: string;
}

/** A `.dmn` resource that passed validation. */
export interface CompiledDmnResource {
  readonly kind: 'dmn';
  readonly resource: { readonly name: string };
  readonly xml: string;
  readonly drg: DecisionRequirements;
  readonly checksum: string;
}

/** What deploying one `.dmn` resource created (or found unchanged). */
export interface DeployedDecisions {
  requirements: DecisionRequirementsRow;
  decisions: DecisionDefinitionRow[];
}

/** How a business-rule task names the decision it calls. */
export interface DecisionBinding {
  readonly decisionId: string;
  /** @default 'latest' */
  readonly bindingType?: 'latest' | 'deployment' | 'versionTag';
  readonly versionTag?: string;
  /** For `deployment`: the deployment of the calling process. */
  readonly deploymentKey?: string;
}

export const DECISION_COLUMNS = `d.key::text AS "decisionDefinitionKey", d.decision_id AS "decisionDefinitionId", d.name, d.version,
  d.version_tag AS "versionTag", d.decision_requirements_key::text AS "decisionRequirementsKey",
  d.decision_requirements_id AS "decisionRequirementsId", d.tenant_id AS "tenantId", d.deployment_key::text AS "deploymentKey"`;
const REQUIREMENTS_COLUMNS = `key::text AS "decisionRequirementsKey", decision_requirements_id AS "decisionRequirementsId",
  name AS "decisionRequirementsName", version, resource_name AS "resourceName", tenant_id AS "tenantId"`;
/** Compiled files kept; each is a few kilobytes, evaluations of one version share one. */
const MAX_CACHED = 500;

export class DecisionRepository {
  /** Compiled files by decision requirements key, least recently used first. */
  private readonly cache = new Map<string, Promise<DecisionRequirements>>();
  /** Keys and versions of the decisions of a file, by requirements key (immutable once deployed). */
  private readonly siblings = new Map<string, Promise<DeployedDecision['siblings']>>();

  constructor(private readonly db: Database) {}

  /**
   * Compiles a `.dmn` resource.
   * @returns the compiled resource, or the problems (every one of them) as text lines
   */
  async compile(resource: { readonly name: string; readonly content: Buffer }): Promise<CompiledDmnResource | string[]> {
    const xml = resource.content.toString('utf8');
    try {
      const drg = await compileDmn(xml);
      return { kind: 'dmn', resource, xml, drg, checksum: sha256(xml) };
    } catch (error) {
      if (error instanceof DmnValidationError) {
        return error.problems.map((p) => `${resource.name}: ${p.elementId === null ? '' : `'${p.elementId}': `}${p.message}`);
      }
      if (error instanceof DmnSecurityError) return [`${resource.name}: ${error.message}`];
      throw error;
    }
  }

  /** Stores a compiled `.dmn` resource in the caller's transaction; `takeKey` hands out fresh keys. */
  async store(sql: Sql, item: CompiledDmnResource, deploymentKey: string, tenantId: string, takeKey: () => string): Promise<DeployedDecisions> {
    const drg = item.drg;
    // Serialise deployments of the same graph id so two cannot both take version N+1.
    await sql.exec(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${tenantId}/drg/${drg.id}`]);
    const [latest] = await sql.rows<DecisionRequirementsRow & { checksum: string }>(
      `SELECT ${REQUIREMENTS_COLUMNS}, checksum FROM decision_requirements
        WHERE tenant_id = $1 AND decision_requirements_id = $2 ORDER BY version DESC LIMIT 1`,
      [tenantId, drg.id],
    );
    if (latest && latest.checksum === item.checksum) {
      const decisions = await sql.rows<DecisionDefinitionRow>(
        `SELECT ${DECISION_COLUMNS} FROM decision_definition d WHERE d.decision_requirements_key = $1 ORDER BY d.key`,
        [latest.decisionRequirementsKey],
      );
      const { checksum: _, ...requirements } = latest;
      await this.recordMembership(sql, deploymentKey, decisions);
      return { requirements, decisions };
    }
    const requirementsKey = takeKey();
    const [requirements] = await sql.rows<DecisionRequirementsRow>(
      `INSERT INTO decision_requirements (key, decision_requirements_id, name, version, resource_name, checksum, xml, deployment_key, tenant_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${REQUIREMENTS_COLUMNS}`,
      [requirementsKey, drg.id, drg.name, (latest?.version ?? 0) + 1, item.resource.name, item.checksum, item.xml, deploymentKey, tenantId],
    );
    this.remember(requirementsKey, Promise.resolve(drg));
    const decisions: DecisionDefinitionRow[] = [];
    for (const decision of drg.decisions.values()) {
      await sql.exec(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${tenantId}/decision/${decision.id}`]);
      const [row] = await sql.rows<DecisionDefinitionRow>(
        `INSERT INTO decision_definition AS d (key, decision_id, name, version, version_tag, decision_requirements_key, decision_requirements_id, deployment_key, tenant_id)
         VALUES ($1, $2, $3,
                 COALESCE((SELECT max(version) FROM decision_definition WHERE tenant_id = $8 AND decision_id = $2), 0) + 1,
                 $4, $5, $6, $7, $8)
         RETURNING ${DECISION_COLUMNS}`,
        [takeKey(), decision.id, decision.name, decision.versionTag, requirementsKey, drg.id, deploymentKey, tenantId],
      );
      decisions.push(row!);
    }
    await this.recordMembership(sql, deploymentKey, decisions);
    return { requirements: requirements!, decisions };
  }

  /** Notes that `deploymentKey` carried these decisions, new versions or unchanged ones. */
  private async recordMembership(sql: Sql, deploymentKey: string, decisions: readonly DecisionDefinitionRow[]): Promise<void> {
    await sql.exec(
      `INSERT INTO deployment_decision (deployment_key, decision_id, decision_definition_key)
       SELECT $1, * FROM unnest($2::text[], $3::bigint[]) ON CONFLICT DO NOTHING`,
      [deploymentKey, decisions.map((d) => d.decisionDefinitionId), decisions.map((d) => d.decisionDefinitionKey)],
    );
  }

  /** The compiled file of a decision requirements key (compiled once per engine process). */
  async compiled(decisionRequirementsKey: string, db: Pick<Sql, 'rows'> = this.db): Promise<DecisionRequirements> {
    const cached = this.cache.get(decisionRequirementsKey);
    if (cached) {
      this.remember(decisionRequirementsKey, cached);
      return cached;
    }
    const pending = (async () => {
      const [row] = await db.rows<{ xml: string }>(`SELECT xml FROM decision_requirements WHERE key = $1`, [decisionRequirementsKey]);
      if (!row) throw new NotFoundError(`Decision requirements with key '${decisionRequirementsKey}' not found`);
      return compileDmn(row.xml);
    })();
    this.remember(decisionRequirementsKey, pending);
    pending.catch(() => this.cache.delete(decisionRequirementsKey));
    return pending;
  }

  private remember(key: string, drg: Promise<DecisionRequirements>): void {
    this.cache.delete(key);
    this.cache.set(key, drg);
    if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
  }

  /** A resolved decision with its compiled file and the keys of its siblings, for the interpreter. */
  async deployed(row: DecisionDefinitionRow, db: Pick<Sql, 'rows'> = this.db): Promise<DeployedDecision> {
    const requirementsKey = row.decisionRequirementsKey;
    let siblings = this.siblings.get(requirementsKey);
    if (!siblings) {
      siblings = db
        .rows<{ decisionId: string; decisionDefinitionKey: string; version: number }>(
          `SELECT decision_id AS "decisionId", key::text AS "decisionDefinitionKey", version FROM decision_definition WHERE decision_requirements_key = $1`,
          [requirementsKey],
        )
        .then((rows) => new Map(rows.map((r) => [r.decisionId, { decisionDefinitionKey: r.decisionDefinitionKey, version: r.version }])));
      if (this.siblings.size >= MAX_CACHED) this.siblings.clear();
      this.siblings.set(requirementsKey, siblings);
      siblings.catch(() => this.siblings.delete(requirementsKey));
    }
    return {
      decisionDefinitionKey: row.decisionDefinitionKey,
      decisionId: row.decisionDefinitionId,
      version: row.version,
      decisionRequirementsKey: requirementsKey,
      decisionRequirementsId: row.decisionRequirementsId,
      tenantId: row.tenantId,
      siblings: await siblings,
      requirements: await this.compiled(requirementsKey, db),
    };
  }

  /** The decision a binding names in `tenantId`, or `undefined` when none is deployed. */
  async resolve(binding: DecisionBinding, tenantId: string, db: Pick<Sql, 'rows'> = this.db): Promise<DecisionDefinitionRow | undefined> {
    const type = binding.bindingType ?? 'latest';
    if (type === 'deployment') {
      // The deployment's own decisions, including those it carried unchanged.
      const [row] = await db.rows<DecisionDefinitionRow>(
        `SELECT ${DECISION_COLUMNS} FROM deployment_decision m JOIN decision_definition d ON d.key = m.decision_definition_key
          WHERE m.deployment_key = $1 AND m.decision_id = $2 AND d.tenant_id = $3`,
        [binding.deploymentKey ?? '0', binding.decisionId, tenantId],
      );
      return row;
    }
    if (type === 'versionTag') {
      const [row] = await db.rows<DecisionDefinitionRow>(
        `SELECT ${DECISION_COLUMNS} FROM decision_definition d WHERE d.tenant_id = $1 AND d.decision_id = $2 AND d.version_tag = $3
          ORDER BY d.version DESC LIMIT 1`,
        [tenantId, binding.decisionId, binding.versionTag ?? ''],
      );
      return row;
    }
    const [row] = await db.rows<DecisionDefinitionRow>(
      `SELECT ${DECISION_COLUMNS} FROM decision_definition d WHERE d.tenant_id = $1 AND d.decision_id = $2 ORDER BY d.version DESC LIMIT 1`,
      [tenantId, binding.decisionId],
    );
    return row;
  }

  /** A decision definition by key in `scope`. @throws NotFoundError */
  async byKey(key: string, scope = TenantScope.ANY): Promise<DecisionDefinitionRow> {
    const missing = `Decision definition with key '${key}' not found`;
    if (!isKey(key)) throw new NotFoundError(missing);
    const [row] = await this.db.rows<DecisionDefinitionRow>(`SELECT ${DECISION_COLUMNS} FROM decision_definition d WHERE d.key = $1`, [key]);
    if (!row) throw new NotFoundError(missing);
    scope.visible(row.tenantId, missing);
    return row;
  }

  /** The XML of a decision requirements graph, by its key or by the key of one of its decisions. @throws NotFoundError */
  async xml(ref: { decisionRequirementsKey?: string; decisionDefinitionKey?: string }, scope = TenantScope.ANY): Promise<string> {
    const key = ref.decisionRequirementsKey ?? ref.decisionDefinitionKey ?? '';
    const what = ref.decisionRequirementsKey ? 'Decision requirements' : 'Decision definition';
    const missing = `${what} with key '${key}' not found`;
    if (!isKey(key)) throw new NotFoundError(missing);
    const [row] = await this.db.rows<{ xml: string; tenantId: string }>(
      ref.decisionRequirementsKey
        ? `SELECT xml, tenant_id AS "tenantId" FROM decision_requirements WHERE key = $1`
        : `SELECT r.xml, r.tenant_id AS "tenantId" FROM decision_definition d JOIN decision_requirements r ON r.key = d.decision_requirements_key WHERE d.key = $1`,
      [key],
    );
    if (!row) throw new NotFoundError(missing);
    scope.visible(row.tenantId, missing);
    return row.xml;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

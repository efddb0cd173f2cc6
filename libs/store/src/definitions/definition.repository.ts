import { createHash } from 'node:crypto';
import { isKey } from '../keys';
import { checkXmlSafety, compileOrThrow, compileWithWarnings, GraphCache, type ProcessGraph } from '@osprey/bpmn';
import { readEarly, type Database, type Sql } from '../database';
import type { KeyAllocator } from '../keys';
import { NotFoundError, ValidationError } from '../errors';
import { TenantScope } from '../tenants/tenant-scope';
import { DecisionRepository, type CompiledDmnResource, type DeployedDecisions } from '../decisions/decision.repository';

/** A process definition row as the API shows it. */
export interface ProcessDefinitionRow {
  key: string;
  bpmnProcessId: string;
  name: string | null;
  version: number;
  versionTag: string | null;
  resourceName: string;
  tenantId: string;
  deploymentKey: string;
}

/** One resource of a deployment request. */
export interface DeploymentResource {
  readonly name: string;
  readonly content: Buffer;
}

/** What a deployment created (or found unchanged). */
export interface DeploymentResult {
  deploymentKey: string;
  tenantId: string;
  processes: { definition: ProcessDefinitionRow; graph: ProcessGraph; isNew: boolean }[];
  forms: { formKey: string; formId: string; version: number; resourceName: string; tenantId: string }[];
  /**
   * What a resource has that is odd but harmless (a diagram shape naming a missing element),
   * each prefixed with the resource name; the deployment went through.
   */
  warnings: string[];
  /** Other resources (`.proto`), versioned by name. */
  resources: { resourceKey: string; resourceName: string; version: number; tenantId: string }[];
  /** `.dmn` resources: each decision requirements graph with its decisions. */
  decisions: DeployedDecisions[];
}

/** The row without the clock the latest-version lookup reads along. */
function stripClock(found: ProcessDefinitionRow & { dbNow?: number }): ProcessDefinitionRow {
  const row = { ...found };
  delete row.dbNow;
  return row;
}

/** Explicit versions cached at most; then the cache starts afresh (a bound, not an eviction policy). */
const MAX_CACHED_VERSIONS = 10_000;

const DEFINITION_COLUMNS = `key::text AS "key", bpmn_process_id AS "bpmnProcessId", name, version,
  version_tag AS "versionTag", resource_name AS "resourceName", tenant_id AS "tenantId",
  deployment_key::text AS "deploymentKey"`;

/**
 * Deployments, process definitions, forms — and the compiled-graph cache every command reads.
 */
export class DefinitionRepository {
  private readonly cache = new GraphCache();
  /** Graphs being compiled, so concurrent first commands compile once. */
  private readonly loading = new Map<string, Promise<{ graph: ProcessGraph; row: ProcessDefinitionRow }>>();
  private readonly rows = new Map<string, ProcessDefinitionRow>();
  /** Rows of explicitly named versions, by tenant, process id and version (they never change). */
  private readonly versions = new Map<string, ProcessDefinitionRow>();
  /** Deployed DMN decisions and their compiled-file cache. */
  readonly decisions: DecisionRepository;

  constructor(
    private readonly db: Database,
    private readonly keys: KeyAllocator,
  ) {
    this.decisions = new DecisionRepository(db);
  }

  /**
   * Compiles every resource first (nothing is stored when any is invalid), then stores new
   * versions of changed processes and forms. An identical redeployment creates no new version.
   * @throws ValidationError listing every problem of every resource
   */
  async compile(resources: readonly DeploymentResource[]): Promise<CompiledResource[]> {
    const compiled: CompiledResource[] = [];
    const problems: string[] = [];
    for (const resource of resources) {
      if (resource.name.endsWith('.bpmn') || resource.name.endsWith('.xml')) {
        try {
          checkXmlSafety(resource.content);
          const xml = resource.content.toString('utf8');
          const { processes: graphs, warnings } = await compileWithWarnings(xml);
          const notes = warnings.map((w) => `${resource.name}: ${w.message}`);
          compiled.push({ kind: 'bpmn', resource, xml, graphs, checksum: sha256(xml), warnings: notes });
        } catch (error) {
          problems.push(`${resource.name}: ${(error as Error).message}`);
        }
      } else if (resource.name.endsWith('.form')) {
        const text = resource.content.toString('utf8');
        try {
          const schema = JSON.parse(text) as { id?: unknown };
          if (typeof schema.id !== 'string' || !schema.id) {
            problems.push(`${resource.name}: Expected a form with a string "id", but found none`);
          } else {
            compiled.push({ kind: 'form', resource, formId: schema.id, schema: text, checksum: sha256(text) });
          }
        } catch (error) {
          problems.push(`${resource.name}: Expected a JSON form schema, but ${(error as Error).message}`);
        }
      } else if (resource.name.endsWith('.dmn')) {
        const dmn = await this.decisions.compile(resource);
        if (Array.isArray(dmn)) problems.push(...dmn);
        else compiled.push(dmn);
      } else if (resource.name.endsWith('.proto')) {
        const text = resource.content.toString('utf8');
        compiled.push({ kind: 'resource', resource, content: text, checksum: sha256(text) });
      } else {
        problems.push(`${resource.name}: Expected a .bpmn, .dmn, .form or .proto resource, but found '${resource.name}'`);
      }
    }
    if (resources.length === 0) problems.push('Expected at least one resource, but the deployment had none');
    if (problems.length > 0) throw new ValidationError('Deployment rejected', problems);
    return compiled;
  }

  /** Stores compiled resources in the caller's transaction. */
  async store(sql: Sql, compiled: readonly CompiledResource[], tenantId: string): Promise<DeploymentResult> {
    const needed = compiled.reduce((n, item) => n + (item.kind === 'dmn' ? item.drg.decisions.size + 1 : 64), 1);
    const keys = await this.keys.take(needed, sql);
    const deploymentKey = keys.pop()!;
    await sql.exec(`INSERT INTO deployment (key, tenant_id) VALUES ($1, $2)`, [deploymentKey, tenantId]);
    const result: DeploymentResult = { deploymentKey, tenantId, processes: [], forms: [], resources: [], decisions: [], warnings: [] };
    for (const item of compiled) {
      if (item.kind === 'dmn') {
        result.decisions.push(await this.decisions.store(sql, item, deploymentKey, tenantId, () => keys.pop()!));
        continue;
      }
      if (item.kind === 'form') {
        result.forms.push(await this.storeForm(sql, item, deploymentKey, tenantId, keys.pop()!));
        continue;
      }
      if (item.kind === 'resource') {
        result.resources.push(await this.storeResource(sql, item, deploymentKey, tenantId, keys.pop()!));
        continue;
      }
      result.warnings.push(...item.warnings);
      for (const graph of item.graphs) {
        // Serialise deployments of the same process id so two concurrent deployments cannot
        // both take version N+1.
        await sql.exec(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${tenantId}/${graph.processId}`]);
        const [latest] = await sql.rows<ProcessDefinitionRow & { checksum: string }>(
          `SELECT ${DEFINITION_COLUMNS}, checksum FROM process_definition
            WHERE tenant_id = $1 AND bpmn_process_id = $2 ORDER BY version DESC LIMIT 1`,
          [tenantId, graph.processId],
        );
        const checksum = sha256(`${item.checksum}/${graph.processId}`);
        if (latest && latest.checksum === checksum) {
          result.processes.push({ definition: stripChecksum(latest), graph, isNew: false });
          continue;
        }
        const key = keys.pop()!;
        const version = (latest?.version ?? 0) + 1;
        const [row] = await sql.rows<ProcessDefinitionRow>(
          `INSERT INTO process_definition
             (key, bpmn_process_id, name, version, version_tag, resource_name, checksum, xml, deployment_key, tenant_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${DEFINITION_COLUMNS}`,
          [key, graph.processId, graph.name ?? null, version, graph.versionTag ?? null, item.resource.name, checksum, item.xml, deploymentKey, tenantId],
        );
        this.cache.set(key, graph);
        this.rows.set(key, row!);
        result.processes.push({ definition: row!, graph, isNew: true });
      }
    }
    return result;
  }

  private async storeForm(sql: Sql, item: CompiledForm, deploymentKey: string, tenantId: string, formKey: string) {
    await sql.exec(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${tenantId}/form/${item.formId}`]);
    const [latest] = await sql.rows<{ key: string; version: number; checksum: string }>(
      `SELECT key::text AS key, version, checksum FROM form WHERE tenant_id = $1 AND form_id = $2 ORDER BY version DESC LIMIT 1`,
      [tenantId, item.formId],
    );
    if (latest && latest.checksum === item.checksum) {
      return { formKey: latest.key, formId: item.formId, version: latest.version, resourceName: item.resource.name, tenantId };
    }
    const version = (latest?.version ?? 0) + 1;
    await sql.exec(
      `INSERT INTO form (key, form_id, version, resource_name, checksum, schema, deployment_key, tenant_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [formKey, item.formId, version, item.resource.name, item.checksum, item.schema, deploymentKey, tenantId],
    );
    return { formKey, formId: item.formId, version, resourceName: item.resource.name, tenantId };
  }

  private async storeResource(sql: Sql, item: CompiledFile, deploymentKey: string, tenantId: string, resourceKey: string) {
    const resourceName = item.resource.name;
    await sql.exec(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${tenantId}/resource/${resourceName}`]);
    const [latest] = await sql.rows<{ key: string; version: number; checksum: string }>(
      `SELECT key::text AS key, version, checksum FROM deployed_resource WHERE tenant_id = $1 AND resource_name = $2 ORDER BY version DESC LIMIT 1`,
      [tenantId, resourceName],
    );
    if (latest && latest.checksum === item.checksum) return { resourceKey: latest.key, resourceName, version: latest.version, tenantId };
    const version = (latest?.version ?? 0) + 1;
    await sql.exec(
      `INSERT INTO deployed_resource (key, resource_name, version, checksum, content, deployment_key, tenant_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [resourceKey, resourceName, version, item.checksum, item.content, deploymentKey, tenantId],
    );
    return { resourceKey, resourceName, version, tenantId };
  }

  /** The latest version of a deployed resource (`.proto`) by name, or undefined. */
  async resource(resourceName: string, tenantId: string): Promise<{ resourceKey: string; version: number; content: string } | undefined> {
    const [row] = await this.db.rows<{ resourceKey: string; version: number; content: string }>(
      `SELECT key::text AS "resourceKey", version, content FROM deployed_resource
        WHERE tenant_id = $1 AND resource_name = $2 ORDER BY version DESC LIMIT 1`,
      [tenantId, resourceName],
    );
    return row;
  }

  /** The compiled graph and row of a definition (cached; compiled once per engine process). */
  async get(key: string, sql?: Pick<Sql, 'rows' | 'early'>): Promise<{ graph: ProcessGraph; row: ProcessDefinitionRow }> {
    const graph = this.cache.get(key);
    const row = this.rows.get(key);
    if (graph && row) return { graph, row };
    let pending = this.loading.get(key);
    if (!pending) {
      // Inside a transaction the caller's connection loads it (see KeyAllocator.reserve).
      pending = this.load(key, sql ?? this.db).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  private async load(key: string, db: Pick<Sql, 'rows' | 'early'>) {
    if (!isKey(key)) throw new NotFoundError(`Expected a process definition key, but found '${key}'`);
    // A definition never changes once stored: the read needs no transaction (Sql.early).
    const [row] = await readEarly<ProcessDefinitionRow & { xml: string }>(
      db,
      `SELECT ${DEFINITION_COLUMNS}, xml FROM process_definition WHERE key = $1`,
      [key],
    );
    if (!row) throw new NotFoundError(`Process definition with key '${key}' not found`);
    const graphs = await compileOrThrow(row.xml);
    const graph = graphs.find((g) => g.processId === row.bpmnProcessId);
    if (!graph) throw new Error(`Stored definition ${key} no longer contains process ${row.bpmnProcessId}`);
    const clean = { ...row } as Partial<typeof row>;
    delete clean.xml;
    this.cache.set(key, graph);
    this.rows.set(key, clean as ProcessDefinitionRow);
    return { graph, row: clean as ProcessDefinitionRow };
  }

  /**
   * Latest (or a given) version of a process id. A given version never changes once deployed, so
   * it is cached; the latest is read every time (a deployment on any replica may add one), on
   * `sql` when the caller has a transaction, and then also reads that transaction's clock for
   * `onClock` (in ms since the epoch). @throws NotFoundError
   */
  async resolve(
    bpmnProcessId: string,
    version: number | undefined,
    tenantId: string,
    sql: Pick<Sql, 'rows' | 'early'> = this.db,
    onClock?: (now: number) => void,
  ): Promise<ProcessDefinitionRow> {
    const latest = version === undefined || version < 0;
    const versionKey = latest ? undefined : `${tenantId}\u0000${bpmnProcessId}\u0000${version}`;
    const cached = versionKey === undefined ? undefined : this.versions.get(versionKey);
    if (cached) return cached;
    const [found] =
      latest
        ? await readEarly<ProcessDefinitionRow & { dbNow?: number }>(
            sql,
            // The transaction's clock comes along (see onClock): one round trip less per start.
            // Definitions never change once stored, so no transaction is needed (Sql.early).
            `SELECT ${DEFINITION_COLUMNS}, (extract(epoch FROM now()) * 1000)::float8 AS "dbNow" FROM process_definition
              WHERE tenant_id = $1 AND bpmn_process_id = $2 ORDER BY version DESC LIMIT 1`,
            [tenantId, bpmnProcessId],
          )
        : await readEarly<ProcessDefinitionRow & { dbNow?: number }>(
            sql,
            `SELECT ${DEFINITION_COLUMNS} FROM process_definition WHERE tenant_id = $1 AND bpmn_process_id = $2 AND version = $3`,
            [tenantId, bpmnProcessId, version],
          );
    if (found?.dbNow !== undefined) onClock?.(Number(found.dbNow));
    const row = found && stripClock(found);
    if (!row) {
      throw new NotFoundError(
        version === undefined || version < 0
          ? `Expected to find a process definition with id '${bpmnProcessId}', but none was deployed`
          : `Expected to find version ${version} of process definition '${bpmnProcessId}', but it does not exist`,
      );
    }
    if (versionKey !== undefined) {
      if (this.versions.size >= MAX_CACHED_VERSIONS) this.versions.clear();
      this.versions.set(versionKey, row);
    }
    return row;
  }

  /** The XML of a definition in `scope`. @throws NotFoundError */
  async xml(key: string, scope = TenantScope.ANY): Promise<string> {
    const missing = `Process definition with key '${key}' not found`;
    if (!isKey(key)) throw new NotFoundError(missing);
    const [row] = await this.db.rows<{ xml: string; tenantId: string }>(`SELECT xml, tenant_id AS "tenantId" FROM process_definition WHERE key = $1`, [key]);
    if (!row) throw new NotFoundError(missing);
    scope.visible(row.tenantId, missing);
    return row.xml;
  }

  /** A deployed form by form id (latest version) or by key. */
  async form(ref: { formId?: string; formKey?: string }, tenantId: string) {
    const rows = ref.formKey
      ? await this.db.rows<FormRow>(`SELECT ${FORM_COLUMNS} FROM form WHERE key = $1`, [ref.formKey])
      : await this.db.rows<FormRow>(
          `SELECT ${FORM_COLUMNS} FROM form WHERE tenant_id = $1 AND form_id = $2 ORDER BY version DESC LIMIT 1`,
          [tenantId, ref.formId],
        );
    return rows[0];
  }
}

/** A stored form. */
export interface FormRow {
  formKey: string;
  formId: string;
  version: number;
  schema: string;
  tenantId: string;
}
const FORM_COLUMNS = `key::text AS "formKey", form_id AS "formId", version, schema, tenant_id AS "tenantId"`;

interface CompiledBpmn {
  kind: 'bpmn';
  resource: DeploymentResource;
  xml: string;
  graphs: readonly ProcessGraph[];
  checksum: string;
  /** Harmless oddities of the document, each prefixed with the resource name. */
  warnings: readonly string[];
}
interface CompiledForm {
  kind: 'form';
  resource: DeploymentResource;
  formId: string;
  schema: string;
  checksum: string;
}
interface CompiledFile {
  kind: 'resource';
  resource: DeploymentResource;
  content: string;
  checksum: string;
}
/** A resource that passed validation. */
export type CompiledResource = CompiledBpmn | CompiledForm | CompiledFile | CompiledDmnResource;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function stripChecksum(row: ProcessDefinitionRow & { checksum?: string }): ProcessDefinitionRow {
  const copy = { ...row };
  delete copy.checksum;
  return copy;
}

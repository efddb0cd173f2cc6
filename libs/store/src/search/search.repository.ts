import type { Database } from '../database';
import { isKey } from '../keys';
import { NotFoundError, ValidationError } from '../errors';
import { assertSearchShape, buildQuery, encodeCursor, type SearchRequest, type SearchSpec } from './search-query';
import * as specs from './search-specs';
import * as decisionSpecs from './decision-search-specs';
import { TenantScope } from '../tenants/tenant-scope';

/** One page of results, as Camunda's search endpoints return it. */
export interface SearchPage<T> {
  items: T[];
  page: { totalItems: number; startCursor?: string; endCursor?: string };
}

/**
 * The `/v2/.../search` endpoints and single-entity reads. Each query is one indexed statement
 * plus a count; filters are parameterised and validated against the entity's field list. Every
 * read takes the caller's {@link TenantScope} (default: unrestricted) and sees only its tenants'
 * rows, whatever the filter says.
 */
export class SearchRepository {
  constructor(private readonly db: Database) {}

  processDefinitions(request: SearchRequest, scope = TenantScope.ANY) {
    return this.search(specs.PROCESS_DEFINITION, request, scope);
  }

  processInstances(request: SearchRequest, scope = TenantScope.ANY) {
    assertSearchShape(request ?? {});
    return this.search(specs.PROCESS_INSTANCE, withoutVariables(request), scope, variableConditions(request, 'p.key'));
  }

  elementInstances(request: SearchRequest, scope = TenantScope.ANY) {
    return this.search(specs.ELEMENT_INSTANCE, request, scope);
  }

  variables(request: SearchRequest, scope = TenantScope.ANY) {
    return this.search(specs.VARIABLE, request, scope);
  }

  /**
   * @param visibleTo when given, only tasks the user is assignee or candidate user of, or that
   *   offer one of the groups (for principals that may not see every task)
   */
  userTasks(request: SearchRequest, visibleTo?: { user: string; groups: readonly string[] }, scope = TenantScope.ANY) {
    assertSearchShape(request ?? {});
    const req = aliasVariables(request, 'processInstanceVariables');
    const extra = variableConditions(req, 't.process_instance_key');
    if (visibleTo) {
      // Parameters go first in buildQuery's list, so their numbers follow the variable conditions'.
      const u = extra.params.length + 1;
      extra.conditions.push(`(t.assignee = $${u} OR $${u} = ANY(t.candidate_users) OR t.candidate_groups && $${u + 1}::text[])`);
      extra.params.push(visibleTo.user, [...visibleTo.groups]);
    }
    return this.search(specs.USER_TASK, withoutVariables(req), scope, extra);
  }

  incidents(request: SearchRequest, scope = TenantScope.ANY) {
    return this.search(specs.INCIDENT, request, scope);
  }

  jobs(request: SearchRequest, scope = TenantScope.ANY) {
    return this.search(specs.JOB, request, scope);
  }

  decisionDefinitions(request: SearchRequest, scope = TenantScope.ANY) {
    return this.search(decisionSpecs.DECISION_DEFINITION, request, scope);
  }

  decisionRequirements(request: SearchRequest, scope = TenantScope.ANY) {
    return this.search(decisionSpecs.DECISION_REQUIREMENTS, request, scope);
  }

  decisionInstances(request: SearchRequest, scope = TenantScope.ANY) {
    return this.search(decisionSpecs.DECISION_INSTANCE, request, scope);
  }

  /** A decision instance with its inputs and matched rules, or undefined. */
  async decisionInstanceDetail(decisionEvaluationInstanceKey: string, scope = TenantScope.ANY): Promise<Record<string, unknown> | undefined> {
    const { items } = await this.search<Record<string, unknown>>(
      decisionSpecs.DECISION_INSTANCE_DETAIL,
      { filter: { decisionEvaluationInstanceKey }, page: { limit: 1 } },
      scope,
    );
    return items[0];
  }

  /** One entity by key; one of a tenant out of `scope` is not found either. @throws NotFoundError */
  async one<T>(spec: SearchSpec, keyField: string, key: string, what: string, scope = TenantScope.ANY): Promise<T> {
    if (!isKey(key)) throw new NotFoundError(`${what} with key '${key}' not found`);
    const { items } = await this.search<T>(spec, { filter: { [keyField]: key }, page: { limit: 1 } }, scope, undefined, false);
    if (!items[0]) throw new NotFoundError(`${what} with key '${key}' not found`);
    return items[0];
  }

  private async search<T>(
    spec: SearchSpec,
    request: SearchRequest,
    scope: TenantScope,
    extra: { conditions: string[]; params: unknown[] } = { conditions: [], params: [] },
    withTotal = true,
  ): Promise<SearchPage<T>> {
    // The tenant condition joins the extra conditions, whose parameters come first in buildQuery.
    const tenant = scope.condition(spec.fields.tenantId!.column, extra.params);
    const q = buildQuery(spec, request ?? {}, tenant ? { conditions: [...extra.conditions, tenant], params: extra.params } : extra);
    const select = Object.entries(spec.fields)
      .map(([name, f]) => `${f.type === 'key' ? `${f.column}::text` : f.type === 'date' ? `to_char(${f.column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : f.column} AS "${name}"`)
      .join(', ');
    const n = q.params.length;
    // The page and the total are two statements: with `count(*) OVER ()` PostgreSQL had to build
    // every matching row — dates formatted, per-row subqueries run — before LIMIT, so the first
    // page of 100,000 instances took 270 ms; the bare count reads only what the filter needs.
    // A first page shorter than the limit is its own total; a look-up by key needs none.
    // Past the first page, the rows to skip are found by key alone: PostgreSQL builds the full
    // row (dates formatted, per-row subqueries) of every skipped row otherwise, 2 s at row 50,000.
    const key = spec.defaultSort.split(' ')[0]!;
    const sql =
      q.offset === 0
        ? `SELECT ${select} FROM ${spec.from} ${q.where} ${q.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`
        : `SELECT ${select} FROM ${spec.from} WHERE ${key} IN (SELECT ${key} FROM ${spec.from} ${q.where} ${q.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}) ${q.orderBy}`;
    const rows = await this.db.rows<T & object>(sql, [...q.params, q.limit, q.offset]);
    const counted = withTotal && (q.offset > 0 || rows.length >= q.limit);
    const total = counted ? Number((await this.db.rows<{ n: string }>(`SELECT count(*) AS n FROM ${spec.from} ${q.where}`, q.params))[0]?.n ?? 0) : q.offset + rows.length;
    const page: SearchPage<T>['page'] = { totalItems: total };
    if (rows.length > 0) {
      page.startCursor = encodeCursor(q.offset);
      page.endCursor = encodeCursor(q.offset + rows.length - 1);
    }
    return { items: rows.map((r) => dropNulls(r) as T), page };
  }
}

/** Camunda omits absent fields rather than sending null. */
function dropNulls(row: object): object {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

/** Camunda's user-task search calls the variables filter `processInstanceVariables`. */
function aliasVariables(request: SearchRequest, alias: string): SearchRequest {
  if (!request?.filter || !(alias in request.filter)) return request ?? {};
  const filter: Record<string, unknown> = { ...request.filter, variables: request.filter[alias] };
  delete filter[alias];
  return { ...request, filter };
}

function withoutVariables(request: SearchRequest): SearchRequest {
  if (!request?.filter || !('variables' in request.filter)) return request ?? {};
  const filter = { ...request.filter };
  delete filter.variables;
  return { ...request, filter };
}

/** `filter.variables: [{ name, value }]` — value is the variable's JSON text, as in Camunda. */
function variableConditions(request: SearchRequest, instanceColumn: string): { conditions: string[]; params: unknown[] } {
  const list = request?.filter?.variables;
  if (list === undefined) return { conditions: [], params: [] };
  if (!Array.isArray(list)) throw new ValidationError('Invalid search request', ['filter.variables: Expected an array of { name, value }']);
  const conditions: string[] = [];
  const params: unknown[] = [];
  for (const [i, v] of list.entries()) {
    if (typeof v?.name !== 'string' || typeof v?.value !== 'string') {
      throw new ValidationError('Invalid search request', [`filter.variables[${i}]: Expected { name: string, value: string (JSON) }`]);
    }
    let json: unknown;
    try {
      json = JSON.parse(v.value);
    } catch {
      json = v.value;
    }
    params.push(v.name, JSON.stringify(json));
    conditions.push(
      `EXISTS (SELECT 1 FROM variable v WHERE v.process_instance_key = ${instanceColumn} AND v.name = $${params.length - 1} AND v.value = $${params.length}::jsonb)`,
    );
  }
  return { conditions, params };
}

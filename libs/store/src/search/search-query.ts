import { ValidationError } from '../errors';
import { isKey } from '../keys';
import { isoInstant } from '../iso-instant';

/** How one API field maps to SQL. */
export interface FieldSpec {
  /** SQL expression of the column. */
  readonly column: string;
  /** `json` fields are returned but cannot be filtered or sorted on. */
  readonly type: 'key' | 'text' | 'int' | 'bool' | 'date' | 'textArray' | 'json';
  /**
   * An indexed hash of the column (`md5(<column>)`) that equality filters probe before comparing
   * the column itself: for values too large for a B-tree entry (variable values).
   */
  readonly hashed?: string;
}

/** A search entity: its table, selectable fields, and the default order. */
export interface SearchSpec {
  readonly from: string;
  readonly fields: Readonly<Record<string, FieldSpec>>;
  readonly defaultSort: string;
}

/** Camunda's search request shape. */
export interface SearchRequest {
  filter?: Record<string, unknown>;
  sort?: { field: string; order?: 'ASC' | 'DESC' | 'asc' | 'desc' }[];
  /** `from`/`limit`, or Camunda's cursors: `after` (the previous page's `endCursor`) / `before`. */
  page?: { from?: number; limit?: number; after?: string; before?: string };
}

/** An opaque page cursor: the position of a row in the ordered result. */
export function encodeCursor(position: number): string {
  return Buffer.from(JSON.stringify({ p: position })).toString('base64url');
}

function decodeCursor(cursor: unknown): number | undefined {
  if (typeof cursor !== 'string') return undefined;
  try {
    const p = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { p?: unknown }).p;
    return Number.isInteger(p) && (p as number) >= 0 && (p as number) < MAX_OFFSET ? (p as number) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Largest `page.from` (and cursor position): an int32, as Camunda types it. Beyond PostgreSQL's
 * bigint an OFFSET fails the statement, which was a 500 for a request's mistake.
 */
export const MAX_OFFSET = 2_147_483_647;

/** Largest page a search returns. */
export const MAX_PAGE_SIZE = 1000;

/** A built query: WHERE clause, ORDER BY, paging, and its parameters. */
export interface BuiltQuery {
  where: string;
  orderBy: string;
  limit: number;
  offset: number;
  params: unknown[];
}

const OPERATORS = new Set(['$eq', '$neq', '$in', '$notIn', '$like', '$gt', '$gte', '$lt', '$lte', '$exists']);

/**
 * Builds a parameterised query from a Camunda-style search request. Every field name is checked
 * against the spec (unknown → 400 naming the field); values only ever travel as parameters.
 */
export function buildQuery(spec: SearchSpec, request: SearchRequest, extra: { conditions?: string[]; params?: unknown[] } = {}): BuiltQuery {
  assertSearchShape(request);
  const params: unknown[] = [...(extra.params ?? [])];
  const conditions: string[] = [...(extra.conditions ?? [])];
  const problems: string[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  for (const [name, raw] of Object.entries(request.filter ?? {})) {
    if (raw === undefined) continue;
    const field = spec.fields[name];
    if (!field || field.type === 'json') {
      problems.push(`filter.${name}: Expected one of ${filterable(spec).join(', ')}, but found '${name}'`);
      continue;
    }
    const ops = isOperatorObject(raw) ? (raw as Record<string, unknown>) : { $eq: raw };
    for (const [op, value] of Object.entries(ops)) {
      if (!OPERATORS.has(op)) {
        problems.push(`filter.${name}: Expected an operator (${[...OPERATORS].join(', ')}), but found '${op}'`);
        continue;
      }
      const col = field.column;
      const cast = sqlCast(field.type);
      const checked = (v: unknown) => {
        const err = checkValue(field.type, v);
        if (err) problems.push(`filter.${name}: ${err}`);
        return field.type === 'date' ? (isoInstant(v) ?? v) : v;
      };
      switch (op) {
        case '$eq':
          if (field.type === 'textArray') conditions.push(`${p(checked(value))}::text = ANY(${col})`);
          else if (field.hashed) {
            const v = p(checked(value));
            conditions.push(`${field.hashed} = md5(${v}::text) AND ${col} = ${v}::text`);
          } else conditions.push(`${col} = ${p(checked(value))}${cast}`);
          break;
        case '$neq':
          conditions.push(`${col} IS DISTINCT FROM ${p(checked(value))}${cast}`);
          break;
        case '$in':
        case '$notIn': {
          if (!Array.isArray(value)) {
            problems.push(`filter.${name}.${op}: Expected an array, but found ${typeof value}`);
            break;
          }
          value.forEach(checked);
          const arr = `${p(value.map(String))}::text[]`;
          if (field.type === 'textArray') conditions.push(`${op === '$in' ? '' : 'NOT '}(${col} && ${arr})`);
          else if (field.hashed && op === '$in') {
            conditions.push(`${field.hashed} = ANY(ARRAY(SELECT md5(x) FROM unnest(${arr}) x)) AND ${col}::text = ANY(${arr})`);
          } else conditions.push(`${op === '$in' ? '' : 'NOT '}(${col}::text = ANY(${arr}))`);
          break;
        }
        case '$like':
          conditions.push(`${col}::text LIKE ${p(String(value).replace(/\*/g, '%').replace(/\?/g, '_'))}`);
          break;
        case '$gt':
        case '$gte':
        case '$lt':
        case '$lte': {
          const sym = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[op];
          conditions.push(`${col} ${sym} ${p(checked(value))}${cast}`);
          break;
        }
        case '$exists':
          conditions.push(`${col} IS ${value ? 'NOT ' : ''}NULL`);
          break;
      }
    }
  }
  const order: string[] = [];
  for (const s of request.sort ?? []) {
    const field = spec.fields[s.field];
    if (!field || field.type === 'json') {
      problems.push(`sort.field: Expected one of ${filterable(spec).join(', ')}, but found '${s.field}'`);
      continue;
    }
    order.push(`${field.column} ${String(s.order ?? 'ASC').toUpperCase() === 'DESC' ? 'DESC' : 'ASC'}`);
  }
  order.push(spec.defaultSort);
  const limit = request.page?.limit ?? 100;
  let from = request.page?.from ?? 0;
  if (request.page?.after !== undefined) {
    const p = decodeCursor(request.page.after);
    if (p === undefined) problems.push(`page.after: Expected a cursor from a previous page, but found ${JSON.stringify(request.page.after)}`);
    else from = p + 1;
  } else if (request.page?.before !== undefined) {
    const p = decodeCursor(request.page.before);
    if (p === undefined) problems.push(`page.before: Expected a cursor from a previous page, but found ${JSON.stringify(request.page.before)}`);
    else from = Math.max(0, p - (Number.isInteger(limit) ? limit : 100));
  }
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    problems.push(`page.limit: Expected an integer between 0 and ${MAX_PAGE_SIZE}, but found ${JSON.stringify(limit)}`);
  }
  if (!Number.isInteger(from) || from < 0 || from > MAX_OFFSET) problems.push(`page.from: Expected an integer between 0 and ${MAX_OFFSET}, but found ${JSON.stringify(from)}`);
  if (problems.length > 0) throw new ValidationError('Invalid search request', problems);
  return {
    where: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '',
    orderBy: `ORDER BY ${order.join(', ')}`,
    limit,
    offset: from,
    params,
  };
}

/**
 * Checks that a search request is an object whose `filter`, `sort` and `page` have the shapes a
 * search reads (before anything reads them).
 * @throws ValidationError naming each part that does not
 */
export function assertSearchShape(request: unknown): void {
  const problems = shapeProblems(request);
  if (problems.length > 0) throw new ValidationError('Invalid search request', problems);
}

function shapeProblems(request: unknown): string[] {
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(request)) return [`body: Expected a JSON object, but found ${Array.isArray(request) ? 'an array' : typeof request}`];
  const { filter, sort, page } = request as Record<string, unknown>;
  const problems: string[] = [];
  if (filter !== undefined && filter !== null && !isObject(filter)) problems.push('filter: Expected an object of field conditions');
  if (page !== undefined && page !== null && !isObject(page)) problems.push('page: Expected an object with from/limit or after/before');
  if (sort !== undefined && sort !== null && (!Array.isArray(sort) || !sort.every((s) => isObject(s) && typeof (s as { field?: unknown }).field === 'string'))) {
    problems.push('sort: Expected an array of { field, order } objects');
  }
  return problems;
}

function filterable(spec: SearchSpec): string[] {
  return Object.entries(spec.fields)
    .filter(([, f]) => f.type !== 'json')
    .map(([n]) => n);
}

function isOperatorObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).some((k) => k.startsWith('$'));
}

function sqlCast(type: FieldSpec['type']): string {
  switch (type) {
    case 'key':
      return '::bigint';
    case 'int':
      return '::int';
    case 'bool':
      return '::boolean';
    case 'date':
      return '::timestamptz';
    default:
      return '::text';
  }
}

function checkValue(type: FieldSpec['type'], v: unknown): string | undefined {
  switch (type) {
    // Keys are strings of digits; a client that sends int64 values as JSON numbers is understood too.
    case 'key':
      return (typeof v === 'string' && isKey(v)) || (Number.isSafeInteger(v) && (v as number) >= 0)
        ? undefined
        : `Expected a key (a string of digits), but found ${JSON.stringify(v)}`;
    // Camunda's clients in strict mode send 64-bit integers as decimal strings.
    case 'int':
      return Number.isInteger(v) || (typeof v === 'string' && /^-?\d{1,10}$/.test(v))
        ? undefined
        : `Expected an integer, but found ${JSON.stringify(v)}`;
    case 'bool':
      return typeof v === 'boolean' ? undefined : `Expected a boolean, but found ${JSON.stringify(v)}`;
    case 'date':
      return isoInstant(v) !== undefined ? undefined : `Expected an ISO 8601 date-time, but found ${JSON.stringify(v)}`;
    default:
      return typeof v === 'string' ? undefined : `Expected a string, but found ${JSON.stringify(v)}`;
  }
}

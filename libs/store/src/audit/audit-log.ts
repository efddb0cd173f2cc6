import type { Database, Rider, Sql } from '../database';
import { isKey } from '../keys';
import { isoInstant } from '../iso-instant';
import { ValidationError } from '../errors';
import { AUDIT_COLUMNS, AUDIT_FROM, type AuditEntry } from './audit-chain';
import { auditScope, type AuditEntryInput } from './audit-scope';

/** Filters of {@link AuditLog.search} and {@link AuditLog.export}; every one optional. */
export interface AuditFilter {
  /** Inclusive lower bound on `occurredAt` (ISO 8601). */
  readonly from?: string;
  /** Exclusive upper bound on `occurredAt` (ISO 8601). */
  readonly to?: string;
  readonly actorId?: string;
  /** Exact operation, e.g. `POST /v2/process-instances`. */
  readonly operation?: string;
  /** A key among the entry's targets (any parameter name). */
  readonly targetKey?: string;
  readonly outcome?: string;
}

/** Largest page {@link AuditLog.search} returns. */
export const MAX_AUDIT_PAGE = 1000;

// Written in the command's transaction, as its last statement. The WHERE makes it a no-op for
// transactions that changed nothing (no transaction id assigned yet), such as an activation
// that found no job; the request then gets its entry after the response status is known.
const INSERT_IN_TRANSACTION = `
  INSERT INTO audit_entry (actor_kind, actor_id, operation, targets, summary, outcome, status, ip, user_agent, request_id)
  SELECT $1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8, $9, $10
   WHERE pg_current_xact_id_if_assigned() IS NOT NULL
  RETURNING id::text AS id`;

// Rides in the command's first write statement (`Database.writeRider`): that statement writes
// rows, so the transaction changed something by construction.
const INSERT_RIDING = `
  INSERT INTO audit_entry (actor_kind, actor_id, operation, targets, summary, outcome, status, ip, user_agent, request_id)
  VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8, $9, $10)`;

const INSERT = `
  INSERT INTO audit_entry (actor_kind, actor_id, operation, targets, summary, outcome, status, ip, user_agent, request_id)
  VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8, $9, $10)
  RETURNING id::text AS id`;

/**
 * The audit log's write and read side (docs/audit.md). {@link install} hooks every transaction
 * of the database: inside an {@link auditScope}, the first transaction that changes something
 * also inserts the request's entry, so the change and its entry commit or roll back together.
 *
 * @example
 * const audit = new AuditLog(engine.db);
 * audit.install();
 * await auditScope.run(scope, () => engine.instances.start(request));
 */
export class AuditLog {
  constructor(private readonly db: Database) {}

  /**
   * Sets the database's `writeRider` (the entry joins a command's first write statement, with no
   * round trip of its own) and its `beforeCommit` hook (keeping one already set), for
   * transactions that write no batched statement. Idempotent.
   */
  install(): void {
    this.db.writeRider = () => this.rider();
    const previous = this.db.beforeCommit;
    if (previous && (previous as { audit?: true }).audit) return;
    const hook = async (sql: Sql) => {
      if (previous) await previous(sql);
      await this.inTransaction(sql);
    };
    this.db.beforeCommit = Object.assign(hook, { audit: true as const });
  }

  /** The current scope's entry as a statement riding in a write of the caller's transaction, once per scope. */
  private rider(): Rider | undefined {
    const scope = auditScope.getStore();
    if (!scope || scope.written) return undefined;
    scope.written = true;
    return {
      text: INSERT_RIDING,
      params: params({ ...scope.describe(), outcome: 'SUCCEEDED', status: null }),
      // The entry rolled back with the transaction: a later transaction or the response writes it.
      rolledBack: () => {
        scope.written = false;
      },
    };
  }

  /** Writes the current scope's entry in the caller's transaction, once per scope. */
  async inTransaction(sql: Sql): Promise<void> {
    const scope = auditScope.getStore();
    if (!scope || scope.written) return;
    const rows = await sql.rows(INSERT_IN_TRANSACTION, params({ ...scope.describe(), outcome: 'SUCCEEDED', status: null }));
    if (rows.length > 0) scope.written = true;
  }

  /** Writes an entry in a transaction of its own (failed and denied requests, retention). Returns its id. */
  async record(entry: AuditEntryInput): Promise<string> {
    // Outside any scope: this transaction must not carry the request's entry a second time.
    return auditScope.exit(() =>
      this.db.transaction(async (sql) => {
        const [row] = await sql.rows<{ id: string }>(INSERT, params(entry));
        return row!.id;
      }),
    );
  }

  /** One page of entries in id order, after `after` (an id). */
  async search(filter: AuditFilter, page: { limit?: number; after?: string } = {}): Promise<{ items: AuditEntry[]; totalItems: number; endCursor?: string }> {
    const limit = Math.max(1, Math.min(page.limit ?? 100, MAX_AUDIT_PAGE));
    const { where, params: values } = conditions(filter);
    const [count] = await this.db.rows<{ n: string }>(`SELECT count(*)::text AS n FROM audit_entry e WHERE ${where}`, values);
    const after = page.after === undefined ? null : cursor(page.after);
    const items = await this.db.rows<AuditEntry>(
      `SELECT ${AUDIT_COLUMNS} FROM ${AUDIT_FROM} WHERE ${where} AND ($${values.length + 1}::bigint IS NULL OR e.id > $${values.length + 1}::bigint)
        ORDER BY e.id LIMIT ${limit}`,
      [...values, after],
    );
    return { items, totalItems: Number(count!.n), endCursor: items.at(-1)?.id };
  }

  /** Every entry matching `filter`, in id order, read 500 at a time (keyset paging). */
  async *export(filter: AuditFilter): AsyncGenerator<AuditEntry> {
    let after: string | undefined;
    for (;;) {
      const { items } = await this.search(filter, { limit: 500, after });
      yield* items;
      if (items.length < 500) return;
      after = items.at(-1)!.id;
    }
  }
}

function params(e: AuditEntryInput): unknown[] {
  return [e.actorKind, e.actorId, e.operation, JSON.stringify(e.targets), e.summary === undefined ? null : JSON.stringify(e.summary), e.outcome, e.status, e.ip, e.userAgent, e.requestId];
}

function cursor(value: string): string {
  if (!isKey(value)) throw new ValidationError('Invalid audit search', [`page.after: Expected an entry id (digits), but found '${value}'`]);
  return value;
}

function conditions(filter: AuditFilter): { where: string; params: unknown[] } {
  const where: string[] = ['true'];
  const values: unknown[] = [];
  const problems: string[] = [];
  const add = (sql: (n: number) => string, value: unknown) => {
    values.push(value);
    where.push(sql(values.length));
  };
  for (const bound of ['from', 'to'] as const) {
    const value = filter[bound];
    if (value === undefined) continue;
    const instant = isoInstant(value);
    if (!instant) problems.push(`${bound}: Expected an ISO 8601 date-time, but found '${String(value)}'`);
    else add((n) => (bound === 'from' ? `e.occurred_at >= $${n}::timestamptz` : `e.occurred_at < $${n}::timestamptz`), instant);
  }
  for (const [field, column] of [['actorId', 'actor_id'], ['operation', 'operation'], ['outcome', 'outcome']] as const) {
    const value = filter[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') problems.push(`${field}: Expected a string, but found ${typeof value}`);
    else add((n) => `e.${column} = $${n}`, value);
  }
  if (filter.targetKey !== undefined) add((n) => `EXISTS (SELECT 1 FROM jsonb_each_text(e.targets) t WHERE t.value = $${n}::text)`, String(filter.targetKey));
  if (problems.length > 0) throw new ValidationError('Invalid audit filter', problems);
  return { where: where.join(' AND '), params: values };
}

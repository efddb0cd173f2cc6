import { createHash } from 'node:crypto';

/** The `prev_hash` of the first entry ever sealed. */
export const GENESIS_HASH = '0'.repeat(64);

/** An audit row as read back: the hashed fields plus the chain columns. */
export interface AuditEntry {
  readonly id: string;
  readonly seq: string | null;
  readonly kind: 'REQUEST' | 'RETENTION';
  /** Database clock, UTC, microseconds: `2026-01-02T03:04:05.123456Z`. */
  readonly occurredAt: string;
  readonly actorKind: string | null;
  readonly actorId: string | null;
  readonly operation: string;
  readonly targets: Record<string, string>;
  readonly summary: unknown;
  readonly outcome: string;
  readonly status: number | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string | null;
  readonly prevHash: string | null;
  readonly hash: string | null;
  /** False until the sealer chained the entry. */
  readonly sealed: boolean;
}

/**
 * The SELECT list that reads an {@link AuditEntry} from {@link AUDIT_FROM}. The timestamp is
 * rendered by the database in one fixed format, so the hashed text never depends on the
 * session's time zone.
 */
export const AUDIT_COLUMNS = `e.id::text AS id, s.seq::text AS seq, e.kind,
  to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt",
  e.actor_kind AS "actorKind", e.actor_id AS "actorId", e.operation, e.targets, e.summary, e.outcome, e.status,
  e.ip, e.user_agent AS "userAgent", e.request_id AS "requestId", s.prev_hash AS "prevHash", s.hash,
  s.seq IS NOT NULL AS sealed`;

/**
 * Entries (`e`) with their seals (`s`) where they have one. Entries are never updated: the
 * sealer appends a row to `audit_seal` per entry (docs/adr/0033-audit-seals-appended.md).
 */
export const AUDIT_FROM = `audit_entry e LEFT JOIN audit_seal s ON s.entry_id = e.id`;

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `sha256(prevHash || canonical_json(entry))` over every field but the chain columns, hex. */
export function entryHash(prevHash: string, entry: AuditEntry, seq: string): string {
  const content = {
    seq,
    id: entry.id,
    kind: entry.kind,
    occurredAt: entry.occurredAt,
    actorKind: entry.actorKind,
    actorId: entry.actorId,
    operation: entry.operation,
    targets: entry.targets,
    summary: entry.summary,
    outcome: entry.outcome,
    status: entry.status,
    ip: entry.ip,
    userAgent: entry.userAgent,
    requestId: entry.requestId,
  };
  return createHash('sha256').update(prevHash).update(canonicalJson(content)).digest('hex');
}

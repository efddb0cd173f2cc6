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
 * The SELECT list that reads an {@link AuditEntry}. The timestamp is rendered by the database
 * in one fixed format, so the hashed text never depends on the session's time zone.
 */
export const AUDIT_COLUMNS = `id::text AS id, seq::text AS seq, kind,
  to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt",
  actor_kind AS "actorKind", actor_id AS "actorId", operation, targets, summary, outcome, status,
  ip, user_agent AS "userAgent", request_id AS "requestId", prev_hash AS "prevHash", hash,
  seq IS NOT NULL AS sealed`;

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

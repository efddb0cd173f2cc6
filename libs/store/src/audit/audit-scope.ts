import { AsyncLocalStorage } from 'node:async_hooks';

/** How a request ended, as the audit log records it. */
export type AuditOutcome = 'SUCCEEDED' | 'REJECTED' | 'DENIED' | 'FAILED';

/** What an audit entry says about one request (or one system action such as retention). */
export interface AuditEntryInput {
  /** How the caller proved who it is (`oidc`, `api-key`, `dev-token`, `anonymous`), `system`, or null when unauthenticated. */
  readonly actorKind: string | null;
  /** Username or API key id; null when unauthenticated. */
  readonly actorId: string | null;
  /** Method and route pattern: `POST /v2/jobs/:key/completion`. */
  readonly operation: string;
  /** The keys the request addresses (its path parameters). */
  readonly targets: Readonly<Record<string, string>>;
  /** A compact, redacted request summary (at most 2 KB); never credentials. */
  readonly summary: unknown;
  readonly outcome: AuditOutcome;
  /** HTTP status; null when written inside the command's transaction, before the response. */
  readonly status: number | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string | null;
}

/**
 * The audit state of one request, carried through its async calls by {@link auditScope}. The
 * web layer opens it; {@link AuditLog} writes the entry in the first transaction that changes
 * something, or afterwards when none did.
 */
export interface AuditScope {
  /** Describes the request; called when the entry is written, so the principal is known. */
  describe(): Omit<AuditEntryInput, 'outcome' | 'status'>;
  /** Set once the entry rode along in a transaction. */
  written: boolean;
}

/** The request being audited, if any. Framework-free: any web layer can open it with `run`. */
export const auditScope = new AsyncLocalStorage<AuditScope>();

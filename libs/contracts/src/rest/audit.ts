import { Type, type Static } from '@sinclair/typebox';
import type { RouteContract } from './route-contract';
import { Nullable } from './common';

/** Largest page of audit entries one search answers. */
export const MAX_AUDIT_SEARCH_PAGE = 1000;

/** An ISO 8601 instant; the store checks it (a request schema's `format` would need a registered checker). */
const Instant = Type.String({ description: 'an ISO 8601 date-time' });

/** `POST /v2/audit/search`: entries oldest first, paged by the previous page's `endCursor`. */
export const AuditSearchRequest = Type.Object({
  filter: Type.Optional(
    Type.Object({
      /** Inclusive lower bound on `occurredAt`. */
      from: Type.Optional(Instant),
      /** Exclusive upper bound on `occurredAt`. */
      to: Type.Optional(Instant),
      actorId: Type.Optional(Type.String()),
      /** Exact operation, e.g. `POST /v2/process-instances`. */
      operation: Type.Optional(Type.String()),
      /** A key among the entry's targets (any parameter name). */
      targetKey: Type.Optional(Type.String()),
      outcome: Type.Optional(Type.String()),
    }),
  ),
  page: Type.Optional(
    Type.Object({
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_AUDIT_SEARCH_PAGE, description: `an integer between 1 and ${MAX_AUDIT_SEARCH_PAGE}` })),
      after: Type.Optional(Type.String()),
    }),
  ),
});
export type AuditSearchRequest = Static<typeof AuditSearchRequest>;

/** One entry of the audit log. */
export const AuditEntry = Type.Object({
  id: Type.String(),
  seq: Nullable(Type.String({ description: 'Position in the hash chain; null until sealed' })),
  kind: Type.Union([Type.Literal('REQUEST'), Type.Literal('RETENTION')]),
  occurredAt: Type.String({ format: 'date-time' }),
  actorKind: Nullable(Type.String()),
  actorId: Nullable(Type.String()),
  operation: Type.String({ example: 'POST /v2/jobs/:key/completion' }),
  targets: Type.Record(Type.String(), Type.String()),
  summary: Type.Unknown({ nullable: true }),
  outcome: Type.Union([Type.Literal('SUCCEEDED'), Type.Literal('REJECTED'), Type.Literal('DENIED'), Type.Literal('FAILED')]),
  status: Nullable(Type.Integer()),
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
  prevHash: Nullable(Type.String()),
  hash: Nullable(Type.String()),
  sealed: Type.Boolean(),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditSearchResponse = Type.Object({
  items: Type.Array(AuditEntry),
  page: Type.Object({ totalItems: Type.Integer({ minimum: 0 }), endCursor: Type.Optional(Type.String()) }),
});

/** What recomputing the hash chain found. */
export const AuditVerification = Type.Object({
  valid: Type.Boolean(),
  checked: Type.Integer(),
  unsealed: Type.Integer(),
  tip: Type.Optional(Type.Object({ seq: Type.String(), hash: Type.String() })),
  firstInvalid: Type.Optional(Type.Object({ id: Type.String(), seq: Type.String(), reason: Type.String() })),
});

const tag = 'Audit';
const bound = (description: string) => Type.String({ format: 'date-time', description });

export const VERIFY_AUDIT: RouteContract = { method: 'get', path: '/v2/audit/verify', tag, summary: 'Recompute the audit hash chain (Osprey, admins)', response: AuditVerification };
export const SEARCH_AUDIT: RouteContract = {
  method: 'post',
  path: '/v2/audit/search',
  tag,
  summary: 'Search audit entries, oldest first (Osprey, admins)',
  body: AuditSearchRequest,
  bodyRequired: false,
  response: AuditSearchResponse,
};
export const EXPORT_AUDIT: RouteContract = {
  method: 'get',
  path: '/v2/audit/export',
  tag,
  summary: 'Export audit entries as JSON lines, streamed (Osprey, admins)',
  query: { from: bound('Inclusive lower bound on occurredAt'), to: bound('Exclusive upper bound on occurredAt') },
  response: AuditEntry,
  produces: 'application/x-ndjson',
};
/** The audit routes, for auditors (right `audit`, held by admins). */
export const AUDIT_ROUTES: readonly RouteContract[] = [VERIFY_AUDIT, SEARCH_AUDIT, EXPORT_AUDIT];

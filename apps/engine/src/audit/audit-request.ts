import type { FastifyRequest } from 'fastify';
import type { AuditEntryInput } from '@osprey/store';
import { principalOf } from '../auth/principal';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Largest request summary kept, in bytes of JSON. */
export const MAX_SUMMARY_BYTES = 2048;

/** Strings longer than this are shortened in a summary, in characters. */
const MAX_STRING = 200;

/** Keys whose values are never kept, at any depth. */
const SECRET_KEY = /pass(word)?|secret|token|credential|api[-_]?key|authori[sz]ation|cookie|private[-_]?key/i;

/**
 * Whether a request changes state and so gets an audit entry: POST, PUT, PATCH and DELETE
 * under `/v2`, except searches (`…/search`) and sign-in, which change nothing, and job
 * activation: workers long-poll it many times a second, and a lease changes no business
 * state — the job's completion, failure or error that follows is audited.
 */
export function isAuditedWrite(method: string, route: string | undefined): boolean {
  if (!route || !route.startsWith('/v2/') || !WRITES.has(method.toUpperCase())) return false;
  return !route.endsWith('/search') && route !== '/v2/osprey/sign-in' && route !== '/v2/jobs/activation';
}

/** What the entry says about `req`: who, what, from where. Read when the entry is written. */
export function describeRequest(req: FastifyRequest): Omit<AuditEntryInput, 'outcome' | 'status'> {
  const who = principalOf(req);
  const requestId = req.headers['x-request-id'];
  const userAgent = req.headers['user-agent'];
  return {
    actorKind: who?.kind ?? null,
    actorId: who?.id ?? null,
    operation: `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`,
    targets: targetsOf(req.params),
    summary: summarize(req),
    ip: req.ip ?? null,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 256) : null,
    requestId: (typeof requestId === 'string' && requestId ? requestId : req.id).slice(0, 128),
  };
}

function targetsOf(params: unknown): Record<string, string> {
  const targets: Record<string, string> = {};
  for (const [name, value] of Object.entries((params ?? {}) as Record<string, unknown>)) targets[name] = String(value).slice(0, 256);
  return targets;
}

/**
 * A compact summary of the body: secrets redacted, long strings shortened, and at most
 * {@link MAX_SUMMARY_BYTES} — past that only the top-level scalars and the names of the other
 * fields are kept, so large variable values never reach the log.
 */
export function summarize(req: Pick<FastifyRequest, 'body' | 'headers'>): unknown {
  const type = String(req.headers['content-type'] ?? '');
  if (type.startsWith('multipart/')) return { body: 'multipart/form-data' };
  if (req.body === undefined || req.body === null) return null;
  const redacted = redact(req.body, 0);
  if (Buffer.byteLength(JSON.stringify(redacted)) <= MAX_SUMMARY_BYTES) return redacted;
  if (!redacted || typeof redacted !== 'object' || Array.isArray(redacted)) return { truncated: true };
  const kept: Record<string, unknown> = { truncated: true };
  const omitted: string[] = [];
  for (const [k, v] of Object.entries(redacted)) {
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) kept[k] = v;
    else omitted.push(k);
  }
  kept.omitted = omitted;
  return Buffer.byteLength(JSON.stringify(kept)) <= MAX_SUMMARY_BYTES ? kept : { truncated: true, fields: Object.keys(redacted).slice(0, 50) };
}

function redact(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, 64)}…(${value.length} chars)` : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= 6) return '…';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  // Like arrays, objects keep their first 50 fields: a body of 100,000 variables must not cost
  // the event loop a walk over all of them just to be summarized.
  let kept = 0;
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    if (kept++ === 50) {
      out['…'] = 'more fields omitted';
      break;
    }
    const v = (value as Record<string, unknown>)[k];
    out[k] = SECRET_KEY.test(k) ? '[REDACTED]' : redact(v, depth + 1);
  }
  return out;
}

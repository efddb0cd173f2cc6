// A small HTTP caller for the chaos suite: never throws on a status (a 500 or 503 is data here),
// tags every request with its own X-Request-Id so the audit log can be matched against what
// was acknowledged, and gives up after a timeout.
import { randomUUID } from 'node:crypto';

/**
 * One call. Resolves `{ status, body, requestId, ms, headers }`; a connection error or timeout
 * resolves with `status: 0` and `error`.
 * @param {string} base engine URL
 * @param {string} method
 * @param {string} path
 * @param {{ key?: string, body?: unknown, raw?: string, timeoutMs?: number, headers?: Record<string,string> }} options
 */
export async function call(base, method, path, { key, body, raw, timeoutMs = 15_000, headers = {} } = {}) {
  const requestId = `chaos-${randomUUID()}`;
  const h = { 'x-request-id': requestId, ...headers };
  if (key) h.authorization = `Bearer ${key}`;
  let payload;
  if (raw !== undefined) {
    payload = raw;
    h['content-type'] ??= 'application/json';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    h['content-type'] = 'application/json';
  }
  const t0 = performance.now();
  try {
    const res = await fetch(`${base}${path}`, { method, headers: h, body: payload, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed, requestId, ms: performance.now() - t0, headers: res.headers };
  } catch (error) {
    return { status: 0, body: null, requestId, ms: performance.now() - t0, error: error.cause?.code ?? error.name ?? String(error) };
  }
}

/** Deploys BPMN resources (`{ name, content }[]`) as multipart; resolves with the call result. */
export async function deploy(base, key, resources, tenantId) {
  const form = new FormData();
  for (const { name, content } of resources) form.append('resources', new Blob([content], { type: 'application/xml' }), name);
  if (tenantId) form.append('tenantId', tenantId);
  const res = await fetch(`${base}/v2/deployments`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form });
  const body = await res.json().catch(() => null);
  if (res.status !== 200) throw new Error(`Expected the deployment to answer 200, but it answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

/** Counts statuses: `{ "200": 12, "0": 1 }`. */
export class StatusCounts {
  constructor() {
    this.counts = {};
  }

  add(status) {
    this.counts[status] = (this.counts[status] ?? 0) + 1;
  }

  /** How many answered with a status in [from, to). */
  between(from, to) {
    return Object.entries(this.counts)
      .filter(([s]) => Number(s) >= from && Number(s) < to)
      .reduce((a, [, n]) => a + n, 0);
  }

  toString() {
    return Object.entries(this.counts)
      .map(([s, n]) => `${s === '0' ? 'no answer' : s}×${n}`)
      .join(' ');
  }
}

import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ConnectorError } from '../connector';
import type { OutboundGuard } from '../outbound/outbound-guard';

/** Largest response body a connector reads: 1 MB. Variables are stored per instance; more is a payload, not a result. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;
/** Redirects followed per call; each hop is checked against the allow-list like the first. */
export const MAX_REDIRECTS = 5;

/** One HTTP request. */
export interface HttpRequestSpec {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
}

/** An HTTP answer with its body read (at most {@link MAX_RESPONSE_BYTES}). */
export interface HttpAnswer {
  readonly status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** The aborts of one call: its own timeout, and the engine shutting down. */
export interface CallSignals {
  readonly timeout: AbortSignal;
  readonly shutdown: AbortSignal;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Credentials that must not follow a redirect to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * Sends a request and follows redirects (at most {@link MAX_REDIRECTS}); every hop passes
 * `guard` first, so a redirect to a host outside the allow-list is refused before any
 * connection is made.
 * @throws ConnectorError (HOST_NOT_ALLOWED, REQUEST_FAILED, TIMEOUT, RESPONSE_TOO_LARGE);
 *   the shutdown signal's own reason when the engine stops
 */
export async function exchange(spec: HttpRequestSpec, guard: OutboundGuard, signals: CallSignals): Promise<HttpAnswer> {
  let current = spec;
  for (let hop = 0; ; hop++) {
    const answer = await sendOnce(current, guard, signals);
    const location = answer.headers.location;
    if (!REDIRECTS.has(answer.status) || !location) return answer;
    if (hop >= MAX_REDIRECTS) {
      throw new ConnectorError('REQUEST_FAILED', `Expected at most ${MAX_REDIRECTS} redirects, but ${shown(current)} redirected again`);
    }
    let next: URL;
    try {
      next = new URL(location, current.url);
    } catch {
      throw new ConnectorError('REQUEST_FAILED', `Expected a URL in the redirect from ${shown(current)}, but found '${location.slice(0, 200)}'`);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new ConnectorError('HOST_NOT_ALLOWED', `Expected a redirect to http or https, but ${shown(current)} redirected to ${next.protocol}`);
    }
    // As browsers do: 303 always, and 301/302 after a POST, continue with a GET without body.
    const toGet = answer.status === 303 || ((answer.status === 301 || answer.status === 302) && current.method === 'POST');
    const headers = { ...current.headers };
    if (toGet) for (const h of Object.keys(headers)) if (/^content-/i.test(h)) delete headers[h];
    if (next.origin !== current.url.origin) for (const h of Object.keys(headers)) if (CREDENTIAL_HEADERS.includes(h.toLowerCase())) delete headers[h];
    current = { method: toGet && current.method !== 'HEAD' ? 'GET' : current.method, url: next, headers, body: toGet ? undefined : current.body };
  }
}

async function sendOnce(spec: HttpRequestSpec, guard: OutboundGuard, signals: CallSignals): Promise<HttpAnswer> {
  const { url } = spec;
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  const signal = AbortSignal.any([signals.timeout, signals.shutdown]);
  const failure = (error: unknown): unknown => {
    if (signals.shutdown.aborted) return signals.shutdown.reason;
    if (signals.timeout.aborted) return new ConnectorError('TIMEOUT', `Expected an answer from ${shown(spec)} within the timeout, but none came`, { cause: error });
    if (error instanceof ConnectorError) return error;
    // Node refuses a header name or value with forbidden characters before sending anything.
    if (/^ERR_INVALID_(CHAR|HTTP_TOKEN)$/.test((error as { code?: string }).code ?? '')) {
      return new ConnectorError('INVALID_CONFIGURATION', `Expected valid request headers for ${shown(spec)}, but ${(error as Error).message}`, { cause: error });
    }
    return new ConnectorError('REQUEST_FAILED', `Expected to reach ${shown(spec)}, but ${(error as Error).message}`, { cause: error });
  };
  // The name lookup counts against the call's timeout too.
  const target = await Promise.race([
    guard.check(url.hostname, port),
    new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(failure(signal.reason)), { once: true })),
  ]);
  if (signal.aborted) throw failure(signal.reason);
  return new Promise<HttpAnswer>((resolve, reject) => {
    // Also settles when the answer stalls mid-body: the abort may not surface as a stream error.
    signal.addEventListener('abort', () => reject(failure(signal.reason)), { once: true });
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    // A fresh connection per call (no agent): pooled sockets would outlive the address check.
    const req = send(url, { method: spec.method, headers: spec.headers, lookup: target.lookup, agent: false, signal }, (res) => {
      const tooLarge = () =>
        new ConnectorError('RESPONSE_TOO_LARGE', `Expected an answer of at most ${MAX_RESPONSE_BYTES} bytes from ${shown(spec)}, but it is larger`);
      const refuse = () => {
        reject(tooLarge());
        req.destroy();
      };
      if (Number(res.headers['content-length'] ?? 0) > MAX_RESPONSE_BYTES) return refuse();
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) refuse();
        else chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: flatten(res.headers), body: Buffer.concat(chunks) }));
      res.on('error', (error) => reject(failure(error)));
    });
    req.on('error', (error) => reject(failure(error)));
    req.end(spec.body);
  });
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** Method, origin and path of a request, for messages: the query may hold credentials, so it is left out. */
export function shown(spec: Pick<HttpRequestSpec, 'method' | 'url'>): string {
  return `${spec.method} ${spec.url.origin}${spec.url.pathname}`;
}

import type { JsonValue } from '@osprey/runtime';
import type { ActivatedJob } from '@osprey/store';
import { ConnectorError, type Connector, type ConnectorOutcome } from '../connector';
import { describe, JobSettings } from '../job-settings';
import type { OutboundGuard } from '../outbound/outbound-guard';
import { exchange, shown, type HttpAnswer, type HttpRequestSpec } from './http-exchange';
import { bpmnErrorFrom, resultVariables, statusListed } from '../result-mapping';

/** The job type of the built-in HTTP connector. */
export const HTTP_JOB_TYPE = 'osprey:http';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Per-call timeout (`timeoutMs`): 10 s by default, at most 60 s so a lease (90 s) always outlives the call. */
export const DEFAULT_TIMEOUT_MS = 10_000;
export const MAX_TIMEOUT_MS = 60_000;

/**
 * `osprey:http` — calls an HTTP endpoint and maps the answer into variables.
 *
 * Settings (task header, FEEL when it starts with `=`, else a variable of the same name):
 * `method` (@default GET), `url`, `headers` (a context), `body` (a context or list is sent as
 * JSON, text as is), `timeoutMs` (@default 10000, at most 60000), `resultVariable`,
 * `resultExpression` and `errorExpression` (headers only: FEEL over `{status, headers, body}`),
 * `errorOnStatus` (e.g. `404,409` or `4xx`: those statuses throw the BPMN error `HTTP_<status>`;
 * any other non-2xx answer is a failure that is retried).
 */
export class HttpConnector implements Connector {
  readonly type = HTTP_JOB_TYPE;

  constructor(private readonly guard: OutboundGuard) {}

  async execute(job: ActivatedJob, signal: AbortSignal): Promise<ConnectorOutcome> {
    const settings = new JobSettings(job);
    const request = requestOf(settings);
    const timeoutMs = settings.int('timeoutMs', DEFAULT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS);
    const answer = await exchange(request, this.guard, { timeout: AbortSignal.timeout(timeoutMs), shutdown: signal });
    const response: Record<string, JsonValue> = { status: answer.status, headers: answer.headers, body: bodyOf(answer) };

    const errorExpression = settings.expression('errorExpression');
    if (errorExpression) {
      const error = bpmnErrorFrom(settings.evaluateOver('errorExpression', errorExpression, response), 'errorExpression');
      if (error) return { kind: 'bpmn-error', ...error };
    }
    if (answer.status < 200 || answer.status > 299) {
      if (statusListed(settings.list('errorOnStatus'), answer.status)) {
        // The catching path sees the answer under resultVariable; resultExpression is for successes.
        const name = settings.string('resultVariable');
        const variables = name ? { [name]: response } : undefined;
        return { kind: 'bpmn-error', errorCode: `HTTP_${answer.status}`, errorMessage: `${shown(request)} answered ${answer.status}`, variables };
      }
      throw new ConnectorError('ERROR_STATUS', `Expected a 2xx answer from ${shown(request)}, but got ${answer.status}${excerpt(answer)}`);
    }
    return { kind: 'complete', variables: resultVariables(settings, response) };
  }
}

function requestOf(settings: JobSettings): HttpRequestSpec {
  const method = (settings.string('method') ?? 'GET').toUpperCase();
  if (!METHODS.has(method)) throw invalid(`Expected the method to be one of ${[...METHODS].join(', ')}, but found '${method}'`);
  const text = settings.string('url', { required: true });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(`Expected the url to be an absolute http or https URL, but found '${text.slice(0, 200)}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(`Expected an http or https URL, but found ${url.protocol}`);

  const headers: Record<string, string> = { 'user-agent': 'osprey-connector' };
  for (const [name, value] of Object.entries(settings.object('headers') ?? {})) {
    if (value === null) continue;
    if (typeof value === 'object') throw invalid(`Expected the request header '${name}' to be text, but found ${describe(value)}`);
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw invalid(`Expected a request header name, but found '${name}'`);
    headers[name.toLowerCase()] = String(value);
  }

  const body = settings.value('body');
  if (body === undefined || body === null) return { method, url, headers };
  if (method === 'GET' || method === 'HEAD') throw invalid(`Expected no body for a ${method} request, but one is set`);
  if (typeof body === 'string') {
    headers['content-type'] ??= 'text/plain; charset=utf-8';
    return { method, url, headers, body: Buffer.from(body, 'utf8') };
  }
  headers['content-type'] ??= 'application/json';
  return { method, url, headers, body: Buffer.from(JSON.stringify(body), 'utf8') };
}

/** JSON when the answer says so and parses, else text; no body is null. */
function bodyOf(answer: HttpAnswer): JsonValue {
  if (answer.body.length === 0) return null;
  const text = answer.body.toString('utf8');
  if (/[/+]json\b/i.test(answer.headers['content-type'] ?? '')) {
    try {
      return JSON.parse(text) as JsonValue;
    } catch {
      return text;
    }
  }
  return text;
}

/** The start of an error answer's body, so the incident says what the target complained about. */
function excerpt(answer: HttpAnswer): string {
  const text = answer.body.toString('utf8').replace(/\s+/g, ' ').trim();
  return text ? `: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}` : '';
}

function invalid(message: string): ConnectorError {
  return new ConnectorError('INVALID_CONFIGURATION', message);
}

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { activeTraceHeaders } from '../shared/trace-headers';
import type { Variables } from '../shared/variables';
import type {
  ActivateJobsRequest,
  ActivatedJob,
  BroadcastSignalRequest,
  CorrelateMessageRequest,
  DeployResource,
  DeploymentResult,
  FailJobRequest,
  ProcessInstance,
  PublishMessageRequest,
  SearchRequest,
  SearchResult,
  StartedInstance,
  StartInstanceRequest,
  ThrowJobErrorRequest,
} from './api-types';
import { OspreyApiError, OspreyConnectionError, type Problem } from './errors';
import { ClientCredentials, type ClientCredentialsOptions } from '../auth/client-credentials';

/** How to reach the engine. */
export interface OspreyClientOptions {
  /** The engine's base URL, without `/v2`. @default 'http://localhost:8080' */
  readonly baseUrl?: string;
  /** Bearer token sent as `Authorization: Bearer <token>`, as it is (it is not renewed). @default none */
  readonly token?: string;
  /** An API key (`osk_…`), sent as `X-API-Key`. @default none */
  readonly apiKey?: string;
  /**
   * OIDC client credentials: the client fetches an access token from `tokenUrl`, renews it
   * before it expires, and fetches a new one once when the engine answers `401`. @default none
   */
  readonly oauth?: ClientCredentialsOptions;
  /** How long one request may take, in ms; long-polls add their own wait on top. @default 30_000 */
  readonly timeoutMs?: number;
}

/** Options of a single call. */
export interface CallOptions {
  /** Aborts the request (it then rejects with an {@link OspreyConnectionError} `ABORTED`). */
  readonly signal?: AbortSignal;
}

/**
 * A small typed client for the engine's `/v2` REST API over the global `fetch` (Node's
 * built-in HTTP client keeps connections alive and reuses them).
 *
 * Every method rejects with {@link OspreyApiError} when the engine answers with an error status
 * (the RFC 9457 problem is on the error) and with {@link OspreyConnectionError} when no answer
 * came.
 */
export class OspreyClient {
  readonly baseUrl: string;
  private readonly token?: string;
  private readonly apiKey?: string;
  private readonly oauth?: ClientCredentials;
  private readonly timeoutMs: number;

  constructor(options: OspreyClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? 'http://localhost:8080').replace(/\/+$/, '');
    this.token = options.token;
    this.apiKey = options.apiKey;
    this.oauth = options.oauth ? new ClientCredentials(options.oauth) : undefined;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    if (!Number.isFinite(this.timeoutMs) || this.timeoutMs <= 0) {
      throw new RangeError(`Expected timeoutMs to be a positive number, but found ${options.timeoutMs}`);
    }
  }

  /**
   * Deploys BPMN processes and forms as one deployment. Each entry is a file path (read from
   * disk, named by its base name) or a `{ name, content }` resource.
   */
  async deploy(
    resources: readonly (string | DeployResource)[],
    options: { tenantId?: string } & CallOptions = {},
  ): Promise<DeploymentResult> {
    const form = new FormData();
    for (const r of resources) {
      const resource = typeof r === 'string' ? { name: basename(r), content: await readFile(r) } : r;
      form.append('resources', new Blob([resource.content]), resource.name);
    }
    if (options.tenantId) form.append('tenantId', options.tenantId);
    return (await this.call<DeploymentResult>('POST', '/v2/deployments', form, options))!;
  }

  /** Starts a process instance (optionally awaiting its completion). */
  async startInstance(request: StartInstanceRequest, options?: CallOptions): Promise<StartedInstance> {
    const extra = request.awaitCompletion ? (request.requestTimeout ?? 10_000) : 0;
    return (await this.call<StartedInstance>('POST', '/v2/process-instances', request, options, extra))!;
  }

  /** Reads one process instance. @throws OspreyApiError 404 when it does not exist */
  async getProcessInstance(processInstanceKey: string, options?: CallOptions): Promise<ProcessInstance> {
    return (await this.call<ProcessInstance>(
      'GET',
      `/v2/process-instances/${encodeURIComponent(processInstanceKey)}`,
      undefined,
      options,
    ))!;
  }

  /** Searches process instances: `{ filter: { processDefinitionId: 'order', state: 'ACTIVE' } }`. */
  async searchProcessInstances(
    request: SearchRequest = {},
    options?: CallOptions,
  ): Promise<SearchResult<ProcessInstance>> {
    return (await this.call<SearchResult<ProcessInstance>>(
      'POST',
      '/v2/process-instances/search',
      request,
      options,
    ))!;
  }

  /** Cancels a process instance. @throws OspreyApiError 404 unknown, 409 already ended */
  async cancelInstance(processInstanceKey: string, options?: CallOptions): Promise<void> {
    await this.call(
      'POST',
      `/v2/process-instances/${encodeURIComponent(processInstanceKey)}/cancellation`,
      {},
      options,
    );
  }

  /** Publishes a message to every waiting subscription; with `timeToLive` it is buffered for later ones. */
  async publishMessage(
    request: PublishMessageRequest,
    options?: CallOptions,
  ): Promise<{ messageKey: string; tenantId: string }> {
    return (await this.call<{ messageKey: string; tenantId: string }>(
      'POST',
      '/v2/messages/publication',
      request,
      options,
    ))!;
  }

  /** Correlates a message to exactly one waiting subscription. @throws OspreyApiError 404 when none waits */
  async correlateMessage(
    request: CorrelateMessageRequest,
    options?: CallOptions,
  ): Promise<{ messageKey: string; tenantId: string; processInstanceKey: string }> {
    return (await this.call<{ messageKey: string; tenantId: string; processInstanceKey: string }>(
      'POST',
      '/v2/messages/correlation',
      request,
      options,
    ))!;
  }

  /** Broadcasts a signal to every waiting signal event. */
  async broadcastSignal(
    request: BroadcastSignalRequest,
    options?: CallOptions,
  ): Promise<{ signalKey: string; tenantId: string }> {
    return (await this.call<{ signalKey: string; tenantId: string }>(
      'POST',
      '/v2/signals/broadcast',
      request,
      options,
    ))!;
  }

  /** Activates jobs, long-polling up to `requestTimeout` ms when none is ready. */
  async activateJobs(request: ActivateJobsRequest, options?: CallOptions): Promise<ActivatedJob[]> {
    const wait =
      request.requestTimeout === undefined || request.requestTimeout === 0
        ? 10_000
        : Math.max(0, request.requestTimeout);
    const body = await this.call<{ jobs: ActivatedJob[] }>(
      'POST',
      '/v2/jobs/activation',
      request,
      options,
      wait,
    );
    return body?.jobs ?? [];
  }

  /** Completes a job. @throws OspreyApiError 409 when the lease was lost or superseded */
  async completeJob(
    jobKey: string,
    request: { variables?: Variables; attempt?: number } = {},
    options?: CallOptions,
  ): Promise<void> {
    await this.call(
      'POST',
      `/v2/jobs/${encodeURIComponent(jobKey)}/completion`,
      { variables: request.variables ?? {}, attempt: request.attempt },
      options,
    );
  }

  /** Fails a job: retries count down, at zero an incident is raised. @throws OspreyApiError 409 when the lease was lost */
  async failJob(jobKey: string, request: FailJobRequest, options?: CallOptions): Promise<void> {
    await this.call('POST', `/v2/jobs/${encodeURIComponent(jobKey)}/failure`, request, options);
  }

  /** Throws a BPMN error from the job's element. @throws OspreyApiError 409 when the lease was lost */
  async throwJobError(jobKey: string, request: ThrowJobErrorRequest, options?: CallOptions): Promise<void> {
    await this.call('POST', `/v2/jobs/${encodeURIComponent(jobKey)}/error`, request, options);
  }

  /**
   * Changes a job: `timeout` extends its lease to now + timeout ms, `retries` sets its retries.
   * `attempt` names the lease the caller holds.
   */
  async updateJob(
    jobKey: string,
    changeset: { timeout?: number; retries?: number },
    request: { attempt?: number } = {},
    options?: CallOptions,
  ): Promise<void> {
    await this.call(
      'PATCH',
      `/v2/jobs/${encodeURIComponent(jobKey)}`,
      { changeset, attempt: request.attempt },
      options,
    );
  }

  /**
   * Any other endpoint of the API, with this client's credentials, timeout and errors:
   * `request('POST', '/v2/incidents/search', { filter: { state: 'ACTIVE' } })`.
   * @param extraMs added to the timeout (for calls that wait on the engine) @default 0
   * @returns the decoded JSON answer, `undefined` for 204
   */
  request<T = unknown>(method: string, path: string, body?: unknown, options?: CallOptions, extraMs = 0): Promise<T | undefined> {
    return this.call<T>(method, path, body, options, extraMs);
  }

  /**
   * Sends one request and decodes the answer (`undefined` for 204). With client credentials, a
   * `401` drops the cached token and the request is sent once more with a fresh one (the token
   * may have been revoked or the provider's keys rotated before it expired).
   * @param extraMs added to the timeout, for long-polls
   */
  private async call<T>(
    method: string,
    path: string,
    body: unknown,
    options: CallOptions = {},
    extraMs = 0,
  ): Promise<T | undefined> {
    try {
      return await this.send<T>(method, path, body, options, extraMs);
    } catch (error) {
      if (!this.oauth || !(error instanceof OspreyApiError) || error.status !== 401) throw error;
      this.oauth.invalidate();
      return this.send<T>(method, path, body, options, extraMs);
    }
  }

  /** The credential headers: API key, client-credentials token or fixed token. */
  private async authHeaders(): Promise<Record<string, string>> {
    if (this.apiKey) return { 'x-api-key': this.apiKey };
    if (this.oauth) return { authorization: `Bearer ${await this.oauth.token()}` };
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  private async send<T>(method: string, path: string, body: unknown, options: CallOptions, extraMs: number): Promise<T | undefined> {
    const headers: Record<string, string> = { ...activeTraceHeaders(), accept: 'application/json, application/problem+json', ...(await this.authHeaders()) };
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const timeout = AbortSignal.timeout(this.timeoutMs + extraMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload, signal });
      text = await res.text();
    } catch (error) {
      if (options.signal?.aborted)
        throw new OspreyConnectionError('ABORTED', `${method} ${path} was aborted`, { cause: error });
      if (timeout.aborted) {
        throw new OspreyConnectionError(
          'TIMEOUT',
          `Expected the engine at ${this.baseUrl} to answer ${method} ${path} within ${this.timeoutMs + extraMs} ms, but it did not`,
          { cause: error },
        );
      }
      const reason = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new OspreyConnectionError(
        'UNAVAILABLE',
        `Expected the engine at ${this.baseUrl} to answer ${method} ${path}, but the request failed: ${reason?.code ?? reason?.message ?? (error as Error).message}`,
        { cause: error },
      );
    }
    if (!res.ok) throw new OspreyApiError(method, path, toProblem(res, text));
    if (res.status === 204 || text === '') return undefined;
    return JSON.parse(text) as T;
  }
}

/** The problem of an error answer; a body that is not problem JSON becomes the `detail`. */
function toProblem(res: Response, text: string): Problem {
  try {
    const parsed = JSON.parse(text) as Partial<Problem>;
    if (parsed && typeof parsed === 'object' && typeof parsed.title === 'string') {
      return {
        type: parsed.type ?? 'about:blank',
        title: parsed.title,
        status: parsed.status ?? res.status,
        detail: parsed.detail ?? '',
        instance: parsed.instance,
        errors: parsed.errors,
      };
    }
  } catch {
    // not JSON: fall through and keep the text
  }
  return {
    type: 'about:blank',
    title: res.statusText || `HTTP ${res.status}`,
    status: res.status,
    detail: text.slice(0, 500),
  };
}

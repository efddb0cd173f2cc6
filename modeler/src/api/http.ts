import { currentSession, setSession } from './session';

/** An RFC 9457 problem the engine answered with, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: readonly string[] = [],
  ) {
    super(detail || title);
    this.name = 'ApiError';
  }
}

type Body = unknown;

/**
 * One request to the engine: JSON in and out, the bearer token attached, problem+json turned
 * into an {@link ApiError} whose message is the engine's `detail` (written for people).
 */
export async function request<T>(method: string, path: string, body?: Body, init: { raw?: boolean; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json, text/xml' };
  const session = currentSession();
  if (session) headers.authorization = `Bearer ${session.token}`;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload, signal: init.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'UNAVAILABLE', 'The engine cannot be reached. Check your connection and try again.');
  }
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  if (init.raw) return (await res.text()) as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function toError(res: Response): Promise<ApiError> {
  let problem: { title?: string; detail?: string; errors?: string[] } = {};
  try {
    problem = (await res.json()) as typeof problem;
  } catch {
    /* not JSON: fall back to the status text */
  }
  if (res.status === 401 && currentSession()) setSession(null);
  return new ApiError(res.status, problem.title ?? res.statusText, problem.detail ?? `The engine answered ${res.status} ${res.statusText}`, problem.errors ?? []);
}

export const http = {
  get: <T>(path: string, init?: { raw?: boolean; signal?: AbortSignal }) => request<T>('GET', path, undefined, init),
  post: <T>(path: string, body?: Body, init?: { signal?: AbortSignal }) => request<T>('POST', path, body ?? {}, init),
  put: <T>(path: string, body?: Body) => request<T>('PUT', path, body ?? {}),
  patch: <T>(path: string, body?: Body) => request<T>('PATCH', path, body ?? {}),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

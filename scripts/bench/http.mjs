// Keep-alive HTTP client for the load generator.
//
// The load generator shares the benchmark machine's two cores with the engine and PostgreSQL,
// so every microsecond it spends per request is taken from the system under test. Measured on
// that machine (32 concurrent POSTs against a trivial Node server): Node 20's global `fetch`
// costs ~700 µs of client CPU per request, `http.request` on a keep-alive Agent ~170 µs. At
// 1,000 requests/s `fetch` alone would eat 70 % of a core. So: `undici` when it is installed
// (its Pool is cheaper still), otherwise `node:http` with a keep-alive Agent.
import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** `undici`, when the workspace has it installed; null otherwise. */
function loadUndici() {
  try {
    return require('undici');
  } catch {
    return null;
  }
}

/** A request that does not answer within this long has failed (the longest long-poll is 1 s). */
const REQUEST_TIMEOUT_MS = 30_000;

/** A non-2xx answer. */
export class HttpError extends Error {
  constructor(method, path, status, body) {
    const detail =
      body && typeof body === 'object'
        ? (body.detail ?? body.title ?? JSON.stringify(body))
        : String(body ?? '');
    super(`Expected ${method} ${path} to succeed, but it answered ${status}: ${detail}`.slice(0, 400));
    this.status = status;
  }
}

/**
 * A pool of at most `connections` keep-alive connections to one origin. Requests beyond that
 * wait in the pool's queue — the bound on in-flight requests the benchmark relies on.
 */
export class HttpClient {
  /**
   * @param {string} origin e.g. http://127.0.0.1:8080
   * @param {{ connections: number, headers?: Record<string, string> }} options `headers` go with
   *   every request (credentials)
   */
  constructor(origin, { connections, headers = {} }) {
    this.origin = new URL(origin);
    this.headers = headers;
    const undici = loadUndici();
    this.kind = undici ? 'undici' : 'node:http';
    if (undici) {
      this.pool = new undici.Pool(origin, {
        connections,
        keepAliveTimeout: 60_000,
        pipelining: 1,
        headersTimeout: REQUEST_TIMEOUT_MS,
        bodyTimeout: REQUEST_TIMEOUT_MS,
      });
    } else {
      this.agent = new http.Agent({
        keepAlive: true,
        maxSockets: connections,
        keepAliveMsecs: 10_000,
        scheduling: 'lifo',
      });
    }
  }

  /** POST a JSON body; resolves with the parsed JSON answer. @throws HttpError on a non-2xx status */
  postJson(path, body) {
    return this.send('POST', path, { 'content-type': 'application/json' }, Buffer.from(JSON.stringify(body)));
  }

  /**
   * GET; resolves with the parsed JSON answer. Sent once more when the kept-alive connection it
   * went out on had been closed by the server meanwhile (a GET is safe to repeat): the metrics
   * scrapes reuse connections that sat idle through a whole phase.
   * @throws HttpError on a non-2xx status
   */
  async get(path) {
    try {
      return await this.send('GET', path, {}, null);
    } catch (error) {
      if (error?.code !== 'ECONNRESET' && error?.message !== 'socket hang up') throw error;
      return this.send('GET', path, {}, null);
    }
  }

  /** POST multipart/form-data with one file per entry of `files` under the field `field`. */
  postFiles(path, field, files) {
    const boundary = `----osprey-bench-${Date.now().toString(16)}`;
    const parts = [];
    for (const { name, content } of files) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\n` +
            'Content-Type: application/octet-stream\r\n\r\n',
        ),
        Buffer.from(content),
        Buffer.from('\r\n'),
      );
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return this.send(
      'POST',
      path,
      { 'content-type': `multipart/form-data; boundary=${boundary}` },
      Buffer.concat(parts),
    );
  }

  async send(method, path, own, body) {
    const headers = { ...this.headers, ...own };
    const { status, text } = this.pool
      ? await this.viaUndici(method, path, headers, body)
      : await this.viaNode(method, path, headers, body);
    let parsed = null;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    if (status < 200 || status >= 300) throw new HttpError(method, path, status, parsed);
    return parsed;
  }

  async viaUndici(method, path, headers, body) {
    const res = await this.pool.request({ method, path, headers, body });
    return { status: res.statusCode, text: await res.body.text() };
  }

  viaNode(method, path, headers, body) {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.origin.hostname,
          port: this.origin.port,
          method,
          path,
          agent: this.agent,
          headers: body ? { ...headers, 'content-length': body.length } : headers,
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.setTimeout(REQUEST_TIMEOUT_MS, () =>
        req.destroy(
          new Error(
            `Expected ${method} ${path} to answer within ${REQUEST_TIMEOUT_MS / 1000} s, but it did not`,
          ),
        ),
      );
      req.end(body ?? undefined);
    });
  }

  /** Closes idle connections. */
  async close() {
    if (this.pool) await this.pool.close();
    else this.agent.destroy();
  }
}

/**
 * Spreads requests over several engine processes, one after the other (as a Service or
 * `node:cluster` would): the same methods as {@link HttpClient}.
 */
export class RoundRobinClient {
  /** @param {HttpClient[]} clients */
  constructor(clients) {
    this.clients = clients;
    this.kind = clients[0].kind;
    this.next = 0;
  }

  send(method, path, own, body) {
    const client = this.clients[this.next];
    this.next = (this.next + 1) % this.clients.length;
    return client.send(method, path, own, body);
  }

  postJson(path, body) {
    return this.send('POST', path, { 'content-type': 'application/json' }, Buffer.from(JSON.stringify(body)));
  }

  get(path) {
    return this.send('GET', path, {}, null);
  }

  /** Deployments go to the first process (they are visible to all through the database). */
  postFiles(path, field, files) {
    return this.clients[0].postFiles(path, field, files);
  }

  async close() {
    await Promise.all(this.clients.map((c) => c.close()));
  }
}

import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { LOGGER } from '../engine.tokens';
import { StaticFiles } from './static-files';

/** Paths that belong to the API and probes: never answered with the web app. */
const RESERVED = /^\/(v2|health)(\/|$)/;

/**
 * The built app only talks to this engine; the policy keeps injected content from loading
 * scripts or sending data elsewhere. Inline styles are needed by bpmn-js and form-js.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Where the build is when nothing else is configured: `modeler/dist` at the repository root. */
export function defaultWebDir(): string {
  return resolve(__dirname, '../../../../../modeler/dist');
}

/**
 * Serves the web app (modeler, task inbox, instance monitor) at `/` from `OSPREY_WEB_DIR`
 * (@default `modeler/dist`). Every GET that no API route takes — except under `/v2` and
 * `/health` — gets a file of the build or, for page paths, `index.html` (the app routes itself).
 */
@Injectable()
export class WebAppServer implements OnModuleInit {
  private readonly files: StaticFiles;

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.files = new StaticFiles(process.env.OSPREY_WEB_DIR || defaultWebDir());
  }

  onModuleInit(): void {
    if (!this.files.available) {
      this.logger.warn({ dir: this.files.root }, 'The web app is not built, so / shows a notice; run `npm run build -w modeler` (or set OSPREY_WEB_DIR)');
    }
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // A wildcard route ranks below every static and parametric route, so the API keeps its paths.
    fastify.get('/*', (req, reply) => this.serve(req, reply));
  }

  private serve(req: FastifyRequest, reply: FastifyReply) {
    const path = req.url.split('?')[0];
    if (RESERVED.test(path)) {
      return reply
        .status(404)
        .header('content-type', 'application/problem+json')
        .send({ type: 'about:blank', title: 'NOT_FOUND', status: 404, detail: `Cannot GET ${path}`, instance: req.url });
    }
    if (!this.files.available) {
      return reply
        .status(404)
        .header('content-type', 'text/plain; charset=utf-8')
        .send('The Osprey web app is not built. Run `npm run build -w modeler` and restart the engine; the REST API is at /v2.\n');
    }
    const file = this.files.resolve(path, req.headers['accept-encoding']);
    if (!file) return reply.status(404).header('content-type', 'text/plain; charset=utf-8').send('Not found\n');
    reply
      .header('content-type', file.contentType)
      .header('content-length', file.size)
      .header('cache-control', file.cacheControl)
      .header('x-content-type-options', 'nosniff')
      .header('vary', 'accept-encoding');
    if (file.contentEncoding) reply.header('content-encoding', file.contentEncoding);
    if (file.contentType.startsWith('text/html')) {
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY).header('referrer-policy', 'same-origin');
    }
    return reply.send(file.stream());
  }
}

import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyStaticOptions } from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type { Logger } from 'pino';
import { LOGGER } from '../engine.tokens';

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

/** Where the web app's build is: `OSPREY_WEB_DIR`, else {@link defaultWebDir}. */
export function webDir(): string {
  return resolve(process.env.OSPREY_WEB_DIR || defaultWebDir());
}

/**
 * Options of `@fastify/static` for the web app's build, registered with the other plugins before
 * the app starts: only `reply.sendFile` (the route of {@link WebAppServer} decides which paths
 * are the app's), the build's brotli and gzip copies when the browser accepts one, and the
 * headers each kind of file needs.
 */
export function webAppStatic(root = webDir()): FastifyStaticOptions {
  const assets = join(root, 'assets') + sep;
  return {
    root,
    serve: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (res, path) => {
      // Vite names assets by content hash: they never change, so browsers may keep them a year.
      // index.html names the current assets and must be revalidated on every load.
      res.setHeader('cache-control', path.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache');
      res.setHeader('x-content-type-options', 'nosniff');
      // The same URL may be answered compressed or plain: caches must key on the encoding.
      res.setHeader('vary', 'accept-encoding');
      if (/\.html(\.br|\.gz)?$/.test(path)) {
        res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
        res.setHeader('referrer-policy', 'same-origin');
      }
    },
  };
}

/**
 * Serves the web app (modeler, task inbox, instance monitor) at `/` from `OSPREY_WEB_DIR`
 * (@default `modeler/dist`) through `@fastify/static` ({@link webAppStatic}): every GET that no
 * API route takes — except under `/v2` and `/health` — gets a file of the build, its brotli or
 * gzip copy when the browser accepts one, or for page paths `index.html` (the app routes itself).
 * Paths outside the build are never read (`@fastify/send` keeps to the root).
 */
@Injectable()
export class WebAppServer implements OnModuleInit {
  private readonly root = webDir();

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  private get available(): boolean {
    return existsSync(join(this.root, 'index.html'));
  }

  onModuleInit(): void {
    if (!this.available) {
      this.logger.warn({ dir: this.root }, 'The web app is not built, so / shows a notice; run `npm run build -w modeler` (or set OSPREY_WEB_DIR)');
    }
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // A wildcard route ranks below every static and parametric route, so the API keeps its paths.
    fastify.get('/*', (req, reply) => this.serve(req, reply));
  }

  private serve(req: FastifyRequest, reply: FastifyReply) {
    const path = req.url.split('?')[0]!;
    if (RESERVED.test(path)) {
      return reply
        .status(404)
        .header('content-type', 'application/problem+json')
        .send({ type: 'about:blank', title: 'NOT_FOUND', status: 404, detail: `Cannot GET ${path}`, instance: req.url });
    }
    if (!this.available) {
      return reply
        .status(404)
        .header('content-type', 'text/plain; charset=utf-8')
        .send('The Osprey web app is not built. Run `npm run build -w modeler` and restart the engine; the REST API is at /v2.\n');
    }
    let file: string;
    try {
      file = decodeURIComponent(path).replace(/^\/+/, '');
    } catch {
      return reply.status(404).header('content-type', 'text/plain; charset=utf-8').send('Not found\n');
    }
    // Page paths (no file extension) are the app's own routes; a missing asset stays a 404.
    return reply.sendFile(extname(file) === '' ? 'index.html' : file);
  }
}

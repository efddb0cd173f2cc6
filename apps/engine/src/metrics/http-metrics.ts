import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { EngineMetrics } from './engine-metrics';
import { OTHER } from './label-cap';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The `route` label of a request no route matched (a 404 from the router). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * `osprey_http_request_duration_seconds{method,route,status}` from a Fastify `onResponse` hook.
 * `route` is the route's pattern (`/v2/jobs/:jobKey/completion`), never the raw URL, so keys in
 * paths cannot multiply the series. Fastify attaches root hooks to every route when the server
 * becomes ready, so adding the hook here — after Nest registered its routes — covers them all.
 */
@Injectable()
export class HttpMetrics implements OnModuleInit {
  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(EngineMetrics) private readonly metrics: EngineMetrics,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onResponse', async (request, reply) => {
      this.metrics.httpDuration.observe(
        {
          method: METHODS.has(request.method) ? request.method : OTHER,
          route: request.routeOptions.url ?? UNMATCHED_ROUTE,
          status: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
    });
  }
}

import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace, type Context, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EngineConfig } from '../config/engine-config';
import { CONFIG } from '../engine.tokens';
import { UNMATCHED_ROUTE } from '../metrics/http-metrics';

const tracer = trace.getTracer('osprey');

/**
 * Probes and scrapes: every few seconds from kubelet and Prometheus, never part of a process's
 * story, so they get no span (each would be a trace of its own).
 */
const UNTRACED_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * A server span per HTTP request, continuing the caller's W3C `traceparent`, named after the
 * route pattern (`POST /v2/jobs/:key/completion`). Attributes are those the HTTP semantic
 * conventions require for a server span; no URL, query or key, so a span's name and attributes
 * have the same cardinality as the route table. Hooks are added only with tracing on.
 *
 * The span becomes the active context in `preHandler`, after the body is parsed (stream
 * callbacks do not carry the request's async context), so the controller and the command it
 * runs are its children.
 */
@Injectable()
export class HttpTracing implements OnModuleInit {
  private readonly spans = new WeakMap<FastifyRequest, { span: Span; context: Context }>();

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(CONFIG) private readonly config: EngineConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.tracing !== 'otlp') return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', (request, _reply, done) => {
      const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
      if (UNTRACED_ROUTES.has(route)) return done();
      const parent = propagation.extract(ROOT_CONTEXT, request.headers);
      const span = tracer.startSpan(
        `${request.method} ${route}`,
        {
          kind: SpanKind.SERVER,
          attributes: {
            'http.request.method': request.method,
            'http.route': route,
            'url.scheme': request.protocol,
            'network.protocol.version': request.raw.httpVersion,
          },
        },
        parent,
      );
      this.spans.set(request, { span, context: trace.setSpan(parent, span) });
      done();
    });
    fastify.addHook('preHandler', (request, _reply, done) => {
      const traced = this.spans.get(request);
      if (traced) context.with(traced.context, done);
      else done();
    });
    fastify.addHook('onResponse', (request, reply, done) => {
      const traced = this.spans.get(request);
      if (traced) {
        this.spans.delete(request);
        traced.span.setAttribute('http.response.status_code', reply.statusCode);
        // Server spans fail on 5xx only: a 4xx is the caller's mistake, answered correctly.
        if (reply.statusCode >= 500) {
          traced.span.setAttribute('error.type', String(reply.statusCode));
          traced.span.setStatus({ code: SpanStatusCode.ERROR });
        }
        traced.span.end();
      }
      done();
    });
    fastify.addHook('onRequestAbort', (request, done) => {
      const traced = this.spans.get(request);
      if (traced) {
        this.spans.delete(request);
        traced.span.setAttribute('error.type', 'aborted');
        traced.span.end();
      }
      done();
    });
  }
}

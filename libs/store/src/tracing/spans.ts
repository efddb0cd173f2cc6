import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';

/**
 * Tracing through `@opentelemetry/api` only. The API is a no-op until an application registers
 * an SDK (the engine does when `OSPREY_TRACING=otlp`): spans are then non-recording, nothing is
 * injected into carriers, and the cost is a few function calls per command.
 */
const tracer = trace.getTracer('osprey');

/** A W3C trace context as headers: `traceparent` and, when present, `tracestate`. */
export type TraceCarrier = Record<string, string>;

/** Where a span starts and what it says about itself. */
export interface SpanOptions {
  readonly attributes?: Attributes;
  /** @default SpanKind.INTERNAL */
  readonly kind?: SpanKind;
  /** The parent; the active context when absent. */
  readonly parent?: Context;
}

/**
 * Runs `work` in a new active span that ends when `work` settles; a rejection marks the span
 * as failed and is rethrown unchanged.
 */
export function inSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  const { attributes, kind = SpanKind.INTERNAL, parent = context.active() } = options;
  return tracer.startActiveSpan(name, { kind, attributes }, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The active trace context as W3C headers; undefined when there is none (tracing off, no span). */
export function currentTraceContext(): TraceCarrier | undefined {
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? carrier : undefined;
}

/** The context `carrier` continues (a stored or received `traceparent`); a fresh root without one. */
export function continuedContext(carrier: Readonly<Record<string, unknown>> | null | undefined): Context {
  return carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
}

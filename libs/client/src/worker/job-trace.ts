import { ROOT_CONTEXT, SpanKind, SpanStatusCode, propagation, trace, type Span } from '@opentelemetry/api';
import type { JobRecord } from './active-job';

/**
 * Trace continuation for workers, on `@opentelemetry/api` alone: a worker application that
 * registers an OpenTelemetry SDK gets a span per job in the trace of the command that created
 * it, and the answer (REST call or Kafka result) carries that span on. Without an SDK
 * every call here is a no-op.
 */
const tracer = trace.getTracer('@osprey/client');

/** The W3C trace-context fields a job may carry. */
const TRACE_FIELDS = ['traceparent', 'tracestate'] as const;

/**
 * The job's trace context from wherever the transport carries it (Kafka headers, or the custom
 * headers of a REST-activated job); undefined when it has none.
 */
export function jobTraceContext(read: (field: string) => unknown): Record<string, string> | undefined {
  const carrier: Record<string, string> = {};
  for (const field of TRACE_FIELDS) {
    const raw = read(field);
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== undefined && value !== null) carrier[field] = String(value);
  }
  return carrier.traceparent ? carrier : undefined;
}

/**
 * Runs `work` in a consumer span `process <job type>`, child of the job's trace context (a new
 * trace when the job has none), active while the handler runs and the answer is sent.
 */
export function inJobSpan<T>(job: JobRecord, work: (span: Span) => Promise<T>): Promise<T> {
  const parent = job.traceContext ? propagation.extract(ROOT_CONTEXT, job.traceContext) : ROOT_CONTEXT;
  const attributes = {
    'messaging.operation.type': 'process',
    'osprey.job.key': job.key,
    'osprey.job.type': job.type,
    'osprey.job.attempt': job.attempt,
    'osprey.process_instance.key': job.processInstanceKey,
    'osprey.element.id': job.elementId,
  };
  return tracer.startActiveSpan(`process ${job.type}`, { kind: SpanKind.CONSUMER, attributes }, parent, async (span) => {
    try {
      return await work(span);
    } finally {
      span.end();
    }
  });
}

/** Marks the job's span failed when the job was not completed. */
export function recordJobOutcome(span: Span, outcome: { kind: string; message?: string } | undefined): void {
  if (outcome && outcome.kind !== 'complete') span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.message });
}

import { context, propagation } from '@opentelemetry/api';

/**
 * The active trace context as W3C headers (`traceparent`, `tracestate`), to send along with a
 * request or message so the engine's work joins the caller's trace. Empty unless the
 * application registered an OpenTelemetry SDK and a span is active.
 */
export function activeTraceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

import { SpanKind, type Attributes } from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';
import { continuedContext, inSpan } from '@osprey/store';

/** Kafka header values as strings (kafkajs hands them over as Buffers). */
export function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}

/**
 * Runs `work` in a consumer span `process <topic>` that continues the trace in the message's
 * `traceparent` header (a worker's handler span for a job result), or starts a new trace.
 */
export function inConsumerSpan<T>(topic: string, headers: IHeaders | undefined, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  return inSpan(
    `process ${topic}`,
    {
      kind: SpanKind.CONSUMER,
      parent: continuedContext(headerStrings(headers)),
      attributes: { 'messaging.system': 'kafka', 'messaging.operation.type': 'process', 'messaging.destination.name': topic, ...attributes },
    },
    work,
  );
}

import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { parseKafkaJobResult } from '@osprey/contracts';
import {
  ConflictError,
  jsonTextProblem,
  PayloadTooLargeError,
  topics,
  ValidationError,
  type KafkaJobResult,
  type OspreyEngine,
  type ResultOutcome,
} from '@osprey/store';
import type { JsonValue } from '@osprey/runtime';
import { inConsumerSpan } from './message-trace';

/** Hooks for logs and metrics. */
export interface ConsumerHooks {
  onResult?(outcome: ResultOutcome, result: KafkaJobResult): void;
  onMessage?(outcome: 'published' | 'duplicate' | 'invalid', id: string): void;
  onError?(error: unknown, topic: string): void;
}

/**
 * Consumes job results and inbound messages. Offsets are committed only after the database
 * transaction that applied a record commits; a redelivered record is recognised by its id
 * (recorded in that same transaction) and applied once.
 */
export class EngineConsumers {
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly engine: OspreyEngine,
    private readonly options: { topicPrefix: string; groupId: string; hooks?: ConsumerHooks },
  ) {}

  async start(): Promise<void> {
    const { topicPrefix, groupId } = this.options;
    const results = topics.results(topicPrefix);
    const messages = topics.messages(topicPrefix);
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: results }, { topic: messages }], waitForLeaders: true }).catch(() => undefined);
    await admin.disconnect();
    this.consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: true });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [results, messages], fromBeginning: true });
    await this.consumer.run({
      // The command a record sets off joins the trace its producer sent along (a worker's span).
      eachMessage: ({ topic, partition, message }) =>
        inConsumerSpan(topic, message.headers, { 'messaging.destination.partition.id': String(partition) }, () =>
          this.apply(topic, partition, message),
        ),
    });
  }

  private async apply(topic: string, partition: number, message: KafkaMessage): Promise<void> {
    const hooks = this.options.hooks;
    const text = message.value?.toString('utf8') ?? '';
    try {
      // As over HTTP: JSON that PostgreSQL could not store as sent (U+0000, a lone surrogate, a
      // number beyond a double, nesting too deep) is refused — and skipped, as no retry can help.
      const unstorable = jsonTextProblem(text, this.engine.pipeline.variableLimits.options.maxDepth);
      if (unstorable) return hooks?.onError?.(new Error(`Expected storable JSON on ${topic}, but: ${unstorable}`), topic);
      if (topic === topics.results(this.options.topicPrefix)) {
        const result = parseResult(text);
        if (!result) return hooks?.onError?.(new Error(`Expected a job result, but could not read: ${text.slice(0, 200)}`), topic);
        hooks?.onResult?.(await this.engine.kafkaJobs!.applyResult(result), result);
      } else {
        const id = `${topic}/${partition}/${message.offset}`;
        hooks?.onMessage?.(await this.publishMessage(text, id), id);
      }
    } catch (error) {
      hooks?.onError?.(error, topic);
      throw error; // kafkajs retries the record; nothing was committed for it
    }
  }

  /** Publishes an inbound message once: de-duplicated by `messageId`, else by its offset. */
  private async publishMessage(text: string, offsetId: string): Promise<'published' | 'duplicate' | 'invalid'> {
    let m: { name?: unknown; correlationKey?: unknown; variables?: unknown; messageId?: unknown; timeToLive?: unknown; tenantId?: unknown };
    try {
      m = JSON.parse(text);
    } catch {
      return 'invalid';
    }
    if (typeof m?.name !== 'string' || !m.name) return 'invalid';
    const id = typeof m.messageId === 'string' && m.messageId ? `id:${m.messageId}` : `offset:${offsetId}`;
    try {
      // The id is recorded in the transaction that publishes the message (ADR 0002): a failure
      // or crash before its commit leaves it unrecorded, and the redelivery publishes it.
      return await this.engine.messages.publishOnce(
        {
          name: m.name,
          correlationKey: m.correlationKey === undefined ? undefined : String(m.correlationKey),
          variables: isObject(m.variables) ? (m.variables as Record<string, JsonValue>) : {},
          timeToLive: typeof m.timeToLive === 'number' ? m.timeToLive : undefined,
          messageId: typeof m.messageId === 'string' ? m.messageId : undefined,
          tenantId: typeof m.tenantId === 'string' ? m.tenantId : undefined,
        },
        { consumer: 'messages', id },
      );
    } catch (error) {
      if (error instanceof ConflictError) return 'duplicate';
      // Variables the engine refuses (too large, unstorable): retrying the record cannot succeed.
      if (error instanceof ValidationError || error instanceof PayloadTooLargeError) return 'invalid';
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
  }
}

function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The result, or undefined when it does not follow the contract (`@osprey/contracts`). */
function parseResult(text: string): KafkaJobResult | undefined {
  try {
    return parseKafkaJobResult(text);
  } catch {
    return undefined;
  }
}

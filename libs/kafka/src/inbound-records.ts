import { parseKafkaJobResult } from '@osprey/contracts';
import {
  ConflictError,
  jsonTextProblem,
  PayloadTooLargeError,
  ValidationError,
  type KafkaJobResult,
  type OspreyEngine,
  type ResultOutcome,
} from '@osprey/store';
import type { JsonValue } from '@osprey/runtime';

/**
 * What applying one inbound record came to. `skipped` records can never be applied (unreadable,
 * unstorable, refused): retrying cannot help, so they are counted and their offsets committed.
 */
export type InboundOutcome =
  | { readonly kind: 'result'; readonly outcome: ResultOutcome; readonly result: KafkaJobResult }
  | { readonly kind: 'message'; readonly outcome: 'published' | 'duplicate'; readonly id: string }
  | { readonly kind: 'skipped'; readonly reason: string };

/**
 * Applies the records of the engine's inbound topics — job results (`<prefix>.job-results`) and
 * messages (`<prefix>.messages`) — once each: the id that recognises a redelivery (`resultId`;
 * `messageId`, else the record's topic/partition/offset) is written in the transaction that
 * applies the record (ADR 0002), so the caller commits the offset only after this resolves.
 *
 * @throws whatever the database throws while applying: the record must be delivered again
 */
export class InboundRecords {
  constructor(private readonly engine: OspreyEngine) {}

  /** Applies a job result (`KafkaJobResult` of `@osprey/contracts`) sent as JSON text. */
  async applyResult(text: string): Promise<InboundOutcome> {
    const unstorable = this.unstorable(text);
    if (unstorable) return unstorable;
    const result = parseResult(text);
    if (!result) return { kind: 'skipped', reason: `Expected a job result, but could not read: ${text.slice(0, 200)}` };
    return { kind: 'result', outcome: await this.engine.kafkaJobs!.applyResult(result), result };
  }

  /** Publishes an inbound message once: de-duplicated by `messageId`, else by `offsetId`. */
  async publishMessage(text: string, offsetId: string): Promise<InboundOutcome> {
    const unstorable = this.unstorable(text);
    if (unstorable) return unstorable;
    let m: { name?: unknown; correlationKey?: unknown; variables?: unknown; messageId?: unknown; timeToLive?: unknown; tenantId?: unknown };
    try {
      m = JSON.parse(text);
    } catch {
      return { kind: 'skipped', reason: `Expected a message as JSON, but could not read: ${text.slice(0, 200)}` };
    }
    if (typeof m?.name !== 'string' || !m.name) return { kind: 'skipped', reason: 'Expected a message with a name, but it has none' };
    const id = typeof m.messageId === 'string' && m.messageId ? `id:${m.messageId}` : `offset:${offsetId}`;
    try {
      // The id is recorded in the transaction that publishes the message (ADR 0002): a failure
      // or crash before its commit leaves it unrecorded, and the redelivery publishes it.
      const outcome = await this.engine.messages.publishOnce(
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
      return { kind: 'message', outcome, id };
    } catch (error) {
      if (error instanceof ConflictError) return { kind: 'message', outcome: 'duplicate', id };
      // Variables the engine refuses (too large, unstorable): retrying the record cannot succeed.
      if (error instanceof ValidationError || error instanceof PayloadTooLargeError) return { kind: 'skipped', reason: error.message };
      throw error;
    }
  }

  /**
   * As over HTTP: JSON that PostgreSQL could not store as sent (U+0000, a lone surrogate, a number
   * beyond a double, nesting too deep) is refused — and skipped, as no retry can help.
   */
  private unstorable(text: string): InboundOutcome | undefined {
    const problem = jsonTextProblem(text, this.engine.pipeline.variableLimits.options.maxDepth);
    return problem ? { kind: 'skipped', reason: `Expected storable JSON, but: ${problem}` } : undefined;
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

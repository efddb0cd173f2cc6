import { Inject, Injectable } from '@nestjs/common';
import { evaluateFeel, ScopeChainContext, type JsonValue } from '@osprey/runtime';
import { NotFoundError, ValidationError, WebhookDeliveriesRepository, type MessageRequest, type OspreyEngine } from '@osprey/store';
import type { Logger } from 'pino';
import type { EngineConfig } from '../config/engine-config';
import { CONFIG, ENGINE, LOGGER } from '../engine.tokens';
import type { WebhookDefinition } from './webhook-config';
import { SIGNATURE_WINDOW_SECONDS, verifySignature, WebhookUnauthenticatedError } from './webhook-signature';

/** Slack on top of the window before a seen signature is forgotten, for clock differences between replicas and the database. */
const EXPIRY_SLACK_SECONDS = 60;

/** One inbound request, as the controller hands it over. */
export interface WebhookDelivery {
  /** The body exactly as received (what the signature covers). */
  readonly rawBody: string;
  /** The parsed JSON body; undefined when there was none. */
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** How often expired delivery records are purged, at most, in ms. */
const PURGE_EVERY_MS = 60_000;

/**
 * Inbound webhooks (`OSPREY_WEBHOOKS`): verifies a delivery's signature, timestamp and
 * novelty, then publishes the message its definition describes — name, correlation key and
 * variables are FEEL over `{ body, headers }`. A refused delivery changes nothing.
 */
@Injectable()
export class WebhookService {
  private readonly webhooks: ReadonlyMap<string, WebhookDefinition>;
  private readonly deliveries: WebhookDeliveriesRepository;
  private lastPurge = 0;

  constructor(
    @Inject(ENGINE) private readonly engine: OspreyEngine,
    @Inject(CONFIG) config: EngineConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.webhooks = new Map(config.webhooks.map((w) => [w.name, w]));
    this.deliveries = new WebhookDeliveriesRepository(engine.db);
  }

  /**
   * Verifies and publishes one delivery.
   * @throws NotFoundError (unknown webhook), WebhookUnauthenticatedError (signature, timestamp,
   *   replay), ValidationError (no JSON body; an expression that fails over this body)
   */
  async receive(name: string, delivery: WebhookDelivery, nowMs = Date.now()): Promise<{ messageKey: string; tenantId: string }> {
    const webhook = this.webhooks.get(name);
    if (!webhook) throw new NotFoundError(`Expected a webhook configured in OSPREY_WEBHOOKS, but there is none named '${name}'`);
    const verified = verifySignature(webhook.secret, delivery.headers, delivery.rawBody, nowMs);
    if (delivery.body === undefined) throw new ValidationError('Invalid webhook delivery', ['body: Expected a JSON body (content-type: application/json), but there is none']);
    const message = this.messageOf(webhook, delivery);

    if (!(await this.deliveries.claim(webhook.name, verified.signature, verified.timestamp, SIGNATURE_WINDOW_SECONDS + EXPIRY_SLACK_SECONDS))) {
      throw new WebhookUnauthenticatedError('Expected a new delivery, but this signature was already accepted: a replay is refused');
    }
    let published: { messageKey: string; tenantId: string };
    try {
      published = await this.engine.messages.publish(message);
    } catch (error) {
      // Not delivered: let the sender's retry through.
      await this.deliveries.release(webhook.name, verified.signature).catch(() => undefined);
      throw error;
    }
    this.logger.info({ webhook: webhook.name, messageName: message.name, messageKey: published.messageKey }, 'webhook delivered');
    if (nowMs - this.lastPurge > PURGE_EVERY_MS) {
      this.lastPurge = nowMs;
      void this.deliveries.purge().catch((error: unknown) => this.logger.warn({ err: error }, 'could not purge expired webhook deliveries'));
    }
    return published;
  }

  /** The message the definition describes for this delivery. @throws ValidationError naming each failed setting */
  private messageOf(webhook: WebhookDefinition, delivery: WebhookDelivery): MessageRequest {
    const headers: Record<string, JsonValue> = {};
    for (const [key, value] of Object.entries(delivery.headers)) if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    const context = new ScopeChainContext([{ body: delivery.body as JsonValue, headers }]);
    const problems: string[] = [];
    const evaluate = (setting: string, source: string | undefined): JsonValue | undefined => {
      if (source === undefined) return undefined;
      if (!source.startsWith('=')) return source;
      const outcome = evaluateFeel(source, context, Date.now());
      if (outcome.ok) return outcome.value;
      problems.push(`${setting}: ${outcome.message}`);
      return undefined;
    };
    const text = (setting: string, value: JsonValue | undefined, required: boolean): string | undefined => {
      if (value === undefined) return undefined;
      if (typeof value === 'string' && (value !== '' || !required)) return value;
      if (typeof value === 'number') return String(value);
      problems.push(`${setting}: Expected ${required ? 'non-empty ' : ''}text, but the expression gave ${JSON.stringify(value)?.slice(0, 60)}`);
      return undefined;
    };
    const name = text('messageName', evaluate('messageName', webhook.messageName), true);
    const correlationKey = text('correlationKey', evaluate('correlationKey', webhook.correlationKey), false);
    const messageId = text('messageId', evaluate('messageId', webhook.messageId), false);
    const variables = evaluate('variables', webhook.variables);
    if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
      problems.push(`variables: Expected a context, but the expression gave ${Array.isArray(variables) ? 'a list' : typeof variables}`);
    }
    if (problems.length > 0) throw new ValidationError(`Expected the delivery to fit webhook '${webhook.name}'`, problems);
    return {
      name: name!,
      correlationKey,
      messageId,
      variables: (variables ?? undefined) as Record<string, JsonValue> | undefined,
      timeToLive: webhook.timeToLive,
      tenantId: webhook.tenantId,
    };
  }
}

import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';

/** A webhook's shared secret: its text never appears in logs, JSON or error messages. */
export class WebhookSecret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The secret's bytes, for the HMAC key. */
  bytes(): Buffer {
    return Buffer.from(this.#value, 'utf8');
  }
  toJSON(): string {
    return '[redacted]';
  }
  toString(): string {
    return '[redacted]';
  }
  [inspect.custom](): string {
    return '[redacted]';
  }
}

/**
 * One inbound webhook, `POST /v2/webhooks/{name}`. Each of `messageName`, `correlationKey`,
 * `variables` and `messageId` is a static value or FEEL (leading `=`) over `{ body, headers }`.
 */
export interface WebhookDefinition {
  readonly name: string;
  readonly secret: WebhookSecret;
  readonly messageName: string;
  /** @default '' (no correlation key: reaches message start events only) */
  readonly correlationKey?: string;
  /** Must evaluate to an object. @default no variables */
  readonly variables?: string;
  /** De-duplicates deliveries (e.g. `=body.eventId`); only effective with a time to live. */
  readonly messageId?: string;
  /** How long the message waits for a subscription, in ms. @default 0 */
  readonly timeToLive?: number;
  /** @default '<default>' */
  readonly tenantId?: string;
}

const NAME = /^[A-Za-z0-9._~-]{1,100}$/;
/** A shorter shared secret is guessable; 32 random bytes hex-encoded is the recommendation. */
const MIN_SECRET_LENGTH = 16;

/**
 * Reads `OSPREY_WEBHOOKS` (a JSON array) and `OSPREY_WEBHOOKS_FILE` (a path to one), adding a
 * message to `problems` for each invalid entry. Messages name the webhook, never its secret.
 */
export function loadWebhooks(env: NodeJS.ProcessEnv, problems: string[]): WebhookDefinition[] {
  const sources: { where: string; text: string }[] = [];
  if (env.OSPREY_WEBHOOKS?.trim()) sources.push({ where: 'OSPREY_WEBHOOKS', text: env.OSPREY_WEBHOOKS });
  if (env.OSPREY_WEBHOOKS_FILE?.trim()) {
    try {
      sources.push({ where: 'OSPREY_WEBHOOKS_FILE', text: readFileSync(env.OSPREY_WEBHOOKS_FILE.trim(), 'utf8') });
    } catch (error) {
      problems.push(`OSPREY_WEBHOOKS_FILE: Expected a readable file, but ${(error as Error).message}`);
    }
  }
  const webhooks: WebhookDefinition[] = [];
  for (const { where, text } of sources) {
    let entries: unknown;
    try {
      entries = JSON.parse(text);
    } catch {
      problems.push(`${where}: Expected a JSON array of webhooks, but it does not parse`);
      continue;
    }
    if (!Array.isArray(entries)) {
      problems.push(`${where}: Expected a JSON array of webhooks, but found ${typeof entries}`);
      continue;
    }
    entries.forEach((entry, i) => {
      const webhook = readEntry(entry, `${where}[${i}]`, problems);
      if (!webhook) return;
      if (webhooks.some((w) => w.name === webhook.name)) problems.push(`${where}[${i}]: Expected a unique name, but '${webhook.name}' is defined twice`);
      else webhooks.push(webhook);
    });
  }
  return webhooks;
}

function readEntry(entry: unknown, where: string, problems: string[]): WebhookDefinition | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    problems.push(`${where}: Expected an object, but found ${Array.isArray(entry) ? 'an array' : typeof entry}`);
    return undefined;
  }
  const e = entry as Record<string, unknown>;
  const before = problems.length;
  const text = (field: string, required: boolean): string | undefined => {
    const v = e[field];
    if (v === undefined || v === null) {
      if (required) problems.push(`${where}.${field}: Expected a string, but it is missing`);
      return undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') {
      problems.push(`${where}.${field}: Expected a non-empty string, but found ${typeof v === 'string' ? 'an empty one' : typeof v}`);
      return undefined;
    }
    return v;
  };
  const name = text('name', true);
  if (name !== undefined && !NAME.test(name)) problems.push(`${where}.name: Expected letters, digits, '.', '_', '~' or '-', but found '${name}'`);
  const secret = text('secret', true);
  // The secret's length may be named, its content never.
  if (secret !== undefined && secret.length < MIN_SECRET_LENGTH) {
    problems.push(`${where}.secret: Expected at least ${MIN_SECRET_LENGTH} characters, but found ${secret.length}`);
  }
  const messageName = text('messageName', true);
  const correlationKey = text('correlationKey', false);
  const variables = text('variables', false);
  const messageId = text('messageId', false);
  const tenantId = text('tenantId', false);
  const ttl = e.timeToLive;
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0)) {
    problems.push(`${where}.timeToLive: Expected a whole number of milliseconds, but found ${JSON.stringify(ttl)}`);
  }
  if (problems.length > before) return undefined;
  return {
    name: name!,
    secret: new WebhookSecret(secret!),
    messageName: messageName!,
    correlationKey,
    variables,
    messageId,
    timeToLive: typeof ttl === 'number' ? ttl : undefined,
    tenantId,
  };
}

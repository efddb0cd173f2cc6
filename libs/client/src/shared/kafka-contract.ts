import type { JsonValue } from './variables';

/**
 * The Kafka job contract between the engine and external workers.
 *
 * - The engine publishes each job of a Kafka-dispatched type to {@link jobTopic}
 *   (`<prefix>.jobs.<type>`), keyed by process instance key, value {@link KafkaJobMessage}.
 * - A worker answers on {@link resultsTopic} (`<prefix>.job-results`), keyed by process instance
 *   key, value {@link KafkaJobResult}. `resultId` is unique per result so the engine's consumer
 *   can de-duplicate redeliveries; `attempt` is the fencing token of the lease the worker held, so
 *   a result from a superseded lease is refused.
 *
 * This module has no dependency on a Kafka client: the engine imports it for the same types and
 * topic names (`@osprey/client/kafka-contract`).
 */

/** Topic prefix when none is configured; the engine's `OSPREY_KAFKA_PREFIX` default. */
export const DEFAULT_TOPIC_PREFIX = 'osprey';

/** Name of the results topic after the prefix: `<prefix>.job-results`. */
export const RESULTS_TOPIC = 'job-results';

/** Kafka's longest topic name. */
const MAX_TOPIC_LENGTH = 249;

/**
 * The topic jobs of `type` are dispatched to: `<prefix>.jobs.<type>`. Characters a topic name
 * cannot hold (anything outside `A-Z a-z 0-9 . _ -`) become `_`, so `io.acme:mail:1` maps to
 * `osprey.jobs.io.acme_mail_1`.
 * @throws KafkaContractError when the prefix or type is empty or the name exceeds 249 characters
 */
export function jobTopic(prefix: string, type: string): string {
  if (!prefix || !type)
    throw new KafkaContractError('Invalid job topic', [
      `Expected a topic prefix and a job type, but found '${prefix}' and '${type}'`,
    ]);
  return checkedTopic(`${sanitize(prefix)}.jobs.${sanitize(type)}`);
}

/** The topic job results go to: `<prefix>.job-results`. */
export function resultsTopic(prefix: string): string {
  if (!prefix)
    throw new KafkaContractError('Invalid results topic', [
      'Expected a topic prefix, but found an empty string',
    ]);
  return checkedTopic(`${sanitize(prefix)}.${RESULTS_TOPIC}`);
}

function sanitize(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]/g, '_');
}

function checkedTopic(name: string): string {
  if (name.length > MAX_TOPIC_LENGTH) {
    throw new KafkaContractError('Invalid topic', [
      `Expected a topic name of at most ${MAX_TOPIC_LENGTH} characters, but '${name.slice(0, 40)}…' has ${name.length}`,
    ]);
  }
  return name;
}

/** A job as the engine publishes it to `<prefix>.jobs.<type>`. Keys are strings, times ms since the epoch. */
export interface KafkaJobMessage {
  readonly jobKey: string;
  /** The lease's attempt number (fencing token); send it back in the result. */
  readonly attempt: number;
  /** When the lease ends, in ms since the epoch (engine clock). A result after it is refused. */
  readonly deadline: number;
  readonly type: string;
  readonly processInstanceKey: string;
  readonly elementId: string;
  readonly elementInstanceKey: string;
  readonly processDefinitionId: string;
  readonly customHeaders: Readonly<Record<string, string>>;
  readonly variables: Readonly<Record<string, JsonValue>>;
  /** Retries left, counting this attempt. */
  readonly retries: number;
}

/** Fields every result carries. */
interface KafkaJobResultBase {
  /** Unique per result (a UUID): the engine de-duplicates by it. */
  readonly resultId: string;
  readonly jobKey: string;
  /** The attempt of the lease the worker held. */
  readonly attempt: number;
}

/** The job is done; `variables` merge into the process as a REST completion's do. */
export interface KafkaJobComplete extends KafkaJobResultBase {
  readonly kind: 'complete';
  readonly variables?: Readonly<Record<string, JsonValue>>;
}

/** The job failed: `retries` left (0 raises an incident), retried after `retryBackOff` ms. */
export interface KafkaJobFail extends KafkaJobResultBase {
  readonly kind: 'fail';
  readonly retries: number;
  readonly retryBackOff?: number;
  readonly errorMessage?: string;
  readonly variables?: Readonly<Record<string, JsonValue>>;
}

/** A BPMN error thrown from the job's element: caught by an error boundary event, or an incident. */
export interface KafkaJobError extends KafkaJobResultBase {
  readonly kind: 'error';
  readonly errorCode: string;
  readonly errorMessage?: string;
  readonly variables?: Readonly<Record<string, JsonValue>>;
}

/** A worker's answer on `<prefix>.job-results`. */
export type KafkaJobResult = KafkaJobComplete | KafkaJobFail | KafkaJobError;

/** A Kafka message value that does not follow the contract; `problems` names every field. */
export class KafkaContractError extends Error {
  readonly code = 'KAFKA_CONTRACT_VIOLATION';
  constructor(
    message: string,
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`${message}: ${problems.join('; ')}`, options);
    this.name = 'KafkaContractError';
  }
}

/**
 * Parses and checks a job message value.
 * @throws KafkaContractError naming every missing or mistyped field
 */
export function parseKafkaJobMessage(value: Buffer | string | null | undefined): KafkaJobMessage {
  const f = new Fields(decode(value, 'job message'));
  const message: KafkaJobMessage = {
    jobKey: f.string('jobKey'),
    attempt: f.int('attempt', 1),
    deadline: f.time('deadline'),
    type: f.string('type'),
    processInstanceKey: f.string('processInstanceKey'),
    elementId: f.string('elementId'),
    elementInstanceKey: f.string('elementInstanceKey'),
    processDefinitionId: f.string('processDefinitionId'),
    customHeaders: f.object('customHeaders', true) as Record<string, string>,
    variables: f.object('variables', true) as Record<string, JsonValue>,
    retries: f.int('retries', 0),
  };
  f.done('Invalid job message');
  return message;
}

/**
 * Parses and checks a job result value (the engine's side of the contract).
 * @throws KafkaContractError naming every missing or mistyped field
 */
export function parseKafkaJobResult(value: Buffer | string | null | undefined): KafkaJobResult {
  const f = new Fields(decode(value, 'job result'));
  const base = { resultId: f.string('resultId'), jobKey: f.string('jobKey'), attempt: f.int('attempt', 1) };
  const variables = f.object('variables', false) as Record<string, JsonValue> | undefined;
  const kind = f.raw('kind');
  let result: KafkaJobResult | undefined;
  switch (kind) {
    case 'complete':
      result = { ...base, kind, variables };
      break;
    case 'fail':
      result = {
        ...base,
        kind,
        retries: f.int('retries', 0),
        retryBackOff: f.optionalInt('retryBackOff'),
        errorMessage: f.optionalString('errorMessage'),
        variables,
      };
      break;
    case 'error':
      result = {
        ...base,
        kind,
        errorCode: f.string('errorCode'),
        errorMessage: f.optionalString('errorMessage'),
        variables,
      };
      break;
    default:
      f.problem(
        `kind: Expected 'complete', 'fail' or 'error', but found ${JSON.stringify(kind) ?? 'nothing'}`,
      );
  }
  f.done('Invalid job result');
  return compact(result!);
}

/** Drops absent optional fields, so a parsed value equals what was sent. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function decode(value: Buffer | string | null | undefined, what: string): unknown {
  if (value === null || value === undefined)
    throw new KafkaContractError(`Invalid ${what}`, ['Expected a JSON value, but the message has none']);
  try {
    return JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (error) {
    throw new KafkaContractError(
      `Invalid ${what}`,
      [`Expected JSON, but it does not parse: ${(error as Error).message}`],
      { cause: error },
    );
  }
}

/** Reads fields of a decoded JSON object, collecting every problem before throwing once. */
class Fields {
  private readonly problems: string[] = [];
  private readonly obj: Record<string, unknown>;

  constructor(raw: unknown) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      this.obj = {};
      this.problems.push(`Expected a JSON object, but found ${Array.isArray(raw) ? 'an array' : typeof raw}`);
    } else this.obj = raw as Record<string, unknown>;
  }

  raw(name: string): unknown {
    return this.obj[name];
  }

  string(name: string): string {
    const v = this.obj[name];
    if (typeof v !== 'string' || v === '')
      this.problems.push(`${name}: Expected a non-empty string, but found ${show(v)}`);
    return v as string;
  }

  optionalString(name: string): string | undefined {
    const v = this.obj[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') this.problems.push(`${name}: Expected a string, but found ${show(v)}`);
    return v as string;
  }

  int(name: string, min: number): number {
    const v = this.obj[name];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min)
      this.problems.push(`${name}: Expected an integer of at least ${min}, but found ${show(v)}`);
    return v as number;
  }

  /** A time in ms since the epoch; a fractional millisecond is rounded down. */
  time(name: string): number {
    const v = this.obj[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      this.problems.push(`${name}: Expected a time in ms since the epoch, but found ${show(v)}`);
      return v as number;
    }
    return Math.floor(v);
  }

  optionalInt(name: string): number | undefined {
    const v = this.obj[name];
    return v === undefined || v === null ? undefined : this.int(name, 0);
  }

  object(name: string, required: boolean): Record<string, unknown> | undefined {
    const v = this.obj[name];
    if (v === undefined || v === null) {
      if (required) this.problems.push(`${name}: Expected an object, but it is missing`);
      return required ? {} : undefined;
    }
    if (typeof v !== 'object' || Array.isArray(v))
      this.problems.push(`${name}: Expected an object, but found ${show(v)}`);
    return v as Record<string, unknown>;
  }

  problem(message: string): void {
    this.problems.push(message);
  }

  done(message: string): void {
    if (this.problems.length > 0) throw new KafkaContractError(message, this.problems);
  }
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' && v !== null ? 'an object' : JSON.stringify(v);
}

import type { Static, TSchema } from '@sinclair/typebox';
import { problemsOf } from '../check';
import { KafkaJobMessage } from './job-message';
import { KafkaJobResult } from './job-result';
import { KafkaInboundMessage } from './inbound-message';
import { KafkaContractError } from './kafka-contract-error';

/**
 * Parses a Kafka message value as JSON and checks it against `schema`.
 * @throws KafkaContractError naming every missing or mistyped field
 */
export function decodeKafkaValue<T extends TSchema>(schema: T, value: Buffer | string | null | undefined, what: string): Static<T> {
  if (value === null || value === undefined) throw new KafkaContractError(`Invalid ${what}`, ['Expected a JSON value, but the message has none']);
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (error) {
    throw new KafkaContractError(`Invalid ${what}`, [`Expected JSON, but it does not parse: ${(error as Error).message}`], { cause: error });
  }
  const problems = problemsOf(schema, parsed, what);
  if (problems.length > 0) throw new KafkaContractError(`Invalid ${what}`, problems);
  return parsed as Static<T>;
}

/** A job message as a worker receives it. @throws KafkaContractError */
export function parseKafkaJobMessage(value: Buffer | string | null | undefined): KafkaJobMessage {
  const message = decodeKafkaValue(KafkaJobMessage, value, 'job message');
  return { ...message, deadline: Math.floor(message.deadline) };
}

/** A job result as the engine receives it. @throws KafkaContractError */
export function parseKafkaJobResult(value: Buffer | string | null | undefined): KafkaJobResult {
  return decodeKafkaValue(KafkaJobResult, value, 'job result');
}

/** An inbound message as the engine receives it. @throws KafkaContractError */
export function parseKafkaInboundMessage(value: Buffer | string | null | undefined): KafkaInboundMessage {
  return decodeKafkaValue(KafkaInboundMessage, value, 'message');
}

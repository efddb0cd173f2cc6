import { KafkaContractError } from './kafka-contract-error';

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
  if (!prefix || !type) throw new KafkaContractError('Invalid job topic', [`Expected a topic prefix and a job type, but found '${prefix}' and '${type}'`]);
  return checkedTopic(`${sanitize(prefix)}.jobs.${sanitize(type)}`);
}

/** The topic job results go to: `<prefix>.job-results`. @throws KafkaContractError for an empty prefix */
export function resultsTopic(prefix: string): string {
  return checkedTopic(`${nonEmpty(prefix)}.${RESULTS_TOPIC}`);
}

/** The topic inbound messages are read from: `<prefix>.messages`. @throws KafkaContractError for an empty prefix */
export function messagesTopic(prefix: string): string {
  return checkedTopic(`${nonEmpty(prefix)}.messages`);
}

/** The topic the engine's record stream goes to: `<prefix>.events`. @throws KafkaContractError for an empty prefix */
export function eventsTopic(prefix: string): string {
  return checkedTopic(`${nonEmpty(prefix)}.events`);
}

function nonEmpty(prefix: string): string {
  if (!prefix) throw new KafkaContractError('Invalid topic', ['Expected a topic prefix, but found an empty string']);
  return sanitize(prefix);
}

function sanitize(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]/g, '_');
}

function checkedTopic(name: string): string {
  if (name.length > MAX_TOPIC_LENGTH) {
    throw new KafkaContractError('Invalid topic', [`Expected a topic name of at most ${MAX_TOPIC_LENGTH} characters, but '${name.slice(0, 40)}…' has ${name.length}`]);
  }
  return name;
}

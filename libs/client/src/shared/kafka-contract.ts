/**
 * The Kafka job contract between the engine and external workers, from `@osprey/contracts` —
 * the one definition the engine uses too.
 *
 * - The engine publishes each job of a Kafka-dispatched type to {@link jobTopic}
 *   (`<prefix>.jobs.<type>`), keyed by process instance key, value {@link KafkaJobMessage}.
 * - A worker answers on {@link resultsTopic} (`<prefix>.job-results`), keyed by process instance
 *   key, value {@link KafkaJobResult}. `resultId` is unique per result so the engine's consumer
 *   can de-duplicate redeliveries; `attempt` is the fencing token of the lease the worker held, so
 *   a result from a superseded lease is refused.
 */
export {
  DEFAULT_TOPIC_PREFIX,
  RESULTS_TOPIC,
  jobTopic,
  resultsTopic,
  messagesTopic,
  KafkaContractError,
  parseKafkaJobMessage,
  parseKafkaJobResult,
  type KafkaJobMessage,
  type KafkaJobResult,
  type KafkaJobComplete,
  type KafkaJobFail,
  type KafkaJobError,
  type KafkaInboundMessage,
} from '@osprey/contracts';

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

/**
 * The brokers of the shared test Kafka (`KAFKA_BROKERS`, set by `npm test`).
 * @throws when `KAFKA_BROKERS` is not set
 */
export function kafkaBrokers(): string[] {
  const list = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (list.length === 0) throw new Error('Expected KAFKA_BROKERS to be set (npm test sets it through scripts/services)');
  return list;
}

import { KafkaInboundMessage } from './inbound-message';
import { KafkaJobMessage } from './job-message';
import { KafkaJobResult } from './job-result';

/**
 * The Kafka contract as one plain JSON Schema document (draft 2020-12), for clients outside
 * TypeScript: the Python SDK ships it as `osprey/kafka-contract.schema.json` and validates what
 * it reads and sends against it. Generated from the same TypeBox schemas the engine uses, so
 * there is still one definition; `npm run contracts:python` writes the file, and the Python
 * SDK's test fails when the shipped copy differs.
 */
export function kafkaContractJsonSchema(): Record<string, unknown> {
  // JSON round trip: TypeBox marks its schemas with symbol keys that are no JSON Schema.
  return JSON.parse(
    JSON.stringify({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $comment: 'Generated from @osprey/contracts (libs/contracts/src/kafka) by `npm run contracts:python`; do not edit.',
      $defs: { KafkaJobMessage, KafkaJobResult, KafkaInboundMessage },
    }),
  ) as Record<string, unknown>;
}

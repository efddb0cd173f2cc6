import { Type, type Static } from '@sinclair/typebox';
import { NonEmpty, Variables } from '../json';

/**
 * A message another system publishes to `<prefix>.messages` for the engine to correlate, the
 * Kafka form of `POST /v2/messages/publication`. `messageId` de-duplicates; without it the
 * record's offset does.
 */
export const KafkaInboundMessage = Type.Object({
  name: NonEmpty,
  correlationKey: Type.Optional(Type.Union([Type.String(), Type.Number()], { description: 'a string or number' })),
  variables: Type.Optional(Variables),
  /** Milliseconds the message waits for a subscription. */
  timeToLive: Type.Optional(Type.Integer({ minimum: 0 })),
  messageId: Type.Optional(NonEmpty),
  tenantId: Type.Optional(NonEmpty),
});
export type KafkaInboundMessage = Static<typeof KafkaInboundMessage>;

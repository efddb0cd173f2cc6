import type { INestApplication } from '@nestjs/common';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { inboundTopics } from '@osprey/kafka';
import type { OspreyEngine } from '@osprey/store';
import type { Logger } from 'pino';
import type { EngineConfig } from '../config/engine-config';
import { kafkaClientConfig } from './kafka-connection';
import { INBOUND_PATTERNS } from './kafka-inbound.controller';
import { KafkaInboundServer } from './kafka-inbound.server';

/**
 * Connects the inbound Kafka consumers to the app as a Nest microservice (a hybrid app) on
 * engines with the `executor` role when Kafka is on; `startAllMicroservices` then joins the
 * consumer group `OSPREY_KAFKA_GROUP_ID`. Other engines never join it.
 * @returns whether a microservice was connected
 */
export function connectKafkaInbound(app: INestApplication, config: EngineConfig, engine: OspreyEngine, logger: Logger): boolean {
  const k = config.kafka;
  if (!k || !config.roles.has('executor')) return false;
  const topics = inboundTopics(k.topicPrefix);
  const log = logger.child({ component: 'kafka' });
  app.connectMicroservice<MicroserviceOptions>({
    strategy: new KafkaInboundServer({
      client: kafkaClientConfig(k),
      groupId: k.groupId,
      patterns: { [topics.results]: INBOUND_PATTERNS.results, [topics.messages]: INBOUND_PATTERNS.messages },
      // Job results are applied many at once; messages in order, as correlation order matters.
      concurrent: new Set([topics.results]),
      ready: () => engine.db.ping(),
      onPause: (topic, partition, paused) =>
        paused
          ? log.warn({ topic, partition }, 'Kafka partition paused until the database answers again')
          : log.info({ topic, partition }, 'Kafka partition resumed'),
      onCommitError: (error) => log.info({ err: error }, 'Kafka offset commit refused; the records will come again and be recognised'),
    }),
  });
  return true;
}

import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { outboxPolicy, type OspreyEngine } from '@osprey/store';
import { OutboxRelay } from '@osprey/kafka';
import type { Logger } from 'pino';
import type { EngineConfig } from '../config/engine-config';
import { CONFIG, ENGINE, KAFKA, LOGGER } from '../engine.tokens';
import type { KafkaConnection } from './kafka-connection';
import { Lifecycle } from '../lifecycle';

/** How often Kafka jobs with expired leases or finished back-offs are looked for, in ms. */
const REDISPATCH_POLL_MS = 250;

/**
 * Kafka, when `KAFKA_BROKERS` is set: jobs of Kafka-routed types and the record stream go
 * through the outbox (every role writes it); the `relay` role publishes it; the `executor`
 * role re-dispatches jobs whose lease expired and, through the Kafka microservice
 * (`KafkaInboundController`), consumes job results and inbound messages.
 */
@Injectable()
export class KafkaBridge implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay?: OutboxRelay;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(ENGINE) private readonly engine: OspreyEngine,
    @Inject(CONFIG) private readonly config: EngineConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(KAFKA) private readonly connection: KafkaConnection | null,
    @Inject(Lifecycle) private readonly lifecycle: Lifecycle,
  ) {
    const k = config.kafka;
    if (!k) return;
    engine.enableKafka(
      outboxPolicy({
        topicPrefix: k.topicPrefix,
        kafkaJobTypes: k.jobTypes,
        kafkaJobTimeoutMs: k.jobTimeoutMs,
        eventKinds: k.eventKinds.includes('none') ? ['NONE'] : k.eventKinds,
      }),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    const k = this.config.kafka;
    if (!k || !this.connection) return;
    const log = this.logger.child({ component: 'kafka' });
    if (this.config.roles.has('relay')) {
      this.relay = new OutboxRelay(this.engine.db, this.connection.kafka, {
        listenUrl: this.config.database.kind === 'server' ? this.config.database.url : undefined,
        isOwnNotification: (pid) => this.engine.replicaWakeups?.isOwn(pid) ?? false,
        pollMs: k.outboxPollMs,
        hooks: {
          onError: (error) => log.warn({ err: error }, 'outbox relay error; retrying'),
          onLeadership: (leader) => log.info({ leader }, leader ? 'outbox relay is the leader' : 'outbox relay lost leadership'),
        },
      });
      await this.relay.start();
      // This replica's commits wake the relay in-process; other replicas' through the NOTIFY
      // they send after commit (ReplicaWakeups), with the poll as the fallback.
      this.engine.events.onOutbox(() => this.relay?.poke());
    }
    // The executor's consumers of job results and messages are the Kafka microservice
    // (kafka-inbound.ts); here it re-dispatches jobs whose Kafka lease expired.
    if (this.config.roles.has('executor')) this.scheduleRedispatch();
  }

  private scheduleRedispatch() {
    this.timer = setTimeout(() => {
      void this.lifecycle
        .track(this.engine.kafkaJobs!.redispatchDue())
        .catch((error: unknown) => this.logger.warn({ err: error }, 'job re-dispatch failed; retrying'))
        .finally(() => !this.lifecycle.stopping && this.scheduleRedispatch());
    }, REDISPATCH_POLL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    await this.relay?.stop();
  }
}

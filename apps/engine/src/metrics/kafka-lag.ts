import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { topics } from '@osprey/store';
import type { Admin } from 'kafkajs';
import type { Logger } from 'pino';
import type { EngineConfig } from '../config/engine-config';
import { CONFIG, KAFKA, LOGGER } from '../engine.tokens';
import type { KafkaConnection } from '../kafka/kafka-connection';
import { EngineMetrics } from './engine-metrics';

/** Longest a lag sample may take before the scrape goes on without it, in ms. */
const SAMPLE_TIMEOUT_MS = 2_000;

/**
 * Consumer lag of the engine's inbound topics (`<prefix>.job-results`, `<prefix>.messages`):
 * for each partition, the high watermark minus the consumer group's committed offset, summed per
 * topic. Two admin requests per topic at scrape time (at most every `minIntervalMs`), on
 * replicas with the `executor` role, which run the consumers; nothing when Kafka is off.
 */
@Injectable()
export class KafkaLag implements OnApplicationShutdown {
  /** A scrape within this many ms of the last sample reuses it. @default 5000 */
  minIntervalMs = 5_000;
  private admin?: Admin;
  private lastSample = 0;
  private sampling?: Promise<void>;

  constructor(
    @Inject(CONFIG) private readonly config: EngineConfig,
    @Inject(KAFKA) private readonly connection: KafkaConnection | null,
    @Inject(EngineMetrics) private readonly metrics: EngineMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    if (config.kafka && connection && config.roles.has('executor')) metrics.onScrape(() => this.refresh());
  }

  private refresh(): Promise<void> {
    if (Date.now() - this.lastSample < this.minIntervalMs) return Promise.resolve();
    this.sampling ??= withTimeout(this.sample(), SAMPLE_TIMEOUT_MS)
      .then(() => {
        this.lastSample = Date.now();
      })
      .catch((error: unknown) => {
        this.metrics.kafkaConsumerLag.reset();
        this.logger.warn({ err: error }, 'could not sample Kafka consumer lag');
      })
      .finally(() => {
        this.sampling = undefined;
      });
    return this.sampling;
  }

  private async sample(): Promise<void> {
    const { topicPrefix, groupId } = this.config.kafka!;
    if (!this.admin) {
      const admin = this.connection!.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    const inbound = [topics.results(topicPrefix), topics.messages(topicPrefix)];
    const committed = await this.admin.fetchOffsets({ groupId, topics: inbound });
    for (const topic of inbound) {
      const ends = await this.admin.fetchTopicOffsets(topic);
      const offsets = new Map((committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      let lag = 0;
      for (const end of ends) {
        const at = offsets.get(end.partition) ?? -1;
        // -1: the group has committed nothing on this partition yet and will start at the oldest message.
        lag += Math.max(0, Number(end.high) - (at < 0 ? Number(end.low) : at));
      }
      this.metrics.kafkaConsumerLag.set({ topic }, lag);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Expected Kafka to answer within ${ms} ms, but it did not`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

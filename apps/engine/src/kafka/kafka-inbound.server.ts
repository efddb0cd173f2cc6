import { ServerKafka, type KafkaOptions } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, EachMessagePayload, KafkaConfig, KafkaMessage } from 'kafkajs';
import { ensureTopics } from '@osprey/kafka';

/** First wait before a paused partition asks whether the database answers again, in ms. */
const FIRST_PROBE_MS = 500;
/** Longest wait between two such questions, in ms. */
const MAX_PROBE_MS = 10_000;
/**
 * Records of a topic of independent records applied at once: enough to fill the command groups
 * of job answers (ADR 0034) several times over, few enough that HTTP requests arriving meanwhile
 * do not queue behind a whole fetched batch.
 */
export const CONCURRENT_RECORDS = 64;

/** What the engine's Kafka transport consumes and how it learns the database is back. */
export interface KafkaInboundOptions {
  /** The kafkajs client settings (`kafkaClientConfig`). */
  readonly client: KafkaConfig;
  /** `OSPREY_KAFKA_GROUP_ID`, used as it is (no `-server` suffix: upgrades keep their offsets). */
  readonly groupId: string;
  /** Topic name → the `@EventPattern` its records go to (the prefix stays out of the handlers). */
  readonly patterns: Readonly<Record<string, string>>;
  /**
   * Topics whose records of different keys are independent of each other (job results, keyed by
   * their instance). Up to {@link CONCURRENT_RECORDS} of a batch are applied at once, records of
   * one key still one after another; other topics' records one after another, in order.
   */
  readonly concurrent?: ReadonlySet<string>;
  /** True when the database answers; a paused partition resumes then. */
  readonly ready: () => Promise<boolean>;
  /** Told when a partition pauses after a failed record, and when it resumes. */
  readonly onPause?: (topic: string, partition: number, paused: boolean) => void;
  /** Told when the broker refused an offset commit (the records come again and are no-ops). */
  readonly onCommitError?: (error: unknown) => void;
}

/**
 * The engine's inbound Kafka transport: `@nestjs/microservices`' `ServerKafka` with the
 * guarantees ADR 0025 lists.
 *
 * - Offsets are committed by hand (`autoCommit: false`), after the record's `@EventPattern`
 *   handler resolved — that is, after the database transaction that applied it (and recorded its
 *   id) committed. A crash in between redelivers the record; its id makes the second apply a
 *   no-op. Commits do not hold up the next record: while one is on its way, the newest offset of
 *   each partition waits and goes in the next (one round trip per burst, not per record).
 * - Records of a {@link KafkaInboundOptions.concurrent} topic are applied many at once, so their
 *   transactions can share commits; the offset then moves over the records before the first one
 *   that failed, and those after it come again and are recognised by their ids.
 * - A handler that fails pauses its partition and rethrows: kafkajs keeps the record, fetches
 *   nothing more for that partition, and the transport resumes it when the database answers
 *   again (back-off from 0.5 to 10 s), so an outage costs no busy retries and skips nothing.
 * - Topics are created explicitly before subscribing; the consumer never creates one.
 * - Records reach handlers as their raw bytes (`keepBinary`): the handler decides what JSON
 *   it accepts, as over HTTP, not a lenient parser.
 * - No producer: the engine answers on Kafka only through its outbox.
 */
export class KafkaInboundServer extends ServerKafka {
  private readonly paused = new Set<string>();
  /** Next offsets to commit, newest per partition. */
  private readonly toCommit = new Map<string, { topic: string; partition: number; offset: string }>();
  private committing?: Promise<void>;
  /** Records being applied, awaited by close() so their offsets are committed before the group is left. */
  private readonly applying = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly inbound: KafkaInboundOptions) {
    super({
      client: inbound.client as NonNullable<KafkaOptions['options']>['client'],
      consumer: { groupId: inbound.groupId, allowAutoTopicCreation: false },
      postfixId: '',
      parser: { keepBinary: true },
      deserializer: { deserialize: (message: { value: Buffer | null }, options?: { channel: string }) => ({ pattern: inbound.patterns[options?.channel ?? ''], data: message.value }) },
    });
  }

  /** Connects the consumer only; see the class comment for why there is no producer. */
  override async start(callback: () => void): Promise<void> {
    this.consumer = this.client!.consumer({ groupId: this.groupId, allowAutoTopicCreation: false });
    this.registerConsumerEventListeners();
    await this.consumer.connect();
    await this.bindEvents(this.consumer as unknown as Consumer);
    callback();
  }

  /** Creates the topics, subscribes from the beginning (a new group misses nothing) and runs. */
  override async bindEvents(consumer: Consumer): Promise<void> {
    const names = Object.keys(this.inbound.patterns);
    const admin = (this.client as unknown as { admin(): import('kafkajs').Admin }).admin();
    await admin.connect();
    try {
      await ensureTopics(admin, names);
    } finally {
      await admin.disconnect();
    }
    await consumer.subscribe({ topics: names, fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => this.handleBatch(payload) });
  }

  /**
   * Applies a fetched batch of one partition: one record after another, or, on a topic of
   * independent records, {@link CONCURRENT_RECORDS} at a time. A record that fails throws after
   * the offsets of the records before it were resolved: kafkajs fetches again from it.
   */
  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const { topic, partition } = batch;
    const each = (message: KafkaMessage) =>
      this.handleMessage({ topic, partition, message, heartbeat: () => payload.heartbeat(), pause: () => payload.pause() });
    const step = this.inbound.concurrent?.has(topic) ? CONCURRENT_RECORDS : 1;
    for (let i = 0; i < batch.messages.length; i += step) {
      // A rebalance took the partition, or a seek moved it: what is left is no longer ours to apply.
      if (!payload.isRunning() || payload.isStale()) return;
      const chunk = batch.messages.slice(i, i + step);
      // Records of one key (a job result's is its instance) in order, each after the one before.
      const lastOfKey = new Map<string, Promise<void>>();
      const applying = chunk.map((message) => {
        if (!message.key) return each(message);
        const key = message.key.toString('latin1');
        const before = lastOfKey.get(key);
        const run = before ? before.then(() => each(message)) : each(message);
        lastOfKey.set(key, run);
        return run;
      });
      const settled = await Promise.allSettled(applying);
      const failed = settled.findIndex((s) => s.status === 'rejected');
      const applied = failed === -1 ? chunk : chunk.slice(0, failed);
      for (const message of applied) payload.resolveOffset(message.offset);
      if (applied.length > 0) this.commitAfter(topic, partition, applied.at(-1)!.offset);
      if (failed !== -1) throw (settled[failed] as PromiseRejectedResult).reason;
      await payload.heartbeat();
    }
  }

  override handleMessage(payload: EachMessagePayload): Promise<void> {
    // Closing: the record is not applied and its offset not committed; the group's next member reads it.
    if (this.closed) return Promise.reject(new Error('Expected a running consumer, but it is closing'));
    const applying = this.apply(payload).finally(() => this.applying.delete(applying));
    this.applying.add(applying);
    return applying;
  }

  private async apply(payload: EachMessagePayload): Promise<void> {
    const { topic, partition, message } = payload;
    try {
      await super.handleMessage(payload);
    } catch (error) {
      this.pauseUntilReady(topic, partition);
      throw new Error(`Could not apply ${topic}/${partition}@${message.offset}; it will be delivered again`, { cause: error });
    }
  }

  /** Commits the offset after `offset` (the next to read), now that the records up to it are applied. */
  private commitAfter(topic: string, partition: number, offset: string): void {
    this.toCommit.set(`${topic}/${partition}`, { topic, partition, offset: (BigInt(offset) + 1n).toString() });
    this.committing ??= this.commitPending();
  }

  private async commitPending(): Promise<void> {
    try {
      while (this.toCommit.size > 0 && this.consumer) {
        const offsets = [...this.toCommit.values()];
        this.toCommit.clear();
        // Refused after a rebalance (the partition moved): its new owner re-reads from the last
        // committed offset and the ids make those records no-ops.
        await this.consumer.commitOffsets(offsets).catch((error: unknown) => this.inbound.onCommitError?.(error));
      }
    } finally {
      this.committing = undefined;
    }
  }

  private pauseUntilReady(topic: string, partition: number): void {
    const consumer = this.consumer!;
    consumer.pause([{ topic, partitions: [partition] }]);
    const key = `${topic}/${partition}`;
    if (this.paused.has(key)) return;
    this.paused.add(key);
    this.inbound.onPause?.(topic, partition, true);
    const probe = (delay: number) => {
      const timer = setTimeout(() => {
        void this.inbound
          .ready()
          .catch(() => false)
          .then((ready) => {
            if (this.closed) return;
            if (!ready) return probe(Math.min(delay * 2, MAX_PROBE_MS));
            this.paused.delete(key);
            consumer.resume([{ topic, partitions: [partition] }]);
            this.inbound.onPause?.(topic, partition, false);
          });
      }, delay);
      timer.unref();
    };
    probe(FIRST_PROBE_MS);
  }

  override async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.applying]);
    await this.committing;
    await super.close();
  }
}

import type { Kafka, Producer } from 'kafkajs';
import { AdvisoryLock, ChannelListener, deleteOutboxRows, oldestOutboxRows, OUTBOX_CHANNEL, startDispatchLeases, type Database } from '@osprey/store';

/** Rows published per round trip. */
const BATCH = 500;
/** Idle poll interval when no wake-up arrives, in ms (`OutboxRelayOptions.pollMs`). */
export const DEFAULT_OUTBOX_POLL_MS = 250;
/** Advisory lock id: one relay publishes at a time, so per-instance order holds across replicas. */
const RELAY_LOCK = 'osprey-outbox-relay';

/** How an {@link OutboxRelay} listens and polls. */
export interface OutboxRelayOptions {
  /** PostgreSQL server to LISTEN on `osprey_outbox` (absent: the embedded database, poll and in-process pokes only). */
  listenUrl?: string;
  /**
   * True for notifications this replica sent itself (by the sender's backend pid): the relay
   * was poked in-process already, so they are ignored.
   */
  isOwnNotification?: (senderPid: number) => boolean;
  /** Re-check of the outbox when no wake-up arrives, in ms. @default 250 */
  pollMs?: number;
  hooks?: RelayHooks;
}

/** Hooks for logs and metrics. */
export interface RelayHooks {
  onPublished?(count: number, lagMs: number): void;
  onError?(error: unknown): void;
  onLeadership?(leader: boolean): void;
}

/**
 * Publishes the transactional outbox to Kafka. One relay is the leader at a time (a session
 * advisory lock: when its process dies, PostgreSQL frees the lock and another relay takes
 * over). It reads rows in id order, publishes them with an idempotent producer (acks from all
 * replicas, one request in flight, so order per partition holds), then deletes them.
 *
 * A crash between publish and delete re-publishes those rows: consumers see a duplicate, never
 * a gap. Every message carries a stable id for consumers to de-duplicate, and the row's trace
 * context (`traceparent`, `tracestate` headers) when tracing was on as it was written.
 */
export class OutboxRelay {
  private producer?: Producer;
  private readonly lock: AdvisoryLock;
  private listener?: ChannelListener;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /**
   * A poke arrived since the relay last read the outbox. A poke while it publishes finds no
   * sleep to end; without this, the row it announces waited for the next poll (250 ms).
   */
  private poked = false;
  leader = false;

  constructor(
    private readonly db: Database,
    private readonly kafka: Kafka,
    private readonly options: OutboxRelayOptions = {},
  ) {
    this.lock = new AdvisoryLock(db, RELAY_LOCK);
  }

  /** Starts relaying in the background. */
  async start(): Promise<void> {
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
    await this.producer.connect();
    if (this.options.listenUrl) {
      // Another replica's NOTIFY, sent right after its command committed outside the command's
      // transaction (docs/adr/0024-outbox-wake-ups-after-commit.md), wakes the relay within
      // milliseconds; this replica's own commits poke it in-process.
      this.listener = new ChannelListener(this.options.listenUrl, OUTBOX_CHANNEL, (_payload, senderPid) => {
        if (!this.options.isOwnNotification?.(senderPid)) this.poke();
      });
      await this.listener.start();
    }
    this.running = true;
    this.loop = this.run();
  }

  /** Wakes the relay (an in-process hint after a commit); a relay that does not lead ignores it. */
  poke(): void {
    if (!this.leader) return;
    this.poked = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (!this.leader) await this.tryLead();
        const published = this.leader ? await this.publishBatch() : 0;
        if (published < BATCH) await this.sleep(this.leader ? (this.options.pollMs ?? DEFAULT_OUTBOX_POLL_MS) : 1_000);
      } catch (error) {
        this.options.hooks?.onError?.(error);
        await this.dropLeadership();
        await this.sleep(1_000);
      }
    }
  }

  private async tryLead(): Promise<void> {
    this.leader = await this.lock.tryAcquire();
    if (this.leader) this.options.hooks?.onLeadership?.(true);
  }

  private async dropLeadership(): Promise<void> {
    if (this.leader) this.options.hooks?.onLeadership?.(false);
    this.leader = false;
    await this.lock.release();
  }

  /** Publishes the oldest rows; returns how many. */
  private async publishBatch(): Promise<number> {
    // What was poked for so far is read now; a poke from here on means a row this read may miss.
    this.poked = false;
    const rows = await oldestOutboxRows(this.db, BATCH);
    if (rows.length === 0) return 0;
    // A job's lease starts now, as its message goes out, not when it was dispatched (ADR 0020).
    const deadlines = await startDispatchLeases(this.db, rows.filter((r) => r.jobKey !== null).map((r) => r.id));
    const byTopic = new Map<string, { key: string | null; value: string; headers: Record<string, string> }[]>();
    for (const r of rows) {
      let value = r.payload;
      if (r.jobKey !== null) {
        const deadline = deadlines.get(r.id);
        // The job completed, was cancelled or moved on to another attempt: a worker would only be refused.
        if (deadline === undefined) continue;
        value = JSON.stringify({ ...(JSON.parse(r.payload) as object), deadline });
      }
      const list = byTopic.get(r.topic) ?? [];
      // The stored trace context goes out as W3C headers, so a consumer continues the trace of
      // the command that wrote the row (docs/adr/0006-trace-context-through-the-outbox.md).
      list.push({ key: r.key, value, headers: { ...r.headers, 'osprey-outbox-id': r.id } });
      byTopic.set(r.topic, list);
    }
    if (byTopic.size > 0) {
      await this.producer!.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    }
    await deleteOutboxRows(this.db, rows.map((r) => r.id));
    this.options.hooks?.onPublished?.(rows.length, Math.max(...rows.map((r) => r.age)));
    return rows.length;
  }

  private sleep(ms: number): Promise<void> {
    if (this.poked && this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(t);
        this.wake = undefined;
        resolve();
      };
    });
  }

  /** Stops after the batch in flight; releases leadership and connections. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.dropLeadership();
    await this.listener?.stop();
    await this.producer?.disconnect().catch(() => undefined);
  }
}

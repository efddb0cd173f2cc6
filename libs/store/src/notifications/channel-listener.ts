import { Client } from 'pg';

/** Delay before listening again after the connection dropped, in ms. */
const RECONNECT_MS = 1_000;

/** What a {@link ChannelListener} reports besides payloads. */
export interface ChannelListenerHooks {
  /** The connection failed or dropped; the listener tries again after a second. */
  onError?(error: unknown): void;
}

/**
 * A dedicated PostgreSQL connection that LISTENs on one channel and hands each notification's
 * payload to a callback, re-listening after a second whenever the connection drops.
 * Notifications are hints: a lost one must only cost latency, so callers poll as well.
 * Only for a PostgreSQL server; the embedded database runs in one process.
 */
export class ChannelListener {
  private client?: Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    /** Called with each notification's payload and the backend pid of the connection that sent it. */
    private readonly onPayload: (payload: string, senderPid: number) => void,
    private readonly hooks: ChannelListenerHooks = {},
  ) {}

  /** Connects and listens; resolves once listening or once the first attempt failed (it retries). */
  async start(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.url });
    client.on('notification', (n) => {
      if (n.channel === this.channel) this.onPayload(n.payload ?? '', n.processId);
    });
    client.on('error', (error) => {
      this.hooks.onError?.(error);
      void client.end().catch(() => undefined);
      this.scheduleRestart();
    });
    try {
      await client.connect();
      // The channel is one of ours, never a caller's text: quoted as an identifier all the same.
      await client.query(`LISTEN "${this.channel.replace(/"/g, '""')}"`);
      this.client = client;
    } catch (error) {
      this.hooks.onError?.(error);
      void client.end().catch(() => undefined);
      this.scheduleRestart();
    }
  }

  private scheduleRestart(): void {
    if (this.stopped) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.start(), RECONNECT_MS);
    this.retry.unref();
  }

  /** Stops listening and closes the connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }
}

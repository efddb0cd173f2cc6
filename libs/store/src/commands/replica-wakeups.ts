import { Client } from 'pg';

/** The channel other replicas' long-polls LISTEN on; the payload is one job type. */
export const JOB_CHANNEL = 'osprey_jobs';
/** The channel the outbox relays LISTEN on; the payload is empty. */
export const OUTBOX_CHANNEL = 'osprey_outbox';

/**
 * Tells the other replicas, after commit, what a committed command left for them: which job
 * types got activatable jobs (their waiting long-polls wake at once) and whether Kafka outbox
 * rows were written (the relay, which may be the leader on another replica, publishes at once).
 * See docs/adr/0015-job-wake-ups-after-commit.md and docs/adr/0024-outbox-wake-ups-after-commit.md.
 *
 * A NOTIFY inside a command's transaction takes PostgreSQL's database-wide notification lock at
 * commit and holds it until the commit's WAL flush, which serialises every committing command
 * that notified: in the benchmark 2.6 of 20 connections were waiting on it at 500 starts/s.
 * Instead, what committed commands announce is collected here and sent after commit, outside
 * any command's transaction, on a connection of its own: at most one statement in flight, so
 * under load one statement carries the announcements of every command that committed
 * meanwhile, and when idle it goes out on the next turn of the event loop (sub-millisecond after
 * the commit).
 *
 * A hint only: a lost notification (connection down, crash between commit and send) costs
 * latency, not work — every waiting long-poll and the relay also re-check the table on their own.
 */
export class ReplicaWakeups {
  private readonly pendingTypes = new Set<string>();
  private pendingOutbox = false;
  private scheduled = false;
  private sending = false;
  private client?: Promise<Client>;
  private closed = false;
  /** Backend pid of the sending connection, so this replica can ignore its own notifications. */
  private pid?: number;

  /**
   * @param url the PostgreSQL server of the engine
   * @param onError told when a send fails (the next send connects afresh)
   */
  constructor(
    private readonly url: string,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Announces `types` (of a transaction that has committed) to the other replicas' long-polls. */
  announce(types: Iterable<string>): void {
    if (this.closed) return;
    for (const t of types) this.pendingTypes.add(t);
    if (this.pendingTypes.size > 0) this.schedule();
  }

  /** Announces that a committed transaction wrote Kafka outbox rows, for the relay wherever it leads. */
  announceOutbox(): void {
    if (this.closed) return;
    this.pendingOutbox = true;
    this.schedule();
  }

  /** True when a notification came from this replica's own sender (its local waiters already woke). */
  isOwn(processId: number): boolean {
    return processId === this.pid;
  }

  /** Ends the connection; later announcements are dropped. */
  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    await client?.then((c) => c.end()).catch(() => undefined);
  }

  private schedule(): void {
    if (this.scheduled || this.sending) return;
    this.scheduled = true;
    // The next turn of the loop: commands that commit in the same tick share one NOTIFY.
    setImmediate(() => {
      this.scheduled = false;
      void this.send();
    });
  }

  private async send(): Promise<void> {
    if ((this.pendingTypes.size === 0 && !this.pendingOutbox) || this.closed) return;
    const channels: string[] = [];
    const payloads: string[] = [];
    for (const t of this.pendingTypes) {
      channels.push(JOB_CHANNEL);
      payloads.push(t);
    }
    if (this.pendingOutbox) {
      channels.push(OUTBOX_CHANNEL);
      payloads.push('');
    }
    this.pendingTypes.clear();
    this.pendingOutbox = false;
    this.sending = true;
    try {
      const client = await this.connection();
      // Autocommit: the notification lock is held for this one tiny transaction only.
      await client.query({
        name: 'osprey_replica_wakeups',
        text: `SELECT pg_notify(u.c, u.p) FROM unnest($1::text[], $2::text[]) AS u(c, p)`,
        values: [channels, payloads],
      });
    } catch (error) {
      this.reset();
      if (!this.closed) this.onError(error);
    } finally {
      this.sending = false;
      if (this.pendingTypes.size > 0 || this.pendingOutbox) this.schedule();
    }
  }

  private connection(): Promise<Client> {
    this.client ??= (async () => {
      const client = new Client({ connectionString: this.url, application_name: 'osprey-replica-wakeups' });
      client.on('error', () => this.reset());
      await client.connect();
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      this.pid = rows[0]?.pid;
      return client;
    })();
    return this.client;
  }

  private reset(): void {
    const client = this.client;
    this.client = undefined;
    this.pid = undefined;
    void client?.then((c) => c.end()).catch(() => undefined);
  }
}

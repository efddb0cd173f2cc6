import { Client } from 'pg';

/** The channel other replicas LISTEN on; the payload is one job type. */
export const JOB_CHANNEL = 'osprey_jobs';

/**
 * Tells the other replicas which job types got activatable jobs, so their waiting long-polls
 * wake at once (docs/adr/0015-job-wake-ups-after-commit.md).
 *
 * A NOTIFY inside a command's transaction takes PostgreSQL's database-wide notification lock at
 * commit and holds it until the commit's WAL flush, which serialises every committing command
 * that notified: in the benchmark 2.6 of 20 connections were waiting on it at 500 starts/s.
 * Instead, the types of committed commands are collected here and sent after commit, outside
 * any command's transaction, on a connection of their own: at most one statement in flight, so
 * under load one NOTIFY carries the types of every command that committed meanwhile, and when
 * idle one goes out on the next turn of the event loop (sub-millisecond after the commit).
 *
 * A hint only: a lost notification (connection down, crash between commit and send) costs
 * latency, not work — every waiting long-poll also re-checks the table on its own.
 */
export class JobWakeups {
  private readonly pending = new Set<string>();
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

  /** Announces `types` (of a transaction that has committed) to the other replicas. */
  announce(types: Iterable<string>): void {
    if (this.closed) return;
    for (const t of types) this.pending.add(t);
    if (this.pending.size > 0) this.schedule();
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
    if (this.pending.size === 0 || this.closed) return;
    const types = [...this.pending];
    this.pending.clear();
    this.sending = true;
    try {
      const client = await this.connection();
      // Autocommit: the notification lock is held for this one tiny transaction only.
      await client.query({ name: 'osprey_job_wakeups', text: `SELECT pg_notify('${JOB_CHANNEL}', t) FROM unnest($1::text[]) AS t`, values: [types] });
    } catch (error) {
      this.reset();
      if (!this.closed) this.onError(error);
    } finally {
      this.sending = false;
      if (this.pending.size > 0) this.schedule();
    }
  }

  private connection(): Promise<Client> {
    this.client ??= (async () => {
      const client = new Client({ connectionString: this.url, application_name: 'osprey-job-wakeups' });
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

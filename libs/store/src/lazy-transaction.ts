import type { QueryRunner } from 'typeorm';
import type { Rider, RidingStatement, Sql } from './database';
import type { Answer, TransactionEdges } from './transaction-edges';

/**
 * The statements of one {@link Database.transaction} on one connection, with `START TRANSACTION`
 * sent only when a statement needs it and the command's last write held back until the end.
 *
 * A start of a one-task process reads its definition (with the clock) and then writes one
 * statement (instance, elements, variables, job, history and the audit entry as CTEs). Under
 * READ COMMITTED, the default, every statement sees what had committed when it began, inside a
 * transaction or not, and one statement is atomic on its own. So when a transaction turns out to
 * be early reads plus one held-back write, it is sent as exactly that — two round trips instead
 * of `START TRANSACTION`, read, write, `COMMIT` — and means the same. Any other statement (a lock,
 * a second write, a read after the write) opens the transaction first and sends the held-back
 * write before itself, so everything else runs as before.
 *
 * On a server, `START TRANSACTION` and `COMMIT` themselves ride in the round trips of the first
 * and last statements ({@link TransactionEdges}): a job completion (the lock with the job row,
 * then the write) is two round trips instead of five. Once the transaction has begun, each
 * command's last write is held back until the next other statement or the commit, and the held
 * writes then go out together in one round trip: a group of job answers (ADR 0034) locks them
 * all in one statement and sends every command's write with `COMMIT`.
 */
export class LazyTransaction implements Sql {
  private begun = false;
  /**
   * Writes held back: at most one before the transaction has begun; once it has (on a server),
   * each command's last write, all sent together with `COMMIT` or before the next other statement.
   */
  private held: RidingStatement[] = [];

  /**
   * @param raw the connection's statements, sent as they come
   * @param takeRider the transaction's {@link Sql.rider}
   * @param edges how the connection sends `START TRANSACTION` and `COMMIT` with a statement; absent (the embedded database): each in a round trip of its own
   */
  constructor(
    private readonly runner: QueryRunner,
    private readonly raw: Sql,
    private readonly takeRider: () => Rider | undefined,
    private readonly edges?: TransactionEdges,
  ) {}

  async rows<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]> {
    const opened = await this.openWith(text, params);
    return opened ? (opened.rows as T[]) : this.raw.rows<T>(text, params);
  }

  async exec(text: string, params?: readonly unknown[]): Promise<number> {
    const opened = await this.openWith(text, params);
    return opened ? opened.rowCount : this.raw.exec(text, params);
  }

  async early<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]> {
    if (this.begun || this.held.length > 0) return this.rows<T>(text, params);
    return this.raw.rows<T>(text, params);
  }

  async holdLast(text: string, params: readonly unknown[]): Promise<void> {
    // Several held writes go out in one round trip only where the transaction has begun and the
    // connection pipelines (a group commit's commands); elsewhere the previous one is sent first.
    if (!(this.begun && this.edges)) await this.flushHeld();
    this.held.push({ text, params });
  }

  rider(): Rider | undefined {
    return this.takeRider();
  }

  /** Commits: the held-back write alone in autocommit when nothing opened the transaction, else the held writes and `COMMIT`. */
  async commit(): Promise<void> {
    if (!this.begun) {
      await this.sendHeld();
      return;
    }
    if (this.edges) {
      const held = this.held;
      this.held = [];
      await this.edges.commitWith(held);
      return;
    }
    await this.flushHeld();
    await this.runner.commitTransaction();
  }

  /** Rolls back what was sent; held-back writes are dropped unsent. */
  async rollback(): Promise<void> {
    this.held = [];
    if (this.edges) {
      if (this.begun) await this.edges.rollback().catch(() => undefined);
      return;
    }
    if (this.runner.isTransactionActive) await this.runner.rollbackTransaction().catch(() => undefined);
  }

  /**
   * Opens the transaction when this statement is its first, with `START TRANSACTION` in the
   * round trip of the held-back write or else of this statement, where the connection can; the
   * statement's answer when it went out that way, else undefined (the caller sends it).
   */
  private async openWith(text: string, params: readonly unknown[] = []): Promise<Answer | undefined> {
    if (this.begun || !this.edges || this.held.length > 0) {
      await this.enter();
      return undefined;
    }
    // Marked open before anything is sent: a failure from here on leaves a transaction to roll back.
    this.begun = true;
    return this.edges.beginWith(text, params);
  }

  /** Opens the transaction (once) and sends the held-back writes, before a statement that needs both. */
  private async enter(): Promise<void> {
    if (!this.begun && this.edges && this.held.length === 1) {
      // START TRANSACTION in the held-back write's round trip.
      this.begun = true;
      const [held] = this.held;
      this.held = [];
      await this.edges.beginWith(held!.text, held!.params);
      return;
    }
    if (!this.begun) {
      this.begun = true;
      await this.runner.startTransaction();
    }
    await this.sendHeld();
  }

  private async flushHeld(): Promise<void> {
    if (this.held.length > 0) await this.enter();
  }

  private async sendHeld(): Promise<void> {
    const held = this.held;
    this.held = [];
    if (held.length === 0) return;
    if (this.edges && this.begun) return this.edges.sendAll(held);
    for (const statement of held) await this.raw.exec(statement.text, statement.params);
  }
}

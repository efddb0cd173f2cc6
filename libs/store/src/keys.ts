import type { Database, Sql } from './database';

/** Keys per block. One `nextval` hands this many keys to one engine process. */
const BLOCK_SIZE = 1000n;

/** Largest key: keys are PostgreSQL `bigint` (int64). */
const MAX_KEY = 9223372036854775807n;

/**
 * Whether `value` can be a key: decimal digits within int64. A longer or larger number cannot
 * name anything, and handed to PostgreSQL as a `bigint` it would fail the query.
 */
export function isKey(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_KEY;
}

/** Thrown by {@link KeyAllocator.nextKey} when the reserved keys ran out mid-command. */
export class KeysExhausted extends Error {
  constructor() {
    super('Expected enough reserved keys, but the reserved key ranges are exhausted');
    this.name = 'KeysExhausted';
  }
}

/**
 * Hands out int64 keys (as decimal strings, the way the Camunda API spells keys) unique across
 * every engine replica sharing the database. Keys come in blocks of 1,000 from one sequence, so
 * the hot path takes a key from memory and pays one round trip per 1,000 keys.
 *
 * The interpreter needs keys synchronously: callers {@link reserve} an estimate first; if a
 * command needs more, {@link nextKey} throws {@link KeysExhausted} and the caller reserves more
 * and runs the (pure, side-effect free) interpreter again.
 */
export class KeyAllocator {
  /** Reserved ranges [next, end), oldest first. */
  private readonly ranges: { next: bigint; end: bigint }[] = [];
  private refill: Promise<void> | null = null;

  constructor(private readonly db: Database) {}

  /** Keys ready without a round trip. */
  get available(): number {
    return this.ranges.reduce((n, r) => n + Number(r.end - r.next), 0);
  }

  /**
   * Ensures at least `count` keys are ready. Inside a transaction pass its `sql`: the block is
   * then fetched on the connection the caller already holds — waiting for another pool
   * connection while holding one deadlocks a busy pool.
   */
  async reserve(count: number, sql?: Pick<Sql, 'rows'>): Promise<void> {
    while (this.available < count) await this.refillFrom(sql);
  }

  private async refillFrom(sql?: Pick<Sql, 'rows'>): Promise<void> {
    if (sql) {
      await this.fetchBlock(sql);
      return;
    }
    this.refill ??= this.fetchBlock(this.db).finally(() => (this.refill = null));
    await this.refill;
  }

  /**
   * Takes `count` keys at once. The check and the take happen in one synchronous step, so
   * concurrent commands can never drain the keys another one counted on.
   */
  async take(count: number, sql?: Pick<Sql, 'rows'>): Promise<string[]> {
    for (;;) {
      if (this.available >= count) return Array.from({ length: count }, () => this.nextKey());
      await this.refillFrom(sql);
    }
  }

  /** A fresh key. @throws KeysExhausted when nothing is reserved. */
  nextKey(): string {
    while (this.ranges.length > 0 && this.ranges[0]!.next >= this.ranges[0]!.end) this.ranges.shift();
    const range = this.ranges[0];
    if (!range) throw new KeysExhausted();
    const key = range.next;
    range.next += 1n;
    return key.toString();
  }

  private async fetchBlock(db: Pick<Sql, 'rows'>): Promise<void> {
    const [row] = await db.rows<{ block: string }>(`SELECT nextval('key_block_seq')::text AS block`);
    const start = BigInt(row!.block) * BLOCK_SIZE;
    // Blocks fetched concurrently may arrive out of order; keep ranges sorted so the keys one
    // command takes (history positions, Kafka event ids) always ascend.
    this.ranges.push({ next: start, end: start + BLOCK_SIZE });
    this.ranges.sort((a, b) => (a.next < b.next ? -1 : a.next > b.next ? 1 : 0));
  }
}

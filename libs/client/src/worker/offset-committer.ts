/**
 * Commits consumed offsets with at most one request in flight: while a commit is on its way,
 * newer positions of each partition replace older ones and leave together in the next request.
 * A worker finishing many jobs a second then needs one round trip per batch, not one per job,
 * and a partition's committed position only moves forward.
 */
export class OffsetCommitter {
  private readonly next = new Map<number, string>();
  private running?: Promise<void>;

  /** @param commit commits these positions; a refusal (after a rebalance) is the caller's to report */
  constructor(private readonly commit: (offsets: { partition: number; offset: string }[]) => Promise<void>) {}

  /** Commits `offset` (the next offset to read) for `partition`, soon. */
  set(partition: number, offset: string): void {
    this.next.set(partition, offset);
    this.running ??= this.loop();
  }

  /** Resolves once every position set so far has been committed (or refused). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    try {
      // Yields first: positions set in this same turn go into the first request, and `running`
      // is assigned before the loop can end.
      await Promise.resolve();
      while (this.next.size > 0) {
        const offsets = [...this.next].map(([partition, offset]) => ({ partition, offset }));
        this.next.clear();
        await this.commit(offsets);
      }
    } finally {
      // In the same turn as the last check of `next`, so a position set after it starts a new loop.
      this.running = undefined;
    }
  }
}

/**
 * Which offsets of one partition are still being worked on, so the committed offset never
 * passes an unfinished job. Jobs of a partition finish out of order (several run at once);
 * committing offset N tells Kafka "everything before N is done", so N is the oldest offset still
 * in flight, or one past the newest when none is.
 */
export class PartitionOffsets {
  private readonly pending = new Set<bigint>();
  private newest = -1n;
  private committable = -1n;

  /** A message at `offset` is being worked on. */
  begin(offset: string): void {
    const o = BigInt(offset);
    this.pending.add(o);
    if (o > this.newest) this.newest = o;
    // The first message read shows where the group's committed position already is.
    if (this.committable < 0n) this.committable = o;
  }

  /**
   * The message at `offset` is done (answered, handed back or skipped).
   * @returns the offset to commit when the committable position moved forward, otherwise undefined
   */
  finish(offset: string): string | undefined {
    this.pending.delete(BigInt(offset));
    let next = this.newest + 1n;
    // At most `concurrency` offsets are pending, so a scan is cheaper than a sorted structure.
    for (const o of this.pending) if (o < next) next = o;
    if (next <= this.committable) return undefined;
    this.committable = next;
    return next.toString();
  }
}

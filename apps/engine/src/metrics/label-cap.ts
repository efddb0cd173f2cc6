/** The label value that stands for every value past a {@link LabelCap}'s limit. */
export const OTHER = 'other';

/** Longest label value kept, in characters; longer values are cut. */
const MAX_VALUE_LENGTH = 100;

/**
 * Bounds the distinct values of one label (process ids, job types): the first `limit` values
 * seen keep their name, every later one is reported as `other`. Models and workers choose these
 * strings, so without a bound one runaway deployment could make every scrape — and Prometheus —
 * grow without end.
 */
export class LabelCap {
  private readonly kept = new Set<string>();

  /** @param limit distinct values kept by name @default 200 */
  constructor(private readonly limit = 200) {}

  /** The label value to report for `value`. */
  of(value: string): string {
    const v = value.length > MAX_VALUE_LENGTH ? value.slice(0, MAX_VALUE_LENGTH) : value;
    if (this.kept.has(v)) return v;
    if (this.kept.size >= this.limit || v === OTHER) return OTHER;
    this.kept.add(v);
    return v;
  }
}

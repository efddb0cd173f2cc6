// Latency samples and their percentiles. A run records at most a few hundred thousand samples,
// so keeping every one and sorting at the end is exact and cheap (a histogram would only add
// rounding).

/** Latency samples in milliseconds. */
export class Latencies {
  constructor() {
    this.samples = new Float64Array(1024);
    this.count = 0;
  }

  /** Adds one sample, in ms. */
  add(ms) {
    if (this.count === this.samples.length) {
      const bigger = new Float64Array(this.samples.length * 2);
      bigger.set(this.samples);
      this.samples = bigger;
    }
    this.samples[this.count++] = ms;
  }

  /** `{ count, p50, p90, p99, max, mean }` in ms; NaN fields when there are no samples. */
  summary() {
    if (this.count === 0) return { count: 0, p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
    const sorted = this.samples.slice(0, this.count).sort();
    // Nearest-rank percentile: the smallest sample with at least p % of samples at or below it.
    const at = (p) =>
      sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
    let sum = 0;
    for (const v of sorted) sum += v;
    return {
      count: this.count,
      p50: at(50),
      p90: at(90),
      p99: at(99),
      max: sorted[sorted.length - 1],
      mean: sum / this.count,
    };
  }
}

/** Resolves after `ms`. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Formats an integer with thousands separators. */
export const int = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—');

/** Formats milliseconds with a precision that suits the magnitude. */
export const ms = (v) =>
  !Number.isFinite(v) ? '—' : v < 10 ? `${v.toFixed(2)} ms` : v < 100 ? `${v.toFixed(1)} ms` : `${int(v)} ms`;

/** Formats a relative change, e.g. +3.2 %. */
export const pct = (ratio) =>
  Number.isFinite(ratio) ? `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)} %` : '—';

/**
 * Exponential back-off for retrying an unreachable engine or broker: 100 ms, 200 ms, 400 ms, …
 * capped at 5 s, each value jittered down by up to 20 % so a fleet of workers restarted together
 * does not retry in lock-step. `reset()` after a success.
 */
export class Backoff {
  private failures = 0;

  constructor(
    private readonly initialMs = 100,
    private readonly maxMs = 5_000,
  ) {}

  /** The wait before the next try, in ms; grows with every call until {@link reset}. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.failures, 30));
    this.failures++;
    return Math.round(base * (0.8 + Math.random() * 0.2));
  }

  reset(): void {
    this.failures = 0;
  }
}

/** Waits `ms`, or less when `signal` aborts first (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
  });
}

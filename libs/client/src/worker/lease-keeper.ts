/** What a {@link LeaseKeeper} needs from the job and its transport. */
export interface LeaseKeeperOptions {
  /** Lease length each extension asks for, in ms. */
  readonly timeoutMs: number;
  /** Extends the lease to now + `timeoutMs`. */
  readonly extend: () => Promise<void>;
  /** True when an extension error means the lease is gone for good (409 / 404). */
  readonly isLost: (error: unknown) => boolean;
  /** The lease now ends at `deadline` (ms since the epoch, local clock). */
  readonly onExtended: (deadline: number) => void;
  readonly onLost: (error: unknown) => void;
  readonly onError: (error: unknown) => void;
}

/** Wait between tries after an extension failed for a reason that may pass, in ms. */
const RETRY_MS = 1_000;

/**
 * Keeps a job's lease alive while its handler runs: when two thirds of the lease have passed it
 * asks the engine for a fresh lease of `timeoutMs` from now, and again two thirds into that one.
 * A third of the lease is left as margin for the request itself (10 s of a 30 s lease), which
 * covers a slow engine or a GC pause without letting the job be handed to another worker.
 */
export class LeaseKeeper {
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly options: LeaseKeeperOptions) {}

  /** Starts with the lease ending at `deadline` (local clock). */
  start(deadline: number): void {
    this.schedule(((deadline - Date.now()) * 2) / 3);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), Math.max(0, delayMs));
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const { timeoutMs } = this.options;
    try {
      const requestedAt = Date.now();
      await this.options.extend();
      if (this.stopped) return;
      this.options.onExtended(requestedAt + timeoutMs);
      this.schedule((timeoutMs * 2) / 3 - (Date.now() - requestedAt));
    } catch (error) {
      if (this.stopped) return;
      if (this.options.isLost(error)) {
        this.stopped = true;
        this.options.onLost(error);
        return;
      }
      this.options.onError(error);
      this.schedule(Math.min(RETRY_MS, timeoutMs / 6));
    }
  }
}

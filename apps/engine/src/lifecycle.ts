import { Injectable } from '@nestjs/common';

/** Shared shutdown flag: set on SIGTERM so background loops stop taking work and readiness fails. */
@Injectable()
export class Lifecycle {
  stopping = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  /** Tracks background work so shutdown can wait for it. */
  track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  /** Waits for tracked work to settle (at most `timeoutMs`). */
  async drain(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }
}

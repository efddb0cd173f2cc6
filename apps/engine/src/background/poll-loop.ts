import type { Lifecycle } from '../lifecycle';

/**
 * One background loop of the executor role: runs `tick` after a delay, and again after the
 * delay each tick returns, until the engine stops. Each tick is tracked by the lifecycle, so a
 * shutdown waits for the one running; `setTimeout` between ticks, not a loop, so timers, I/O and
 * requests get their turn in between. The timer is unref'd: the loop never keeps the process up.
 */
export class PollLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  /** @param tick one round of work; resolves to the ms to wait before the next (0: at once) */
  constructor(
    private readonly lifecycle: Lifecycle,
    private readonly tick: () => Promise<number>,
  ) {}

  /** True while a tick runs. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Runs the next tick after `delay` ms, replacing one already scheduled; nothing once stopping. */
  schedule(delay: number): void {
    if (this.lifecycle.stopping) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.lifecycle
        .track(this.tick())
        .then((next) => this.schedule(next))
        .finally(() => {
          this.running = undefined;
        });
    }, delay);
    this.timer.unref();
  }

  /** Schedules nothing more and waits for the running tick. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    await this.running;
  }
}

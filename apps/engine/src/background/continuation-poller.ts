import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { OspreyEngine } from '@osprey/store';
import type { Logger } from 'pino';
import type { EngineConfig } from '../config/engine-config';
import { CONFIG, ENGINE, LOGGER } from '../engine.tokens';
import { Lifecycle } from '../lifecycle';

/** Slices run per tick before the loop yields to a timer turn (and so to every other task). */
const SLICES_PER_TICK = 20;

/**
 * The executor role's runner of bounded commands' leftovers (ADR 0009): when a transaction
 * stops at `OSPREY_MAX_STEPS_PER_TRANSACTION`, the instance goes on here, one slice per
 * transaction. A commit on this replica that leaves work wakes it at once; work left by other
 * replicas is found by polling every `OSPREY_TIMER_POLL_MS`. Between slices the loop yields to
 * the event loop, so requests, probes and other instances interleave with a runaway one.
 */
@Injectable()
export class ContinuationPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private nudged = false;

  constructor(
    @Inject(ENGINE) private readonly engine: OspreyEngine,
    @Inject(CONFIG) private readonly config: EngineConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Lifecycle) private readonly lifecycle: Lifecycle,
  ) {
    engine.continuations.onError = (error, processInstanceKey) =>
      this.logger.error({ err: error, processInstanceKey }, 'a slice of a long cascade failed; the instance is retried in 10 s');
  }

  onApplicationBootstrap(): void {
    if (!this.config.roles.has('executor')) return;
    this.engine.events.onContinued(() => {
      this.nudged = true;
      if (!this.running) this.schedule(0);
    });
    this.schedule(0);
  }

  private schedule(delay: number) {
    if (this.lifecycle.stopping) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.lifecycle.track(this.tick()).finally(() => {
        this.running = undefined;
      });
    }, delay);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.nudged = false;
    let ran = 0;
    try {
      ran = await this.engine.continuations.runDue(SLICES_PER_TICK);
    } catch (error) {
      if (!this.lifecycle.stopping) this.logger.warn({ err: error }, 'continuing a bounded command failed; retrying');
    }
    // setTimeout(0), not a loop: timers, I/O and requests get their turn between ticks.
    this.schedule(ran >= SLICES_PER_TICK || this.nudged ? 0 : this.config.timerPollMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    await this.running;
  }
}

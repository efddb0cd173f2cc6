import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { OspreyEngine } from '@osprey/store';
import type { Logger } from 'pino';
import type { EngineConfig } from '../config/engine-config';
import { CONFIG, ENGINE, LOGGER } from '../engine.tokens';
import { Lifecycle } from '../lifecycle';
import { PollLoop } from './poll-loop';

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
  private readonly loop: PollLoop;
  private nudged = false;

  constructor(
    @Inject(ENGINE) private readonly engine: OspreyEngine,
    @Inject(CONFIG) private readonly config: EngineConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Lifecycle) private readonly lifecycle: Lifecycle,
  ) {
    this.loop = new PollLoop(lifecycle, () => this.tick());
    engine.continuations.onError = (error, processInstanceKey) =>
      this.logger.error({ err: error, processInstanceKey }, 'a slice of a long cascade failed; the instance is retried in 10 s');
  }

  onApplicationBootstrap(): void {
    if (!this.config.roles.has('executor')) return;
    this.engine.events.onContinued(() => {
      this.nudged = true;
      if (!this.loop.busy) this.loop.schedule(0);
    });
    this.loop.schedule(0);
  }

  /** Runs up to SLICES_PER_TICK slices; at once again while work is left or a commit nudged. */
  private async tick(): Promise<number> {
    this.nudged = false;
    let ran = 0;
    try {
      ran = await this.engine.continuations.runDue(SLICES_PER_TICK);
    } catch (error) {
      if (!this.lifecycle.stopping) this.logger.warn({ err: error }, 'continuing a bounded command failed; retrying');
    }
    return ran >= SLICES_PER_TICK || this.nudged ? 0 : this.config.timerPollMs;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }
}

import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { OspreyEngine } from '@osprey/store';
import type { Logger } from 'pino';
import type { EngineConfig } from '../config/engine-config';
import { CONFIG, ENGINE, LOGGER } from '../engine.tokens';
import { Lifecycle } from '../lifecycle';
import { PollLoop } from './poll-loop';

/**
 * The executor role's background loop: fires due timers (every `OSPREY_TIMER_POLL_MS`, 100 ms
 * by default, so a timer fires well within 1 s of its due time), turns jobs whose lease ran
 * out too often into incidents, drops expired buffered
 * messages and keeps history partitions ahead. Runs on every replica with the executor role;
 * timers are claimed under row locks, so replicas never fire one twice.
 */
@Injectable()
export class TimerPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: PollLoop;
  private lastHousekeeping = 0;

  constructor(
    @Inject(ENGINE) private readonly engine: OspreyEngine,
    @Inject(CONFIG) private readonly config: EngineConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Lifecycle) private readonly lifecycle: Lifecycle,
  ) {
    this.loop = new PollLoop(lifecycle, () => this.tick());
    engine.timers.onError = (error, timerKey) => this.logger.error({ err: error, timerKey }, 'timer could not fire; retrying');
    engine.jobs.maxLeaseExpiries = config.maxLeaseExpiries;
    engine.jobs.requireAttempt = config.requireJobAttempt;
  }

  onApplicationBootstrap(): void {
    if (!this.config.roles.has('executor')) return;
    this.loop.schedule(0);
  }

  private async tick(): Promise<number> {
    let fired = 0;
    try {
      fired = await this.engine.timers.fireDue(100);
      await this.engine.jobs.failExhaustedLeases();
      if (Date.now() - this.lastHousekeeping > 60_000) {
        this.lastHousekeeping = Date.now();
        await this.engine.messages.expire();
        await this.engine.history.ensurePartitions();
        await this.engine.history.pruneConsumedMessages();
      }
    } catch (error) {
      if (!this.lifecycle.stopping) this.logger.warn({ err: error }, 'timer poll failed; retrying');
    }
    // A full batch means more are due: go again at once.
    return fired >= 100 ? 0 : this.config.timerPollMs;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }
}

import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ChannelListener, JOB_CHANNEL, type OspreyEngine } from '@osprey/store';
import type { Logger } from 'pino';
import type { EngineConfig } from '../config/engine-config';
import { CONFIG, ENGINE, LOGGER } from '../engine.tokens';

/**
 * Wakes this replica's waiting job long-polls when another replica commits jobs: each replica
 * NOTIFYs `osprey_jobs` with the activatable types after its commands commit (`ReplicaWakeups`,
 * docs/adr/0015-job-wake-ups-after-commit.md) and this listens. A hint only — every long-poll
 * also re-checks the table (`OSPREY_JOB_POLL_FALLBACK_MS`), so a lost notification costs
 * latency, not work. Only on a PostgreSQL server; the embedded database has a single process.
 */
@Injectable()
export class JobNotifications implements OnApplicationBootstrap, OnApplicationShutdown {
  private listener?: ChannelListener;

  constructor(
    @Inject(ENGINE) private readonly engine: OspreyEngine,
    @Inject(CONFIG) private readonly config: EngineConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    engine.jobs.pollFallbackMs = config.jobPollFallbackMs;
    engine.announceToReplicas((error) => this.logger.warn({ err: error }, 'could not announce jobs to other replicas; their long-polls fall back to polling'));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.database.kind !== 'server' || !this.config.roles.has('api')) return;
    this.listener = new ChannelListener(
      this.config.database.url,
      JOB_CHANNEL,
      (type, senderPid) => {
        // This replica's own announcements already woke its waiters before they were sent.
        if (type && !this.engine.replicaWakeups?.isOwn(senderPid)) this.engine.events.jobsAvailable(type);
      },
      { onError: (error) => this.logger.warn({ err: error }, 'job notifications interrupted; long-polls poll until listening again') },
    );
    await this.listener.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.stop();
  }
}

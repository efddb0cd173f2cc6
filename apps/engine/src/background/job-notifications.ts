import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ChannelListener, type OspreyEngine } from '@osprey/store';
import type { Logger } from 'pino';
import type { EngineConfig } from '../config/engine-config';
import { CONFIG, ENGINE, LOGGER } from '../engine.tokens';

/**
 * Wakes this replica's waiting job long-polls when another replica commits jobs: the record
 * writer NOTIFYs `osprey_jobs` with each activatable type and this listens. A hint only — every
 * long-poll also re-checks the table every 500 ms, so a lost notification costs latency, not work.
 * Only on a PostgreSQL server; the embedded database has a single process.
 */
@Injectable()
export class JobNotifications implements OnApplicationBootstrap, OnApplicationShutdown {
  private listener?: ChannelListener;

  constructor(
    @Inject(ENGINE) private readonly engine: OspreyEngine,
    @Inject(CONFIG) private readonly config: EngineConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    if (config.database.kind === 'server') engine.pipeline.setJobNotifications(true);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.database.kind !== 'server' || !this.config.roles.has('api')) return;
    this.listener = new ChannelListener(
      this.config.database.url,
      'osprey_jobs',
      (type) => {
        if (type) this.engine.events.jobsAvailable(type);
      },
      { onError: (error) => this.logger.warn({ err: error }, 'job notifications interrupted; long-polls poll until listening again') },
    );
    await this.listener.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.stop();
  }
}

import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import type { OspreyEngine } from '@osprey/store';
import type { Logger } from 'pino';
import type { EngineConfig } from '../config/engine-config';
import { CONFIG, ENGINE, LOGGER } from '../engine.tokens';

/** Delay before re-listening after the connection dropped, in ms. */
const RECONNECT_MS = 1_000;

/**
 * Wakes this replica's waiting job long-polls when another replica commits jobs: the record
 * writer NOTIFYs `osprey_jobs` with each activatable type and this listens. A hint only — every
 * long-poll also re-checks the table every 500 ms, so a lost notification costs latency, not work.
 * Only on a PostgreSQL server; the embedded database has a single process.
 */
@Injectable()
export class JobNotifications implements OnApplicationBootstrap, OnApplicationShutdown {
  private client?: Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(
    @Inject(ENGINE) private readonly engine: OspreyEngine,
    @Inject(CONFIG) private readonly config: EngineConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    if (config.database.kind === 'server') engine.pipeline.setJobNotifications(true);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.database.kind !== 'server' || !this.config.roles.has('api')) return;
    await this.listen();
  }

  private async listen(): Promise<void> {
    if (this.stopped || this.config.database.kind !== 'server') return;
    const client = new Client({ connectionString: this.config.database.url });
    client.on('notification', (n) => {
      if (n.channel === 'osprey_jobs' && n.payload) this.engine.events.jobsAvailable(n.payload);
    });
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'job notification connection lost; listening again');
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
    });
    try {
      await client.connect();
      await client.query('LISTEN osprey_jobs');
      this.client = client;
    } catch (error) {
      this.logger.warn({ err: error }, 'could not listen for job notifications; long-polls fall back to polling');
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect() {
    if (this.stopped) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.listen(), RECONNECT_MS);
    this.retry.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }
}

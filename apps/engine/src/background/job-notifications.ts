import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { JOB_CHANNEL, type OspreyEngine } from '@osprey/store';
import type { Logger } from 'pino';
import type { EngineConfig } from '../config/engine-config';
import { CONFIG, ENGINE, LOGGER } from '../engine.tokens';

/** Delay before re-listening after the connection dropped, in ms. */
const RECONNECT_MS = 1_000;

/**
 * Wakes this replica's waiting job long-polls when another replica commits jobs: each replica
 * NOTIFYs `osprey_jobs` with the activatable types after its commands commit (`JobWakeups`,
 * docs/adr/0015-job-wake-ups-after-commit.md) and this listens. A hint only — every long-poll
 * also re-checks the table (`OSPREY_JOB_POLL_FALLBACK_MS`), so a lost notification costs
 * latency, not work. Only on a PostgreSQL server; the embedded database has a single process.
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
    engine.jobs.pollFallbackMs = config.jobPollFallbackMs;
    engine.announceJobsToReplicas((error) => this.logger.warn({ err: error }, 'could not announce jobs to other replicas; their long-polls fall back to polling'));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.database.kind !== 'server' || !this.config.roles.has('api')) return;
    await this.listen();
  }

  private async listen(): Promise<void> {
    if (this.stopped || this.config.database.kind !== 'server') return;
    const client = new Client({ connectionString: this.config.database.url });
    client.on('notification', (n) => {
      // This replica's own announcements already woke its waiters before they were sent.
      if (n.channel !== JOB_CHANNEL || !n.payload || this.engine.jobWakeups?.isOwn(n.processId)) return;
      this.engine.events.jobsAvailable(n.payload);
    });
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'job notification connection lost; listening again');
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${JOB_CHANNEL}`);
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

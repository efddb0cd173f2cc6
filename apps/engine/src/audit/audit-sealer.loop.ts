import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AuditSealer, type OspreyEngine } from '@osprey/store';
import type { Logger } from 'pino';
import type { EngineConfig } from '../config/engine-config';
import { CONFIG, ENGINE, LOGGER } from '../engine.tokens';
import { Lifecycle } from '../lifecycle';

/** How often unsealed entries are chained, in ms: an entry is sealed within about this long. */
export const SEAL_INTERVAL_MS = 200;

/** How often retention runs when `OSPREY_AUDIT_RETENTION_DAYS` is set, in ms. */
const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/**
 * The background loop that seals audit entries (every {@link SEAL_INTERVAL_MS}) and applies
 * retention (hourly). Every replica runs it; the sealer's advisory lock lets one work at a time.
 */
@Injectable()
export class AuditSealerLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly sealer: AuditSealer;
  private timer?: NodeJS.Timeout;
  private lastRetention = 0;

  constructor(
    @Inject(ENGINE) engine: OspreyEngine,
    @Inject(CONFIG) private readonly config: EngineConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Lifecycle) private readonly lifecycle: Lifecycle,
  ) {
    this.sealer = new AuditSealer(engine.db);
  }

  onApplicationBootstrap(): void {
    this.schedule(SEAL_INTERVAL_MS);
  }

  onApplicationShutdown(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => void this.lifecycle.track(this.tick()), ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.lifecycle.stopping) return;
    let sealed = 0;
    try {
      sealed = await this.sealer.seal();
      const days = this.config.audit?.retentionDays;
      if (days && Date.now() - this.lastRetention >= RETENTION_INTERVAL_MS) {
        this.lastRetention = Date.now();
        const deleted = await this.sealer.retain(days);
        if (deleted > 0) this.logger.info({ deleted, retentionDays: days }, 'audit retention deleted sealed entries behind a checkpoint');
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'audit sealing failed; retrying');
    }
    // A full batch means more are waiting: go again at once.
    if (this.timer !== undefined && !this.lifecycle.stopping) this.schedule(sealed >= 500 ? 0 : SEAL_INTERVAL_MS);
  }
}

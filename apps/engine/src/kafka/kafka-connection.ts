import { Kafka, logLevel, type Admin, type KafkaConfig } from 'kafkajs';
import type { EngineConfig } from '../config/engine-config';

/** The kafkajs client settings every Kafka client of the engine uses (connection, consumers). */
export function kafkaClientConfig(config: NonNullable<EngineConfig['kafka']>): KafkaConfig {
  return {
    clientId: config.clientId,
    brokers: config.brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    retry: { retries: 2, initialRetryTime: 200 },
  };
}

/**
 * The engine's Kafka connection (kafkajs). Checked at start; readiness asks the broker for
 * metadata on every probe so a lost broker shows as not ready.
 */
export class KafkaConnection {
  readonly kafka: Kafka;
  private admin?: Admin;

  constructor(config: NonNullable<EngineConfig['kafka']>) {
    this.kafka = new Kafka(kafkaClientConfig(config));
  }

  /** Connects the admin client. @throws when no broker answers */
  async connect(): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();
    await this.admin.describeCluster();
  }

  /** True when a broker answers a metadata request. */
  async ping(): Promise<boolean> {
    try {
      if (!this.admin) await this.connect();
      await withTimeout(this.admin!.describeCluster(), 2_000);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}

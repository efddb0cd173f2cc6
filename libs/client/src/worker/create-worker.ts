import { hostname } from 'node:os';
import { OspreyClient } from '../client/osprey-client';
import type { Variables } from '../shared/variables';
import type { JobHandler } from './job';
import type { JobRunnerOptions } from './job-runner';
import { jsonLogger } from './json-logger';
import { KafkaTransport } from './kafka-transport';
import { RestTransport } from './rest-transport';
import type { StopOptions, Worker, WorkerOptions } from './worker-options';

/** Defaults of {@link WorkerOptions}, in one place so the docs and the code agree. */
export const WORKER_DEFAULTS = {
  concurrency: 10,
  timeout: 30_000,
  pollRequestTimeout: 10_000,
  drainMs: 10_000,
} as const;

/** The engine caps one activation at 1000 jobs. */
const MAX_CONCURRENCY = 1000;

/** Worker options that cannot work; `problems` names each. */
export class InvalidWorkerOptionsError extends Error {
  readonly code = 'INVALID_WORKER_OPTIONS';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid worker options: ${problems.join('; ')}`);
    this.name = 'InvalidWorkerOptionsError';
  }
}

/**
 * Creates a job worker for one job type. Nothing happens until `start()`.
 * @throws InvalidWorkerOptionsError naming every invalid option
 */
export function createWorker<V extends object = Variables, O extends object = Variables>(
  options: WorkerOptions<V, O>,
): Worker {
  check(options as unknown as WorkerOptions<object, object>);
  return new JobWorker(options as unknown as WorkerOptions<object, object>);
}

function check(o: WorkerOptions<object, object>): void {
  const problems: string[] = [];
  const positiveInt = (name: string, v: unknown, max = Number.MAX_SAFE_INTEGER) => {
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max)) {
      problems.push(`${name}: Expected an integer between 1 and ${max}, but found ${String(v)}`);
    }
  };
  if (typeof o.type !== 'string' || o.type.trim() === '')
    problems.push(`type: Expected a job type, but found ${JSON.stringify(o.type)}`);
  if (typeof o.handler !== 'function')
    problems.push(`handler: Expected a function, but found ${typeof o.handler}`);
  if (o.transport !== undefined && o.transport !== 'rest' && o.transport !== 'kafka')
    problems.push(`transport: Expected 'rest' or 'kafka', but found ${JSON.stringify(o.transport)}`);
  positiveInt('concurrency', o.concurrency, MAX_CONCURRENCY);
  positiveInt('timeout', o.timeout);
  positiveInt('kafka.sessionTimeout', o.kafka?.sessionTimeout);
  if (o.pollRequestTimeout !== undefined && !Number.isInteger(o.pollRequestTimeout)) {
    problems.push(
      `pollRequestTimeout: Expected an integer (ms; negative = do not wait), but found ${String(o.pollRequestTimeout)}`,
    );
  }
  if (
    o.transport === 'kafka' &&
    (!o.kafka || !Array.isArray(o.kafka.brokers) || o.kafka.brokers.length === 0)
  ) {
    problems.push('kafka.brokers: Expected at least one broker for the Kafka transport, but found none');
  }
  if (problems.length > 0) throw new InvalidWorkerOptionsError(problems);
}

/** A worker: one transport at a time, created by start() and dropped by stop(). */
class JobWorker implements Worker {
  private transport?: RestTransport | KafkaTransport;
  private starting?: Promise<void>;

  constructor(private readonly options: WorkerOptions<object, object>) {}

  get running(): boolean {
    return this.transport !== undefined;
  }

  async start(): Promise<void> {
    if (this.transport) return this.starting;
    const transport = this.createTransport();
    this.transport = transport;
    this.starting = transport.start().catch(async (error: unknown) => {
      this.transport = undefined;
      await transport.stop(0).catch(() => undefined);
      throw error;
    });
    return this.starting;
  }

  async stop(options: StopOptions = {}): Promise<void> {
    const transport = this.transport;
    if (!transport) return;
    await this.starting?.catch(() => undefined);
    try {
      await transport.stop(options.drainMs ?? WORKER_DEFAULTS.drainMs);
    } finally {
      if (this.transport === transport) this.transport = undefined;
    }
  }

  private createTransport(): RestTransport | KafkaTransport {
    const o = this.options;
    const logger = o.logger ?? jsonLogger('warn', { worker: o.type });
    const metrics = o.metrics ?? {};
    const timeoutMs = o.timeout ?? WORKER_DEFAULTS.timeout;
    const concurrency = o.concurrency ?? WORKER_DEFAULTS.concurrency;
    const runner: Omit<JobRunnerOptions<object, object>, 'channel'> = {
      handler: o.handler as JobHandler<object, object>,
      extendLease: o.extendLease ?? true,
      logger,
      metrics,
    };
    if (o.transport === 'kafka') {
      // Leases are extended over REST, so only when the caller said where the engine is.
      const client = o.client ?? (o.baseUrl ? new OspreyClient({ baseUrl: o.baseUrl }) : undefined);
      return new KafkaTransport(
        {
          kafka: o.kafka!,
          type: o.type,
          concurrency,
          fetchVariables: o.fetchVariables,
          timeoutMs: o.timeout,
          client,
          logger,
          metrics,
        },
        runner,
      );
    }
    return new RestTransport(
      {
        client: o.client ?? new OspreyClient({ baseUrl: o.baseUrl }),
        type: o.type,
        name: o.name ?? `${hostname()}-${process.pid}`,
        concurrency,
        timeoutMs,
        pollRequestTimeout: o.pollRequestTimeout ?? WORKER_DEFAULTS.pollRequestTimeout,
        fetchVariables: o.fetchVariables,
        tenantIds: o.tenantIds,
        logger,
        metrics,
      },
      runner,
    );
  }
}

import { credentialsFromEnv, type EnvCredentials } from '@osprey/client';

/** The example workers' configuration, from environment variables. */
export interface WorkersConfig {
  /** `OSPREY_URL` — the engine. @default 'http://localhost:8080' */
  readonly engineUrl: string;
  /**
   * The credential: `OSPREY_API_KEY`, `OSPREY_OIDC_*` client credentials, `OSPREY_TOKEN`, or the
   * development key a local engine wrote (see `credentialsFromEnv`). @default none
   */
  readonly credentials: EnvCredentials;
  /** `KAFKA_BROKERS` — when set, customer notifications arrive over Kafka. @default unset (REST only) */
  readonly kafka?: { readonly brokers: string[]; readonly topicPrefix: string };
  /** `LOG_LEVEL` — pino level. @default 'info' */
  readonly logLevel: string;
  /** `WORKER_CONCURRENCY` — jobs per worker at once. @default 10 */
  readonly concurrency: number;
  /** `WORKER_DRAIN_MS` — on SIGTERM/SIGINT, how long running jobs may finish before they are handed back. @default 10000 */
  readonly drainMs: number;
}

/** Raised when the environment does not describe a valid configuration; lists every problem. */
export class WorkersConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'WorkersConfigError';
  }
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** @throws WorkersConfigError naming every invalid variable */
export function loadWorkersConfig(env: NodeJS.ProcessEnv = process.env): WorkersConfig {
  const problems: string[] = [];
  const engineUrl = env.OSPREY_URL || 'http://localhost:8080';
  try {
    if (!['http:', 'https:'].includes(new URL(engineUrl).protocol)) throw new Error('not http');
  } catch {
    problems.push(`OSPREY_URL: Expected an http(s) URL, but found '${engineUrl}'`);
  }
  let kafka: WorkersConfig['kafka'];
  if (env.KAFKA_BROKERS) {
    const brokers = env.KAFKA_BROKERS.split(',')
      .map((b) => b.trim())
      .filter(Boolean);
    if (brokers.length === 0 || brokers.some((b) => !/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/.test(b))) {
      problems.push(
        `KAFKA_BROKERS: Expected comma-separated host:port pairs, but found '${env.KAFKA_BROKERS}'`,
      );
    }
    kafka = { brokers, topicPrefix: env.OSPREY_KAFKA_PREFIX || 'osprey' };
  }
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LEVELS.includes(logLevel))
    problems.push(`LOG_LEVEL: Expected one of ${LEVELS.join(', ')}, but found '${logLevel}'`);
  const concurrency = Number(env.WORKER_CONCURRENCY || 10);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) {
    problems.push(
      `WORKER_CONCURRENCY: Expected an integer between 1 and 1000, but found '${env.WORKER_CONCURRENCY}'`,
    );
  }
  const drainMs = Number(env.WORKER_DRAIN_MS || 10_000);
  if (!Number.isInteger(drainMs) || drainMs < 0) {
    problems.push(
      `WORKER_DRAIN_MS: Expected a non-negative integer (ms), but found '${env.WORKER_DRAIN_MS}'`,
    );
  }
  if (problems.length > 0) throw new WorkersConfigError(problems);
  return { engineUrl, credentials: credentialsFromEnv(env), kafka, logLevel, concurrency, drainMs };
}

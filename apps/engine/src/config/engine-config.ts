import { resolve } from 'node:path';
import { loadConnectorConfig, type ConnectorConfig } from '../connectors/connector-config';
import { loadWebhooks, type WebhookDefinition } from '../webhooks/webhook-config';
import { loadAuthConfig, type AuthConfig } from '../auth/auth-config';
import { loadAuditConfig, type AuditConfig } from '../audit/audit-config';
import { loadLimitsConfig, type LimitsConfig } from './limits-config';

/** Roles one engine process can take; Kubernetes scales each independently. */
export type EngineRole = 'api' | 'executor' | 'relay';

/** The engine's configuration, read from environment variables and validated at start. */
export interface EngineConfig {
  /** `PORT` — HTTP port. @default 8080 */
  readonly port: number;
  /** `HOST` — interface to bind. @default '0.0.0.0' */
  readonly host: string;
  /** `DATABASE_URL` (a PostgreSQL server) or, when unset, the embedded database in `OSPREY_DATA_DIR`. */
  readonly database: { kind: 'server'; url: string; poolSize: number } | { kind: 'embedded'; dataDir: string };
  /** `KAFKA_BROKERS` (comma-separated host:port); unset = Kafka off. */
  readonly kafka?: {
    brokers: string[];
    clientId: string;
    /** `OSPREY_KAFKA_PREFIX` @default 'osprey' */
    topicPrefix: string;
    /** `OSPREY_KAFKA_JOB_TYPES` — job types dispatched to `<prefix>.jobs.<type>` (comma-separated). */
    jobTypes: string[];
    /** `OSPREY_KAFKA_JOB_TIMEOUT_MS` — lease of a Kafka-dispatched job. @default 300000 */
    jobTimeoutMs: number;
    /** `OSPREY_KAFKA_EVENTS` — record kinds published to `<prefix>.events` (`VALUE_TYPE[:INTENT]`, comma-separated); `none` = off. */
    eventKinds: string[];
    /** `OSPREY_KAFKA_GROUP_ID` @default 'osprey-engine' */
    groupId: string;
    /**
     * `OSPREY_OUTBOX_POLL_MS` — how often the relay re-checks the outbox when no wake-up arrives
     * (the wake-up is in-process for this replica's commits and a NOTIFY after commit for the
     * others'). @default 250
     */
    outboxPollMs: number;
  };
  /** `ENGINE_ROLES` — comma-separated subset of api, executor, relay. @default all */
  readonly roles: ReadonlySet<EngineRole>;
  /** `LOG_LEVEL` — pino level. @default 'info' */
  readonly logLevel: string;
  /** `OSPREY_TIMER_POLL_MS` — how often due timers are looked for. @default 100 */
  readonly timerPollMs: number;
  /** `OSPREY_MAX_LEASE_EXPIRIES` — lease expiries after which a job becomes an incident; 0 = never. @default 5 */
  readonly maxLeaseExpiries: number;
  /** `OSPREY_JOB_POLL_FALLBACK_MS` — how often a waiting long-poll re-checks for jobs without a wake-up. @default 500 */
  readonly jobPollFallbackMs: number;
  /**
   * `OSPREY_REQUIRE_JOB_ATTEMPT` — refuse job answers (completion, failure, error, lease
   * extension; REST and Kafka) that carry no `attempt`, so every answer is fenced. Camunda's
   * clients never send one: turn it on only where every worker uses an Osprey SDK
   * (docs/adr/0008-fencing-job-answers.md). @default false
   */
  readonly requireJobAttempt: boolean;
  /** `OSPREY_CONNECTOR_*` — the built-in `osprey:http` / `osprey:grpc` job types. */
  readonly connectors: ConnectorConfig;
  /** `OSPREY_WEBHOOKS` / `OSPREY_WEBHOOKS_FILE` — inbound webhooks. @default [] */
  readonly webhooks: readonly WebhookDefinition[];
  /** `OSPREY_AUTH_ANONYMOUS`, `OSPREY_OIDC_*`, `OSPREY_API_KEYS` — who may call the API (docs/security.md). */
  readonly auth: AuthConfig;
  /** `OSPREY_AUDIT_*` — the audit log (docs/audit.md). @default {} */
  readonly audit?: AuditConfig;
  /**
   * `OSPREY_TRACING` — `otlp` loads the OpenTelemetry SDK and exports traces over OTLP/HTTP
   * (the `OTEL_*` variables configure it); `off` loads nothing. @default 'off'
   */
  readonly tracing: 'off' | 'otlp';
  /** `OSPREY_MAX_*`, `OSPREY_FEEL_MAX_*`, `OSPREY_SHED_*` — request, variable, FEEL and load limits (docs/security.md). */
  readonly limits: LimitsConfig;
}

/** Raised when the environment does not describe a valid configuration; lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const ROLES: readonly EngineRole[] = ['api', 'executor', 'relay'];
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Reads and validates the configuration.
 * @throws ConfigError naming every invalid variable and what was expected
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}: Expected an integer between ${min} and ${max}, but found '${raw}'`);
      return fallback;
    }
    return n;
  };

  const port = int('PORT', 8080, 0, 65535);
  const poolSize = int('DATABASE_POOL_SIZE', 20, 1, 1000);
  const timerPollMs = int('OSPREY_TIMER_POLL_MS', 100, 10, 60_000);
  const maxLeaseExpiries = int('OSPREY_MAX_LEASE_EXPIRIES', 5, 0, 1000);
  const jobPollFallbackMs = int('OSPREY_JOB_POLL_FALLBACK_MS', 500, 10, 3_600_000);
  const requireJobAttempt = (env.OSPREY_REQUIRE_JOB_ATTEMPT ?? '') === 'true';
  if (!['', 'true', 'false'].includes(env.OSPREY_REQUIRE_JOB_ATTEMPT ?? '')) {
    problems.push(`OSPREY_REQUIRE_JOB_ATTEMPT: Expected true or false, but found '${env.OSPREY_REQUIRE_JOB_ATTEMPT}'`);
  }

  let database: EngineConfig['database'];
  const url = env.DATABASE_URL;
  if (url) {
    let ok = false;
    try {
      ok = ['postgres:', 'postgresql:'].includes(new URL(url).protocol);
    } catch {
      ok = false;
    }
    // Never echo the URL: it may carry a password.
    if (!ok) problems.push(`DATABASE_URL: Expected a postgres://user:password@host:port/database URL, but it does not parse as one`);
    database = { kind: 'server', url, poolSize };
  } else {
    database = { kind: 'embedded', dataDir: resolve(env.OSPREY_DATA_DIR || '.osprey') };
  }

  let kafka: EngineConfig['kafka'];
  if (env.KAFKA_BROKERS) {
    const brokers = env.KAFKA_BROKERS.split(',').map((b) => b.trim()).filter(Boolean);
    const bad = brokers.filter((b) => !/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/.test(b));
    if (brokers.length === 0 || bad.length > 0) {
      problems.push(`KAFKA_BROKERS: Expected comma-separated host:port pairs, but found '${env.KAFKA_BROKERS}'`);
    }
    const list = (v: string | undefined) => (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);
    kafka = {
      brokers,
      clientId: env.KAFKA_CLIENT_ID || 'osprey-engine',
      topicPrefix: env.OSPREY_KAFKA_PREFIX || 'osprey',
      jobTypes: list(env.OSPREY_KAFKA_JOB_TYPES),
      jobTimeoutMs: int('OSPREY_KAFKA_JOB_TIMEOUT_MS', 300_000, 1_000, 86_400_000),
      eventKinds: list(env.OSPREY_KAFKA_EVENTS),
      groupId: env.OSPREY_KAFKA_GROUP_ID || 'osprey-engine',
      outboxPollMs: int('OSPREY_OUTBOX_POLL_MS', 250, 10, 3_600_000),
    };
  }

  const roles = new Set<EngineRole>();
  for (const r of (env.ENGINE_ROLES || ROLES.join(',')).split(',').map((s) => s.trim()).filter(Boolean)) {
    if ((ROLES as string[]).includes(r)) roles.add(r as EngineRole);
    else problems.push(`ENGINE_ROLES: Expected a comma-separated subset of ${ROLES.join(', ')}, but found '${r}'`);
  }

  const logLevel = env.LOG_LEVEL || 'info';
  if (!LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL: Expected one of ${LEVELS.join(', ')}, but found '${logLevel}'`);

  const connectors = loadConnectorConfig(env, problems, int);
  const webhooks = loadWebhooks(env, problems);
  const auth = loadAuthConfig(env, problems);
  const audit = loadAuditConfig(env, problems);
  if (!auth.multiTenancy) {
    // Off, every request works in '<default>': a webhook elsewhere would publish where no one can look.
    for (const w of webhooks) {
      if (w.tenantId !== undefined && w.tenantId !== '<default>') {
        problems.push(`OSPREY_WEBHOOKS: Expected webhook '${w.name}' to use tenant '<default>' because OSPREY_MULTI_TENANCY is off, but found '${w.tenantId}'`);
      }
    }
  }
  const tracing = (env.OSPREY_TRACING || 'off').trim().toLowerCase() === 'otlp' ? 'otlp' : 'off';
  if (tracing === 'off' && !['', 'off'].includes((env.OSPREY_TRACING ?? '').trim().toLowerCase())) {
    problems.push(`OSPREY_TRACING: Expected 'otlp' or 'off', but found '${env.OSPREY_TRACING}'`);
  }

  const limits = loadLimitsConfig(int);

  if (problems.length > 0) throw new ConfigError(problems);
  return { port, host: env.HOST || '0.0.0.0', database, kafka, roles, logLevel, timerPollMs, maxLeaseExpiries, jobPollFallbackMs, requireJobAttempt, connectors, webhooks, auth, audit, tracing, limits };
}

/** Configuration of the built-in connectors (`osprey:http`, `osprey:grpc`). */
export interface ConnectorConfig {
  /** `OSPREY_CONNECTORS` — `false` keeps the built-in connectors from taking jobs on this replica. @default true */
  readonly enabled: boolean;
  /**
   * `OSPREY_CONNECTOR_ALLOWED_HOSTS` — the hosts connectors may call: comma-separated hostnames,
   * `host:port` pairs and `*.example.com` wildcards. Empty: nothing may be called.
   * @default []
   */
  readonly allowedHosts: readonly string[];
  /** `OSPREY_CONNECTOR_ALLOW_PRIVATE` — let wildcard entries reach loopback and private addresses. @default false */
  readonly allowPrivate: boolean;
  /** `OSPREY_CONNECTOR_CONCURRENCY` — jobs of each connector type run at once on one replica. @default 16 */
  readonly concurrency: number;
}

const ENTRY = /^(\*\.)?([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/;

/**
 * Reads the connector variables, adding a message to `problems` for each invalid one.
 * @param int the config loader's integer reader (validates and reports ranges)
 */
export function loadConnectorConfig(
  env: NodeJS.ProcessEnv,
  problems: string[],
  int: (name: string, fallback: number, min: number, max: number) => number,
): ConnectorConfig {
  const allowedHosts = (env.OSPREY_CONNECTOR_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  for (const entry of allowedHosts) {
    if (!ENTRY.test(entry)) {
      problems.push(`OSPREY_CONNECTOR_ALLOWED_HOSTS: Expected hostnames, host:port pairs or *.domain wildcards, but found '${entry}'`);
    }
  }
  const flag = (name: string, fallback: boolean): boolean => {
    const raw = (env[name] ?? '').trim().toLowerCase();
    if (raw === '') return fallback;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    problems.push(`${name}: Expected true or false, but found '${env[name]}'`);
    return fallback;
  };
  return {
    enabled: flag('OSPREY_CONNECTORS', true),
    allowedHosts,
    allowPrivate: flag('OSPREY_CONNECTOR_ALLOW_PRIVATE', false),
    concurrency: int('OSPREY_CONNECTOR_CONCURRENCY', 16, 1, 1000),
  };
}

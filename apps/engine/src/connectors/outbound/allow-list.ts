/** One `OSPREY_CONNECTOR_ALLOWED_HOSTS` entry. */
interface HostPattern {
  /** `*.example.com`: any subdomain of `host` (not `host` itself). */
  readonly wildcard: boolean;
  /** Lower-case hostname or IP address, without brackets. */
  readonly host: string;
  /** When set, only this port. */
  readonly port?: number;
}

/** How a target matched the allow-list. */
export interface AllowListMatch {
  /** True when an entry names the host itself rather than a wildcard covering it. */
  readonly explicit: boolean;
}

/**
 * The hosts connectors may call (`OSPREY_CONNECTOR_ALLOWED_HOSTS`): hostnames, `host:port`
 * pairs, `[ipv6]:port`, and `*.example.com` wildcards. An empty list allows nothing.
 *
 * @example
 * new AllowList(['api.example.com', '*.payments.example.com:443', '127.0.0.1:8080'])
 *   .match('eu.payments.example.com', 443) // { explicit: false }
 */
export class AllowList {
  private readonly patterns: readonly HostPattern[];

  constructor(entries: readonly string[]) {
    this.patterns = entries.map(parseEntry).filter((p): p is HostPattern => p !== undefined);
  }

  /** The best match for a target (an explicit entry wins over a wildcard), or undefined. */
  match(hostname: string, port: number): AllowListMatch | undefined {
    const host = normalizeHost(hostname);
    let best: AllowListMatch | undefined;
    for (const p of this.patterns) {
      if (p.port !== undefined && p.port !== port) continue;
      if (!p.wildcard && p.host === host) return { explicit: true };
      if (p.wildcard && host.endsWith(`.${p.host}`)) best = { explicit: false };
    }
    return best;
  }
}

/** Lower-case, without IPv6 brackets or a trailing root dot. */
export function normalizeHost(hostname: string): string {
  let h = hostname.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  return h;
}

function parseEntry(entry: string): HostPattern | undefined {
  let rest = entry.trim().toLowerCase();
  if (!rest) return undefined;
  let port: number | undefined;
  const withPort = /^(.*[^:]):(\d{1,5})$/.exec(rest);
  // An IPv6 address without brackets has colons but no port.
  if (withPort && (withPort[1]!.startsWith('[') || !withPort[1]!.includes(':'))) {
    rest = withPort[1]!;
    port = Number(withPort[2]);
  }
  const wildcard = rest.startsWith('*.');
  return { wildcard, host: normalizeHost(wildcard ? rest.slice(2) : rest), port };
}

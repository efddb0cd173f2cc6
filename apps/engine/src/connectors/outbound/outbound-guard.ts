import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { ConnectorError } from '../connector';
import type { ConnectorConfig } from '../connector-config';
import { classifyAddress, mayConnect } from './address-policy';
import { AllowList, normalizeHost } from './allow-list';

/** A target that passed every check: connect to `address`, never to a fresh DNS answer. */
export interface CheckedTarget {
  readonly hostname: string;
  readonly port: number;
  readonly address: string;
  readonly family: 4 | 6;
  /** For `net.connect`/`http.request`: answers with the checked address (no second DNS query). */
  readonly lookup: LookupFunction;
}

/**
 * Decides whether a connector may open a connection to `host:port`: the host must be in
 * `OSPREY_CONNECTOR_ALLOWED_HOSTS`, and every address it resolves to must be one connectors
 * may reach (see {@link mayConnect}). The connection then goes to the address that was checked,
 * so a DNS answer that changes between check and connect (rebinding) cannot redirect it.
 */
export class OutboundGuard {
  private readonly allowList: AllowList;

  constructor(private readonly config: Pick<ConnectorConfig, 'allowedHosts' | 'allowPrivate'>) {
    this.allowList = new AllowList(config.allowedHosts);
  }

  /** @throws ConnectorError (HOST_NOT_ALLOWED, or REQUEST_FAILED when the name does not resolve) */
  async check(hostname: string, port: number): Promise<CheckedTarget> {
    const host = normalizeHost(hostname);
    const shown = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    const match = this.allowList.match(host, port);
    if (!match) {
      throw new ConnectorError('HOST_NOT_ALLOWED', `Expected an allowed host, but '${shown}' is not in OSPREY_CONNECTOR_ALLOWED_HOSTS`);
    }
    let addresses: { address: string; family: number }[];
    if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
    else {
      try {
        addresses = await lookup(host, { all: true, verbatim: true });
      } catch (error) {
        throw new ConnectorError('REQUEST_FAILED', `Expected '${host}' to resolve, but ${(error as Error).message}`, { cause: error });
      }
    }
    // Every address must pass, not just the first: the connection may go to any of them.
    for (const { address } of addresses) {
      const kind = classifyAddress(address);
      if (!mayConnect(kind, match.explicit, this.config.allowPrivate)) {
        const why =
          kind === 'loopback' || kind === 'private'
            ? `a ${kind} address, which only hosts listed by name (not by wildcard) may use unless OSPREY_CONNECTOR_ALLOW_PRIVATE=true`
            : `a ${kind} address, which connectors never call`;
        throw new ConnectorError('HOST_NOT_ALLOWED', `Expected '${shown}' to resolve to an address connectors may call, but it resolves to ${address}, ${why}`);
      }
    }
    const first = addresses[0];
    if (!first) throw new ConnectorError('REQUEST_FAILED', `Expected '${host}' to resolve, but it has no addresses`);
    const family = first.family === 6 ? 6 : 4;
    const checked: LookupFunction = (_name, options, callback) => {
      if (options.all) callback(null, [{ address: first.address, family }]);
      else callback(null, first.address, family);
    };
    return { hostname: host, port, address: first.address, family, lookup: checked };
  }
}

import { BlockList, isIP } from 'node:net';

/** What kind of network an IP address belongs to, as far as outbound calls are concerned. */
export type AddressKind = 'public' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'unspecified' | 'multicast' | 'reserved';

function list(ipv4: readonly string[], ipv6: readonly string[]): BlockList {
  const b = new BlockList();
  for (const cidr of ipv4) {
    const [net, bits] = cidr.split('/');
    b.addSubnet(net!, Number(bits), 'ipv4');
  }
  for (const cidr of ipv6) {
    const [net, bits] = cidr.split('/');
    b.addSubnet(net!, Number(bits), 'ipv6');
  }
  return b;
}

/** Checked in this order: the first list holding the address names its kind. */
const KINDS: readonly (readonly [AddressKind, BlockList])[] = [
  // Cloud instance metadata (AWS, GCP, Azure, OpenStack; AWS ECS and IPv6; Alibaba): credentials live there.
  ['metadata', list(['169.254.169.254/32', '169.254.170.2/32', '100.100.100.200/32'], ['fd00:ec2::254/128'])],
  ['unspecified', list(['0.0.0.0/8'], ['::/128'])],
  ['loopback', list(['127.0.0.0/8'], ['::1/128'])],
  ['link-local', list(['169.254.0.0/16'], ['fe80::/10'])],
  // RFC 1918, carrier-grade NAT (RFC 6598), IPv6 unique local (RFC 4193).
  ['private', list(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'], ['fc00::/7'])],
  ['multicast', list(['224.0.0.0/4'], ['ff00::/8'])],
  // IETF protocol assignments, benchmarking, class E and broadcast; deprecated site-local IPv6.
  ['reserved', list(['192.0.0.0/24', '198.18.0.0/15', '240.0.0.0/4'], ['fec0::/10'])],
];

/**
 * Classifies an IP address. IPv6 forms that carry an IPv4 address (mapped `::ffff:a.b.c.d`,
 * NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are classified by that IPv4 address, so an internal
 * address cannot be reached through its IPv6 spelling.
 */
export function classifyAddress(address: string): AddressKind {
  const family = isIP(address);
  if (family === 0) return 'reserved';
  if (family === 6) {
    const embedded = embeddedIpv4(address);
    if (embedded) return classifyAddress(embedded);
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [kind, blocks] of KINDS) if (blocks.check(address, type)) return kind;
  return 'public';
}

/**
 * Whether connectors may connect to an address of `kind`. Link-local, metadata, unspecified,
 * multicast and reserved addresses never; loopback and private ones only for a host named
 * explicitly in the allow-list, or for any allowed host with `OSPREY_CONNECTOR_ALLOW_PRIVATE`.
 */
export function mayConnect(kind: AddressKind, explicit: boolean, allowPrivate: boolean): boolean {
  if (kind === 'public') return true;
  if (kind === 'loopback' || kind === 'private') return explicit || allowPrivate;
  return false;
}

function embeddedIpv4(address: string): string | undefined {
  const words = expandIpv6(address);
  if (!words) return undefined;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const zero = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated)
  if (zero(0, 5) && (words[5] === 0xffff || (words[5] === 0 && (words[6] !== 0 || words[7]! > 1)))) return v4(words[6]!, words[7]!);
  // 64:ff9b::/96 (NAT64)
  if (words[0] === 0x64 && words[1] === 0xff9b && zero(2, 6)) return v4(words[6]!, words[7]!);
  // 2002:AABB:CCDD::/48 (6to4)
  if (words[0] === 0x2002) return v4(words[1]!, words[2]!);
  return undefined;
}

/** The eight 16-bit words of an IPv6 address, or undefined when it does not parse. */
function expandIpv6(address: string): number[] | undefined {
  let text = address.toLowerCase().split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const parts = dotted[1]!.split('.').map(Number);
    text = `${text.slice(0, -dotted[1]!.length)}${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((w) => parseInt(w, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const words = tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return words.length === 8 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? words : undefined;
}

// Which IP addresses a proxy must never connect to on a user's behalf (SSRF). Ranges from the IANA
// special-purpose registries (RFC 6890 and its updates), plus cloud metadata endpoints.
import { BlockList, isIP } from 'node:net';

/**
 * Why an address is refused as an upstream: the kind of range it belongs to.
 *
 * @example
 * const kind: BlockedKind = 'metadata';
 */
export type BlockedKind =
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'metadata'
  | 'unique-local'
  | 'unspecified'
  | 'multicast'
  | 'reserved'
  | 'not-an-ip';

/**
 * A refused address and the range that caught it.
 *
 * @example
 * const b: BlockedAddress = { address: '10.0.0.1', kind: 'private', range: '10.0.0.0/8' };
 */
export interface BlockedAddress {
  readonly address: string;
  readonly kind: BlockedKind;
  readonly range: string;
}

type Range = readonly [network: string, prefix: number, kind: BlockedKind];

// Most specific first: metadata addresses sit inside link-local and ULA ranges.
const V4: readonly Range[] = [
  ['169.254.169.254', 32, 'metadata'], // AWS, GCP, Azure, OpenStack instance metadata
  ['100.100.100.200', 32, 'metadata'], // Alibaba Cloud metadata
  ['0.0.0.0', 8, 'unspecified'], // "this network"; 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'cgnat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
  ['192.0.2.0', 24, 'reserved'], // TEST-NET-1
  ['192.88.99.0', 24, 'reserved'], // 6to4 relay anycast
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'], // benchmarking
  ['198.51.100.0', 24, 'reserved'], // TEST-NET-2
  ['203.0.113.0', 24, 'reserved'], // TEST-NET-3
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'], // includes 255.255.255.255
];

const V6: readonly Range[] = [
  ['fd00:ec2::254', 128, 'metadata'], // AWS IMDS over IPv6
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'], // deprecated site-local
  ['ff00::', 8, 'multicast'],
  ['100::', 64, 'reserved'], // discard-only
  ['2001:db8::', 32, 'reserved'], // documentation
  ['2001::', 23, 'reserved'], // IETF protocol assignments (Teredo, ORCHID…) can tunnel to anything
];

function compile(ranges: readonly Range[], family: 'ipv4' | 'ipv6'): { list: BlockList; range: Range }[] {
  return ranges.map((range) => {
    const list = new BlockList();
    list.addSubnet(range[0], range[1], family);
    return { list, range };
  });
}

const V4_LISTS = compile(V4, 'ipv4');
const V6_LISTS = compile(V6, 'ipv6');
// IPv6 global unicast. Outside it, an address no range above names is unassigned or "Reserved by IETF"
// (the IPv6 address space registry): never a public upstream, whatever its bytes resemble.
const GLOBAL_UNICAST = new BlockList();
GLOBAL_UNICAST.addSubnet('2000::', 3, 'ipv6');

/** The 16 bytes of an IPv6 address (already validated by `isIP`). */
function ipv6Bytes(address: string): number[] {
  let text = address.split('%')[0] ?? address;
  const bytes: number[] = [];
  // A trailing dotted quad (::ffff:1.2.3.4) becomes two hex groups.
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  for (const g of groups) {
    const n = Number.parseInt(g, 16);
    bytes.push(n >> 8, n & 0xff);
  }
  return bytes;
}

/** An IPv4 address carried inside an IPv6 one (mapped, compatible, NAT64, 6to4), or null. */
function embeddedIpv4(address: string): string | null {
  const b = ipv6Bytes(address);
  const v4 = (i: number) => `${b[i]}.${b[i + 1]}.${b[i + 2]}.${b[i + 3]}`;
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (deprecated compatible): the socket reaches the IPv4 host.
  if (zero(0, 10) && ((b[10] === 0xff && b[11] === 0xff) || (b[10] === 0 && b[11] === 0))) return v4(12);
  // 64:ff9b::/96 (NAT64, RFC 6052) and 64:ff9b:1::/48 (local-use NAT64, RFC 8215).
  if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b) return v4(12);
  // 2002::/16 (6to4, RFC 3056): the IPv4 address is in bits 16..48.
  if (b[0] === 0x20 && b[1] === 0x02) return v4(2);
  return null;
}

/**
 * Why `address` (an IP literal) must not be an upstream, or `null` when it is a public unicast address.
 * IPv6 addresses that carry an IPv4 address (mapped `::ffff:127.0.0.1`, NAT64, 6to4) are judged by
 * the IPv4 address they reach; any other IPv6 address outside global unicast (`2000::/3`) is reserved.
 *
 * @example
 * blockedAddress('169.254.169.254'); // { address: '169.254.169.254', kind: 'metadata', range: '169.254.169.254/32' }
 * blockedAddress('::ffff:10.1.2.3');  // { address: '::ffff:10.1.2.3', kind: 'private', range: '10.0.0.0/8' }
 * blockedAddress('93.184.215.14');   // null
 */
export function blockedAddress(address: string): BlockedAddress | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(bare);
  if (family === 0) return { address, kind: 'not-an-ip', range: 'not an IP address' };
  if (family === 6) {
    for (const { list, range } of V6_LISTS) {
      if (list.check(bare, 'ipv6')) return { address, kind: range[2], range: `${range[0]}/${range[1]}` };
    }
    // A mapped public IPv4 address is as good as the address itself; a mapped private one is private.
    const v4 = embeddedIpv4(bare);
    if (v4 !== null) {
      const inner = blockedAddress(v4);
      return inner === null ? null : { ...inner, address };
    }
    if (GLOBAL_UNICAST.check(bare, 'ipv6')) return null;
    return { address, kind: 'reserved', range: 'outside 2000::/3 (global unicast)' };
  }
  for (const { list, range } of V4_LISTS) {
    if (list.check(bare, 'ipv4')) return { address, kind: range[2], range: `${range[0]}/${range[1]}` };
  }
  return null;
}

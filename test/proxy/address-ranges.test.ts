// Every special-purpose range the proxy refuses, at both of its edges, with the kind and the range it
// reports (the refusal names them), from the IANA IPv4 and IPv6 special-purpose registries; and the
// public addresses right beside them. The module is imported inside the tests, not at the top: a range
// table that cannot be built then fails these tests, instead of failing the file before any test runs
// (which StrykerJS's vitest runner would count as "no test failed").
import { describe, expect, it } from 'vitest';

const load = async () => (await import('../../src/proxy/address.js')).blockedAddress;

// [first address, last address, kind, range as reported]
const V4: readonly [string, string, string, string][] = [
  ['169.254.169.254', '169.254.169.254', 'metadata', '169.254.169.254/32'],
  ['100.100.100.200', '100.100.100.200', 'metadata', '100.100.100.200/32'],
  ['0.0.0.0', '0.255.255.255', 'unspecified', '0.0.0.0/8'],
  ['10.0.0.0', '10.255.255.255', 'private', '10.0.0.0/8'],
  ['100.64.0.0', '100.127.255.255', 'cgnat', '100.64.0.0/10'],
  ['127.0.0.0', '127.255.255.255', 'loopback', '127.0.0.0/8'],
  ['169.254.0.0', '169.254.255.255', 'link-local', '169.254.0.0/16'],
  ['172.16.0.0', '172.31.255.255', 'private', '172.16.0.0/12'],
  ['192.0.0.0', '192.0.0.255', 'reserved', '192.0.0.0/24'],
  ['192.0.2.0', '192.0.2.255', 'reserved', '192.0.2.0/24'],
  ['192.88.99.0', '192.88.99.255', 'reserved', '192.88.99.0/24'],
  ['192.168.0.0', '192.168.255.255', 'private', '192.168.0.0/16'],
  ['198.18.0.0', '198.19.255.255', 'reserved', '198.18.0.0/15'],
  ['198.51.100.0', '198.51.100.255', 'reserved', '198.51.100.0/24'],
  ['203.0.113.0', '203.0.113.255', 'reserved', '203.0.113.0/24'],
  ['224.0.0.0', '239.255.255.255', 'multicast', '224.0.0.0/4'],
  ['240.0.0.0', '255.255.255.255', 'reserved', '240.0.0.0/4'],
];

const V6: readonly [string, string, string, string][] = [
  ['fd00:ec2::254', 'fd00:ec2::254', 'metadata', 'fd00:ec2::254/128'],
  ['::', '::', 'unspecified', '::/128'],
  ['::1', '::1', 'loopback', '::1/128'],
  ['fc00::', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'unique-local', 'fc00::/7'],
  ['fe80::', 'febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'link-local', 'fe80::/10'],
  ['fec0::', 'feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'private', 'fec0::/10'],
  ['ff00::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'multicast', 'ff00::/8'],
  ['100::', '100::ffff:ffff:ffff:ffff', 'reserved', '100::/64'],
  ['2001:db8::', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 'reserved', '2001:db8::/32'],
  ['2001::', '2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff', 'reserved', '2001::/23'],
];

describe('every special-purpose range, first and last address', () => {
  it.each([...V4, ...V6])('%s … %s is refused as %s (%s)', async (first, last, kind, range) => {
    const blockedAddress = await load();
    for (const address of [first, last]) {
      expect(blockedAddress(address), address).toEqual({ address, kind, range });
    }
  });

  it('the metadata addresses are reported as metadata, not as the link-local or ULA range around them', async () => {
    const blockedAddress = await load();
    expect(blockedAddress('169.254.169.253')?.kind).toBe('link-local');
    expect(blockedAddress('100.100.100.201')?.kind).toBe('cgnat');
    expect(blockedAddress('fd00:ec2::253')?.kind).toBe('unique-local');
  });
});

describe('public addresses right outside the ranges', () => {
  it.each([
    '1.0.0.0',
    '9.255.255.255',
    '11.0.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '126.255.255.255',
    '128.0.0.0',
    '169.253.255.255',
    '169.255.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '191.255.255.255',
    '192.0.1.0',
    '192.0.3.0',
    '192.88.98.255',
    '192.88.100.0',
    '192.167.255.255',
    '192.169.0.0',
    '198.17.255.255',
    '198.20.0.0',
    '198.51.99.255',
    '198.51.101.0',
    '203.0.112.255',
    '203.0.114.0',
    '223.255.255.255',
    '2001:200::1',
    '2001:db7:ffff::1',
    '2001:db9::1',
    '2606:4700:4700::1111',
    '3fff:ffff::1',
  ])('%s is an upstream', async (address) => {
    expect((await load())(address)).toBeNull();
  });
});

describe('IPv6 addresses that carry an IPv4 address are judged by it, and only those', () => {
  it.each([
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a00:1', 'private'],
    ['::10.0.0.1', 'private'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b:1::a00:1', 'private'],
    ['2002:a00:1::', 'private'],
    ['2002:a9fe:a9fe::1', 'metadata'],
    // A zone index belongs to the interface, not to the address.
    ['::ffff:10.0.0.1%eth0', 'private'],
    ['64:ff9b::a00:1%1', 'private'],
  ])('%s is refused as %s', async (address, kind) => {
    const blockedAddress = await load();
    expect(blockedAddress(address)).toMatchObject({ address, kind });
  });

  it.each(['::ffff:8.8.8.8', '::ffff:808:808', '64:ff9b::808:808', '2002:808:808::1'])(
    '%s reaches a public IPv4 address',
    async (address) => {
      expect((await load())(address)).toBeNull();
    },
  );

  it.each([
    // Public addresses whose bytes resemble 6to4 or NAT64 with a loopback IPv4 inside.
    '2003:7f00:1::1',
    '2602:7f00:1::1',
    '2064:ff9b::7f00:1',
    '2000:64:ff9b::7f00:1',
  ])('%s is public, not a 6to4 or NAT64 form', async (address) => {
    expect((await load())(address)).toBeNull();
  });
});

describe('IPv6 outside global unicast (2000::/3) is never an upstream', () => {
  it.each([
    // Near-misses of the IPv4-carrying forms: no IPv4 host is reached, and no public one either.
    '::ff00:7f00:1',
    '::ffff:0:7f00:1',
    '::1234:7f00:1',
    '::ff:7f00:1',
    '::12:7f00:1',
    '0:ff9b::7f00:1',
    '65:ff9b::7f00:1',
    '64:ff9a::7f00:1',
    '64:9b::7f00:1',
    '1::1',
    '100::1:0:0:0:1',
    '4000::1',
    'e000::1',
    'fe00::1',
    '[1::1]',
  ])('%s is refused as reserved', async (address) => {
    expect((await load())(address)).toEqual({
      address,
      kind: 'reserved',
      range: 'outside 2000::/3 (global unicast)',
    });
  });
});

describe('what is not an IP address', () => {
  it.each([
    'api.example.com',
    '[api.example.com]',
    '[::1',
    '::1]',
    '10.0.0.1]',
    '[10.0.0.1',
    '',
    '1.2.3.4.5',
  ])('%j is refused as not an IP address', async (address) => {
    expect((await load())(address)).toEqual({ address, kind: 'not-an-ip', range: 'not an IP address' });
  });

  it('brackets around an IPv6 literal are accepted, and kept in the reported address', async () => {
    expect((await load())('[fe80::1]')).toEqual({
      address: '[fe80::1]',
      kind: 'link-local',
      range: 'fe80::/10',
    });
  });
});

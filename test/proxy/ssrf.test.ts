// SSRF refusals without --allow-private. Every refused target here is only ever resolved (by an
// injected resolver) and checked; the connection watcher proves no socket is opened to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProxyError } from '../../src/proxy/errors.js';
import {
  pinnedLookup,
  type ResolvedAddress,
  type Resolver,
  resolveUpstream,
} from '../../src/proxy/resolve.js';
import { rawHeader, startProxy, startUpstream, type Upstream, watchConnections } from './helpers.js';

const PAGE = 'http://localhost:5173';
const cors = { origins: [PAGE] };

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream((_req, res) => res.end('reached'));
});
afterAll(async () => {
  await upstream?.close();
});

function fixedResolver(map: Record<string, readonly string[]>, calls: string[] = []): Resolver {
  return async (host) => {
    calls.push(host);
    const list = map[host];
    if (list === undefined) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return list.map((address): ResolvedAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

async function attempt(
  target: string,
  resolver?: Resolver,
): Promise<{ status: number; code: string | null; message: string; attempts: string[] }> {
  const p = await startProxy({ targets: [target], cors, ...(resolver ? { resolver } : {}) });
  const watch = watchConnections();
  try {
    const r = await fetch(`${p.url}/anything`, { headers: { Origin: PAGE } });
    const text = await r.text();
    const body = text.startsWith('{')
      ? (JSON.parse(text) as { error: { code: string; message: string } })
      : null;
    return {
      status: r.status,
      code: r.headers.get('corsair-proxy-error'),
      message: body?.error.message ?? text,
      // Connections other than the test's own request to the proxy.
      attempts: watch.attempts.filter((a) => a !== `127.0.0.1:${new URL(p.url).port}`),
    };
  } finally {
    watch.stop();
    await p.close();
  }
}

describe('upstream addresses are checked after DNS resolution, before any connection', () => {
  it.each([
    ['loopback literal', () => `http://127.0.0.1:${upstream.port}`, 'loopback'],
    ['IPv6 loopback literal', () => `http://[::1]:${upstream.port}`, 'loopback'],
    ['IPv4-mapped IPv6 loopback', () => `http://[::ffff:127.0.0.1]:${upstream.port}`, 'loopback'],
    ['decimal IPv4 (2130706433 = 127.0.0.1)', () => `http://2130706433:${upstream.port}`, 'loopback'],
    ['localhost through the system resolver', () => `http://localhost:${upstream.port}`, 'loopback'],
    ['metadata literal', () => 'http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['private literal 10.x', () => 'http://10.0.0.7:8080', 'private'],
    ['private literal 192.168.x', () => 'http://192.168.0.1', 'private'],
  ])('refuses a %s target', async (_name, target, kind) => {
    const r = await attempt(target());
    expect(r.status).toBe(403);
    expect(r.code).toBe('PROXY_UPSTREAM_FORBIDDEN');
    expect(r.message).toContain(kind);
    expect(r.attempts).toEqual([]);
    expect(upstream.seen).toEqual([]);
  });

  it.each([
    [['127.0.0.1'], 'loopback'],
    [['10.1.2.3'], 'private'],
    [['172.20.0.5'], 'private'],
    [['192.168.50.1'], 'private'],
    [['100.64.3.3'], 'cgnat'],
    [['169.254.169.254'], 'metadata'],
    [['fd00:ec2::254'], 'metadata'],
    [['169.254.10.10'], 'link-local'],
    [['fe80::1'], 'link-local'],
    [['fd12:3456::9'], 'unique-local'],
    [['::ffff:10.0.0.1'], 'private'],
    [['::1'], 'loopback'],
    // One internal answer among public ones refuses the name: the socket could pick any of them.
    [['8.8.8.8', '10.0.0.1'], 'private'],
  ])('refuses a DNS name resolving to %j (%s)', async (addresses, kind) => {
    const calls: string[] = [];
    const r = await attempt(
      `http://api.internal.test:${upstream.port}`,
      fixedResolver({ 'api.internal.test': addresses }, calls),
    );
    expect(r.status).toBe(403);
    expect(r.code).toBe('PROXY_UPSTREAM_FORBIDDEN');
    expect(r.message).toContain(kind);
    expect(r.message).toContain('it resolves to');
    expect(r.attempts).toEqual([]);
    expect(calls).toEqual(['api.internal.test']);
  });

  it('answers 502 PROXY_DNS_FAILED with CORS headers when the name does not resolve', async () => {
    const r = await attempt('http://nowhere.test', fixedResolver({}));
    expect(r.status).toBe(502);
    expect(r.code).toBe('PROXY_DNS_FAILED');
    expect(r.attempts).toEqual([]);
  });

  it('connects to exactly the address it checked (pinned lookup), with the Host of the name', async () => {
    // upstream.test exists only in this resolver: success proves the socket never asked DNS itself.
    const calls: string[] = [];
    const p = await startProxy({
      targets: [`http://upstream.test:${upstream.port}`],
      cors,
      allowPrivate: true,
      resolver: fixedResolver({ 'upstream.test': ['127.0.0.1'] }, calls),
    });
    const watch = watchConnections();
    try {
      for (let i = 0; i < 3; i++) {
        const r = await fetch(`${p.url}/x`, { headers: { Origin: PAGE } });
        expect(await r.text()).toBe('reached');
      }
    } finally {
      watch.stop();
      await p.close();
    }
    expect(calls).toEqual(['upstream.test', 'upstream.test', 'upstream.test']);
    expect(watch.attempts.filter((a) => a.endsWith(`:${upstream.port}`))).toEqual([
      `127.0.0.1:${upstream.port}`,
    ]);
    expect(rawHeader(upstream.seen.at(-1)!.headers, 'host')).toEqual([`upstream.test:${upstream.port}`]);
    upstream.seen.length = 0;
  });
});

describe('resolveUpstream and pinnedLookup', () => {
  it('returns the first address when all are public, without connecting', async () => {
    const pinned = await resolveUpstream('api.example.com', {
      resolver: fixedResolver({
        'api.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
      }),
      allowPrivate: false,
    });
    expect(pinned).toEqual({ address: '93.184.215.14', family: 4 });
  });

  it('lets private addresses through with allowPrivate', async () => {
    const pinned = await resolveUpstream('db.lan', {
      resolver: fixedResolver({ 'db.lan': ['10.0.0.2'] }),
      allowPrivate: true,
    });
    expect(pinned.address).toBe('10.0.0.2');
  });

  it('throws a coded error a user can act on', async () => {
    const err = await resolveUpstream('169.254.169.254', {
      resolver: fixedResolver({}),
      allowPrivate: false,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProxyError);
    expect((err as ProxyError).code).toBe('PROXY_UPSTREAM_FORBIDDEN');
    expect((err as ProxyError).fix).toContain('--allow-private');
  });

  it('pinnedLookup answers both single and `all` queries with the pinned address', async () => {
    const lookup = pinnedLookup({ address: '127.0.0.1', family: 4 }) as unknown as (
      h: string,
      o: { all?: boolean },
      cb: (err: Error | null, a: unknown, f?: number) => void,
    ) => void;
    const single = await new Promise((resolve) => lookup('x.test', {}, (_e, a, f) => resolve([a, f])));
    const all = await new Promise((resolve) => lookup('x.test', { all: true }, (_e, a) => resolve(a)));
    expect(single).toEqual(['127.0.0.1', 4]);
    expect(all).toEqual([{ address: '127.0.0.1', family: 4 }]);
  });
});

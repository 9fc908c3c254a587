// Requests without Origin and ambient cookies (issue 13, item 7), header by header; the real-browser
// proof is chromium-no-origin.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeaderList } from '../../src/exchange.js';
import { initiatorOf } from '../../src/proxy/initiator.js';
import { type RunningProxy, rawHeader, startProxy, startUpstream, type Upstream } from './helpers.js';

const PAGE = 'http://localhost:5173';
const SELF = 'http://127.0.0.1:8787';

describe('initiatorOf', () => {
  it.each<[string, HeaderList, ReturnType<typeof initiatorOf>]>([
    ['curl: no browser metadata', [], { kind: 'client' }],
    ['the user typed the URL', [['Sec-Fetch-Site', 'none']], { kind: 'user' }],
    ['a page served through the proxy', [['Sec-Fetch-Site', 'same-origin']], { kind: 'self' }],
    ['an old browser on a proxied page', [['Referer', `${SELF}/app`]], { kind: 'self' }],
    [
      'another page, by its Referer',
      [
        ['Sec-Fetch-Site', 'cross-site'],
        ['Referer', 'https://evil.example/a?b'],
      ],
      { kind: 'page', origin: 'https://evil.example' },
    ],
    ['an old browser, by its Referer', [['Referer', `${PAGE}/x`]], { kind: 'page', origin: PAGE }],
    ['a page that hides its Referer', [['Sec-Fetch-Site', 'same-site']], { kind: 'unknown' }],
    [
      'an opaque Referer',
      [
        ['Sec-Fetch-Site', 'cross-site'],
        ['Referer', 'about:blank'],
      ],
      { kind: 'unknown' },
    ],
  ])('%s', (_name, lines, expected) => {
    expect(initiatorOf(lines, SELF)).toEqual(expected);
  });
});

describe('the proxy with requests that carry no Origin, and cookies', () => {
  let upstream: Upstream;
  let withCredentials: RunningProxy;
  let withoutCredentials: RunningProxy;
  beforeAll(async () => {
    upstream = await startUpstream((_req, res) => res.end('ok'));
    const base = { targets: [upstream.url], allowPrivate: true };
    withCredentials = await startProxy({ ...base, cors: { origins: [PAGE], credentials: true } });
    withoutCredentials = await startProxy({ ...base, cors: { origins: [PAGE] } });
  });
  afterAll(async () => {
    await withCredentials?.close();
    await withoutCredentials?.close();
    await upstream?.close();
  });

  async function cookieSeen(p: RunningProxy, headers: Record<string, string>): Promise<string> {
    upstream.seen.length = 0;
    const r = await fetch(`${p.url}/x`, { headers: { Cookie: 'sid=1', ...headers } });
    await r.text();
    if (r.status !== 200) return `${r.status} ${r.headers.get('corsair-proxy-error')}`;
    return rawHeader(upstream.seen[0]!.headers, 'cookie')[0] ?? 'no cookie';
  }

  it('refuses a page the policy does not allow, or one that hides itself', async () => {
    const evil = {
      'Sec-Fetch-Site': 'cross-site',
      'Sec-Fetch-Mode': 'no-cors',
      Referer: 'https://evil.example/',
    };
    expect(await cookieSeen(withCredentials, evil)).toBe('403 PROXY_CROSS_SITE_REFUSED');
    expect(await cookieSeen(withCredentials, { 'Sec-Fetch-Site': 'same-site' })).toBe(
      '403 PROXY_CROSS_SITE_REFUSED',
    );
    // An old browser without Fetch Metadata still sends the Referer.
    expect(await cookieSeen(withCredentials, { Referer: 'https://evil.example/' })).toBe(
      '403 PROXY_CROSS_SITE_REFUSED',
    );
    expect(upstream.seen).toEqual([]);
  });

  it('forwards the allowed page, the user and curl with the cookie when the policy allows credentials', async () => {
    expect(await cookieSeen(withCredentials, { 'Sec-Fetch-Site': 'same-site', Referer: `${PAGE}/` })).toBe(
      'sid=1',
    );
    expect(await cookieSeen(withCredentials, { 'Sec-Fetch-Site': 'none' })).toBe('sid=1');
    expect(await cookieSeen(withCredentials, {})).toBe('sid=1');
  });

  it('drops ambient cookies for pages when the policy does not allow credentials (with or without Origin)', async () => {
    expect(await cookieSeen(withoutCredentials, { Origin: PAGE })).toBe('no cookie');
    expect(
      await cookieSeen(withoutCredentials, { 'Sec-Fetch-Site': 'cross-site', Referer: `${PAGE}/` }),
    ).toBe('no cookie');
    expect(await cookieSeen(withCredentials, { Origin: PAGE })).toBe('sid=1');
    // The user's own navigation and curl are not a page acting: they keep their cookies.
    expect(await cookieSeen(withoutCredentials, { 'Sec-Fetch-Site': 'none' })).toBe('sid=1');
    expect(await cookieSeen(withoutCredentials, {})).toBe('sid=1');
  });
});

import { describe, expect, it } from 'vitest';
import { classifyRequest } from '../../src/browser/classify.js';
import { chromium, firefox } from '../../src/browser/profile.js';
import {
  buildActualRequest,
  buildPreflightRequest,
  includesCredentials,
  secFetchSite,
} from '../../src/browser/request-builders.js';
import type { CorsRequestInit } from '../../src/browser/types.js';
import { getAll, hasHeader } from '../../src/exchange.js';
import { getCombined } from '../../src/fetch/header-list.js';

const classify = (init: Partial<CorsRequestInit>) =>
  classifyRequest(
    { pageOrigin: 'https://app.example.com', url: 'https://api.example.com/items', ...init },
    chromium,
  );

describe('buildPreflightRequest (Fetch Standard §4.8)', () => {
  it('builds the exact preflight', () => {
    const c = classify({
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'X-B': '1', 'x-a': '2', Cookie: 'a=b' },
      credentials: 'include',
    });
    expect(buildPreflightRequest(c, c.origin)).toEqual({
      method: 'OPTIONS',
      url: 'https://api.example.com/items',
      headers: [
        ['Accept', '*/*'],
        ['Access-Control-Request-Method', 'PUT'],
        ['Access-Control-Request-Headers', 'content-type,x-a,x-b'],
        ['Origin', 'https://app.example.com'],
        ['Sec-Fetch-Mode', 'cors'],
        ['Sec-Fetch-Site', 'same-site'],
        ['Sec-Fetch-Dest', 'empty'],
      ],
    });
  });

  it('omits Access-Control-Request-Headers when no header is unsafe and keeps the method’s case', () => {
    const c = classify({ method: 'patch', url: 'https://other.test/x' });
    const p = buildPreflightRequest(c, c.origin);
    expect(hasHeader(p.headers, 'access-control-request-headers')).toBe(false);
    expect(getCombined(p.headers, 'access-control-request-method')).toBe('patch');
    expect(getCombined(p.headers, 'sec-fetch-site')).toBe('cross-site');
  });

  it('lists a name twice in Firefox when the page set it on two lines', () => {
    const c = classifyRequest(
      {
        pageOrigin: 'https://app.example.com',
        url: 'https://api.example.com/items',
        headers: [
          ['X-A', '1'],
          ['x-a', '2'],
        ],
      },
      firefox,
    );
    const p = buildPreflightRequest(c, c.origin);
    expect(getCombined(p.headers, 'access-control-request-headers')).toBe('x-a,x-a');
    expect(buildActualRequest(c, c.origin).headers[0]).toEqual(['x-a', '1, 2']);
  });

  it('never carries the page’s headers or cookies', () => {
    const c = classify({
      method: 'DELETE',
      headers: { Authorization: 'Bearer x', Cookie: 'a=b' },
      credentials: 'include',
    });
    const p = buildPreflightRequest(c, c.origin);
    expect(hasHeader(p.headers, 'authorization')).toBe(false);
    expect(hasHeader(p.headers, 'cookie')).toBe(false);
  });
});

describe('buildActualRequest', () => {
  it('sends the page’s headers plus Origin and Sec-Fetch-*', () => {
    const c = classify({
      method: 'POST',
      headers: [
        ['X-Id', '1'],
        ['x-id', '2'],
        ['Content-Type', 'text/plain'],
      ],
    });
    expect(buildActualRequest(c, c.origin)).toEqual({
      method: 'POST',
      url: 'https://api.example.com/items',
      headers: [
        ['x-id', '1, 2'],
        ['content-type', 'text/plain'],
        ['Origin', 'https://app.example.com'],
        ['Sec-Fetch-Mode', 'cors'],
        ['Sec-Fetch-Site', 'same-site'],
        ['Sec-Fetch-Dest', 'empty'],
      ],
    });
  });

  it('sends Origin on a same-origin request only when the method is not GET or HEAD', () => {
    const get = classify({ url: 'https://app.example.com/x' });
    expect(hasHeader(buildActualRequest(get, get.origin).headers, 'origin')).toBe(false);
    expect(getCombined(buildActualRequest(get, get.origin).headers, 'sec-fetch-site')).toBe('same-origin');
    const head = classify({ url: 'https://app.example.com/x', method: 'HEAD' });
    expect(hasHeader(buildActualRequest(head, head.origin).headers, 'origin')).toBe(false);
    const post = classify({ url: 'https://app.example.com/x', method: 'POST' });
    expect(getAll(buildActualRequest(post, post.origin).headers, 'origin')).toEqual([
      'https://app.example.com',
    ]);
  });

  it('after a cross-origin redirect: new URL and method, Origin null, Sec-Fetch-Site over all hops', () => {
    const c = classify({ method: 'POST' });
    const r = buildActualRequest(c, 'null', 'https://cdn.other.net/items', 'GET');
    expect(r.method).toBe('GET');
    expect(r.url).toBe('https://cdn.other.net/items');
    expect(getAll(r.headers, 'origin')).toEqual(['null']);
    expect(getCombined(r.headers, 'sec-fetch-site')).toBe('cross-site');
  });

  it('a same-origin request redirected cross-origin gains an Origin header', () => {
    const c = classify({ url: 'https://app.example.com/x' });
    const r = buildActualRequest(c, c.origin, 'https://api.example.com/y');
    expect(getAll(r.headers, 'origin')).toEqual(['https://app.example.com']);
    expect(getCombined(r.headers, 'sec-fetch-site')).toBe('same-site');
  });
});

describe('secFetchSite', () => {
  it.each([
    ['https://app.example.com', ['https://app.example.com/a'], 'same-origin'],
    ['https://app.example.com', ['https://api.example.com/a'], 'same-site'],
    ['https://app.example.com', ['http://app.example.com/a'], 'cross-site'],
    ['https://app.example.com', ['https://app.example.com/a', 'https://evil.test/'], 'cross-site'],
    ['https://app.example.com', ['https://app.example.com/a', 'https://api.example.com/'], 'same-site'],
    ['null', ['https://app.example.com/'], 'cross-site'],
  ] as const)('page %s, urls %j → %s', (page, urls, site) => {
    const c = classifyRequest({ pageOrigin: page, url: urls[0] }, chromium);
    expect(secFetchSite(c, urls)).toBe(site);
  });
});

describe('includesCredentials (Fetch Standard §4.6, includeCredentials)', () => {
  const PAGE = 'https://app.example.com';
  it.each([
    ['include', PAGE, 'https://api.example.com/x', true],
    ['include', 'null', 'https://api.example.com/x', true],
    ['omit', PAGE, 'https://app.example.com/x', false],
    ['same-origin', PAGE, 'https://app.example.com/x', true],
    ['same-origin', PAGE, 'https://app.example.com:443/y?z', true],
    ['same-origin', PAGE, 'https://api.example.com/x', false],
    ['same-origin', PAGE, 'http://app.example.com/x', false],
    // A sandboxed or file: page has an opaque origin, same-origin with nothing.
    ['same-origin', 'null', 'https://app.example.com/x', false],
  ] as const)('%s from %s to %s → %s', (mode, page, url, cookies) => {
    expect(includesCredentials(mode, page, url)).toBe(cookies);
  });
});

import { describe, expect, it } from 'vitest';
import { rewriteSetCookie } from '../../src/proxy/cookies.js';
import { ProxyError } from '../../src/proxy/errors.js';
import { stripHopByHop, upstreamRequestHeaders } from '../../src/proxy/headers.js';
import { parseTarget, proxyUrlFor, routeRequest } from '../../src/proxy/targets.js';

const api = parseTarget('https://api.example.com/v1');
const auth = parseTarget('/auth=https://auth.example.com');
const targets = [api, auth];

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof ProxyError ? e.code : 'not a ProxyError';
  }
  return undefined;
}

describe('parseTarget', () => {
  it.each([
    ['https://api.example.com', '/', ''],
    ['https://api.example.com/', '/', ''],
    ['https://api.example.com/v1/', '/', '/v1'],
    ['/auth=https://auth.example.com/base', '/auth', '/base'],
    ['/a/b/=http://127.0.0.1:3000', '/a/b', ''],
  ])('%s mounts at %s with base path %j', (spec, mount, basePath) => {
    const t = parseTarget(spec);
    expect(t.mount).toBe(mount);
    expect(t.basePath).toBe(basePath);
  });

  it.each([
    'not a url',
    'ftp://files.example.com',
    'file:///etc/passwd',
    'https://user:pw@api.example.com',
    'https://api.example.com/?key=1',
    'https://api.example.com/#x',
    '/../x=https://api.example.com',
    '/a b=https://api.example.com',
  ])('refuses %s', (spec) => {
    expect(codeOf(() => parseTarget(spec))).toBe('PROXY_BAD_TARGET');
  });
});

describe('routeRequest', () => {
  it.each([
    ['/items', 'https://api.example.com/v1/items'],
    ['/items?page=2&q=a%20b', 'https://api.example.com/v1/items?page=2&q=a%20b'],
    ['/', 'https://api.example.com/v1/'],
    ['/auth/login?next=%2F', 'https://auth.example.com/login?next=%2F'],
    ['/auth', 'https://auth.example.com/'],
    ['/authority', 'https://api.example.com/v1/authority'],
    ['/a%2Fb', 'https://api.example.com/v1/a%2Fb'],
    ['/x#frag', 'https://api.example.com/v1/x'],
  ])('%s → %s', (path, expected) => {
    expect(routeRequest(path, targets).url.href).toBe(expected);
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data', 'PROXY_NOT_A_RELAY'],
    ['https://evil.example/', 'PROXY_NOT_A_RELAY'],
    ['evil.example:443', 'PROXY_NOT_A_RELAY'],
    ['//evil.example/x', 'PROXY_NOT_A_RELAY'],
    ['*', 'PROXY_NOT_A_RELAY'],
    ['/../admin', 'PROXY_BAD_PATH'],
    ['/a/%2e%2e/admin', 'PROXY_BAD_PATH'],
    ['/a/%2E./admin', 'PROXY_BAD_PATH'],
    ['/./x', 'PROXY_BAD_PATH'],
    ['/a\\..\\admin', 'PROXY_BAD_PATH'],
    ['/a%5c..%5cadmin', 'PROXY_BAD_PATH'],
  ])('refuses %s (%s)', (path, code) => {
    expect(codeOf(() => routeRequest(path, targets))).toBe(code);
  });

  it('refuses paths no mount covers', () => {
    expect(codeOf(() => routeRequest('/other', [auth]))).toBe('PROXY_NO_ROUTE');
  });
});

describe('proxyUrlFor (Location rewriting)', () => {
  it.each([
    ['https://api.example.com/v1/login?x=1', 'http://127.0.0.1:8787/login?x=1'],
    ['https://api.example.com/v1', 'http://127.0.0.1:8787/'],
    ['https://auth.example.com/cb', 'http://127.0.0.1:8787/auth/cb'],
    ['https://api.example.com/v2/x', null],
    ['http://api.example.com/v1/x', null],
    ['https://evil.example/v1/x', null],
    ['http://10.0.0.1/', null],
  ])('%s → %s', (upstream, expected) => {
    expect(proxyUrlFor(new URL(upstream), targets, 'http://127.0.0.1:8787')).toBe(expected);
  });
});

describe('rewriteSetCookie', () => {
  const paths = { basePath: '/v1', mount: '/' };
  it.each([
    [
      'sid=1; Domain=api.example.com; Path=/v1/auth; SameSite=Lax; HttpOnly',
      'sid=1; Path=/auth; HttpOnly; SameSite=None; Secure',
    ],
    ['sid=1', 'sid=1; SameSite=None; Secure'],
    [
      'a=b=c; domain=.example.com; secure; samesite=strict; Max-Age=60',
      'a=b=c; Max-Age=60; SameSite=None; Secure',
    ],
    ['sid=1; Path=/v1', 'sid=1; Path=/; SameSite=None; Secure'],
    ['sid=1; Path=/elsewhere', 'sid=1; Path=/; SameSite=None; Secure'],
  ])('rewrite %s', (input, expected) => {
    expect(rewriteSetCookie(input, 'rewrite', paths)).toBe(expected);
  });

  it('maps the path under a mount', () => {
    expect(rewriteSetCookie('s=1; Path=/', 'rewrite', { basePath: '', mount: '/auth' })).toBe(
      's=1; Path=/auth/; SameSite=None; Secure',
    );
  });

  it('keeps or strips', () => {
    expect(rewriteSetCookie('s=1; Domain=x', 'keep', paths)).toBe('s=1; Domain=x');
    expect(rewriteSetCookie('s=1; Domain=x', 'strip', paths)).toBeNull();
  });
});

describe('headers', () => {
  it('strips hop-by-hop fields and those Connection names', () => {
    const out = stripHopByHop([
      ['Connection', 'keep-alive, X-Hop'],
      ['Keep-Alive', 'timeout=5'],
      ['X-Hop', 'secret'],
      ['Transfer-Encoding', 'chunked'],
      ['TE', 'trailers'],
      ['Upgrade', 'websocket'],
      ['Proxy-Authorization', 'Basic x'],
      ['Trailer', 'X'],
      ['Accept', 'text/html'],
      ['Set-Cookie', 'a=1'],
      ['set-cookie', 'b=2'],
    ]);
    expect(out).toEqual([
      ['Accept', 'text/html'],
      ['Set-Cookie', 'a=1'],
      ['set-cookie', 'b=2'],
    ]);
  });

  it('sets Host and X-Forwarded-*, appending to an existing X-Forwarded-For', () => {
    const out = upstreamRequestHeaders(
      [
        ['Host', '127.0.0.1:8787'],
        ['Origin', 'http://localhost:5173'],
        ['X-Forwarded-For', '10.9.9.9'],
        ['X-Forwarded-Host', 'spoofed'],
        ['Expect', '100-continue'],
        ['Connection', 'close'],
      ],
      'api.example.com',
      { clientAddress: '127.0.0.1', host: '127.0.0.1:8787', proto: 'http' },
    );
    expect(out).toEqual([
      ['Host', 'api.example.com'],
      ['Origin', 'http://localhost:5173'],
      ['X-Forwarded-For', '10.9.9.9, 127.0.0.1'],
      ['X-Forwarded-Host', '127.0.0.1:8787'],
      ['X-Forwarded-Proto', 'http'],
    ]);
  });
});

// Property tests: random valid policies × random requests, checked against a reference model of the
// policy's intent written independently (WHATWG URL, no engine code), and against the browser engine.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulateCors } from '../../src/browser/index.js';
import type { CorsOptions, Decision, HeaderList } from '../../src/policy/index.js';
import { createCors, getAll, respondTo, validateCorsOptions } from '../../src/policy/index.js';
import { intendsOrigin, intendsRequest, isSerializedOrigin, SAFELISTED_METHODS } from './reference.js';

const EXACT = [
  'https://app.example.com',
  'https://a.example.com',
  'http://localhost:3000',
  'http://127.0.0.1:8080',
  'https://example.org',
  'http://app.example.com',
  'https://app.example.com:8443',
];
const PATTERNS = [
  'https://*.example.com',
  'http://localhost:*',
  'https://*.example.org:*',
  'https://*.b.example.com',
];
const REQUEST_ORIGINS = [
  ...EXACT,
  'https://x.example.com',
  'https://x.y.example.com',
  'https://example.com',
  'https://x.b.example.com',
  'https://x.example.com:8443',
  'http://localhost:5173',
  'http://localhost',
  'https://example.org:444',
  'https://x.example.org:444',
  'https://evil.com',
  'https://app.example.com.evil.com',
  'https://evilexample.com',
  // malformed or never-matching forms
  'null',
  'https://APP.example.com',
  'https://app.example.com/',
  'https://app.example.com:443',
  'https://app.example.com, https://app.example.com',
  ' https://app.example.com',
  '',
];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'PROPFIND'];
const HEADERS = ['Content-Type', 'X-Token', 'Authorization', 'X-Other'];

const policyArb: fc.Arbitrary<CorsOptions> = fc
  .record({
    any: fc.boolean(),
    exact: fc.subarray(EXACT),
    patterns: fc.subarray(PATTERNS),
    methods: fc.oneof(fc.constant('*' as const), fc.subarray(['GET', 'PUT', 'DELETE', 'PATCH'])),
    allowedHeaders: fc.oneof(fc.constant('*' as const), fc.subarray(HEADERS)),
    exposedHeaders: fc.oneof(fc.constant('*' as const), fc.subarray(['X-Request-Id', 'X-Total'])),
    credentials: fc.boolean(),
    allowInsecureOrigins: fc.boolean(),
    maxAge: fc.option(fc.integer({ min: 0, max: 86400 }), { nil: undefined }),
  })
  .map((r) => {
    const origins = r.any ? ('*' as const) : [...r.exact, ...r.patterns];
    const credentials = r.any ? false : r.credentials;
    const o: CorsOptions = {
      origins: Array.isArray(origins) && origins.length === 0 ? ['https://app.example.com'] : origins,
      methods: r.methods,
      allowedHeaders: r.allowedHeaders,
      exposedHeaders: credentials && r.exposedHeaders === '*' ? [] : r.exposedHeaders,
      credentials,
      allowInsecureOrigins: r.allowInsecureOrigins,
      ...(r.maxAge !== undefined ? { maxAge: r.maxAge } : {}),
    };
    return o;
  })
  .filter((o) => validateCorsOptions(o).length === 0);

const SAFELISTED = SAFELISTED_METHODS;
const SENSITIVE = [
  'access-control-allow-origin',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-expose-headers',
];

describe('properties of decide', () => {
  const requestArb = fc.record({
    origin: fc.option(fc.constantFrom(...REQUEST_ORIGINS), { nil: undefined }),
    method: fc.constantFrom('GET', 'POST', 'PUT', 'OPTIONS', 'DELETE'),
    acrm: fc.option(fc.constantFrom(...METHODS), { nil: undefined }),
    acrh: fc.option(
      fc.subarray(HEADERS.map((h) => h.toLowerCase())).map((a) => a.join(',')),
      { nil: undefined },
    ),
  });

  it('no disallowed origin ever gets Access-Control-Allow-Origin; * never with credentials; Vary always right', () => {
    fc.assert(
      fc.property(policyArb, requestArb, (options, r) => {
        const headers: [string, string][] = [];
        if (r.origin !== undefined) headers.push(['Origin', r.origin]);
        if (r.acrm !== undefined) headers.push(['Access-Control-Request-Method', r.acrm]);
        if (r.acrh !== undefined) headers.push(['Access-Control-Request-Headers', r.acrh]);
        const d = createCors(options).decide({ method: r.method, headers }) as Decision;
        const acao = getAll(d.headers, 'access-control-allow-origin');
        const originOk = r.origin !== undefined && intendsOrigin(options, r.origin);
        // '*' answers every request but a preflight alike, with or without a (well-formed) Origin: a cache
        // may serve any of those answers to any page, and none varies on Origin.
        if (options.origins === '*' && d.kind !== 'preflight') expect(acao).toEqual(['*']);
        else if (!originOk) expect(acao).toEqual([]);
        else if (d.allowed) expect(acao).toEqual([options.origins === '*' ? '*' : r.origin]);
        // A refused preflight keeps ACAO only for an allowed origin asking for an unlisted method or header.
        if (acao.length > 0 && !d.allowed) expect(d.kind).toBe('preflight');
        if (options.credentials) {
          for (const [n, v] of d.headers)
            if (SENSITIVE.includes(n.toLowerCase())) expect(v.startsWith('*')).toBe(false);
        } else {
          expect(getAll(d.headers, 'access-control-allow-credentials')).toEqual([]);
        }
        // Vary: Origin exactly when the answer depends on the origin; preflight headers on every OPTIONS.
        expect(d.vary.includes('Origin')).toBe(options.origins !== '*');
        expect(d.vary.includes('Access-Control-Request-Method')).toBe(r.method === 'OPTIONS');
        expect(d.vary.includes('Access-Control-Request-Headers')).toBe(r.method === 'OPTIONS');
        // Preflights: answered exactly when allowed by origin, method and headers.
        if (d.kind === 'preflight') {
          const methodOk =
            options.methods === '*' ||
            SAFELISTED.has(r.acrm!) ||
            (options.methods ?? ['GET', 'HEAD', 'POST']).includes(r.acrm!);
          const allowed = new Set(
            (options.allowedHeaders === '*' ? HEADERS : (options.allowedHeaders ?? [])).map((h) =>
              h.toLowerCase(),
            ),
          );
          const names = (r.acrh ?? '').split(',').filter(Boolean);
          const headersOk = names.every((n) => allowed.has(n));
          expect(d.allowed).toBe(originOk && methodOk && headersOk);
          // Allowed, or an allowed origin asking for what is not listed: an ok answer naming what is allowed
          // (never the refused method), so the browser's console names the method or header.
          expect(d.status).toBe(d.allowed || acao.length > 0 ? 204 : 403);
          if (!d.allowed && acao.length > 0 && !methodOk) {
            const listed = getAll(d.headers, 'access-control-allow-methods')
              .join(',')
              .split(/\s*,\s*/);
            expect(listed).not.toContain(r.acrm);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('simulateCors with respondTo as transport: allowed exactly when the policy intends', () => {
  const PAGE_ORIGINS = REQUEST_ORIGINS.filter((o) => isSerializedOrigin(o) && o !== 'null');
  const pageRequestArb = fc.record({
    pageOrigin: fc.constantFrom(...PAGE_ORIGINS),
    method: fc.constantFrom(...METHODS),
    headers: fc.subarray([
      ['X-Token', 'abc'],
      ['Content-Type', 'application/json'],
      ['Authorization', 'Bearer t'],
      ['Accept', 'text/plain'],
    ] as [string, string][]),
    credentials: fc.constantFrom('omit', 'same-origin', 'include') as fc.Arbitrary<
      'omit' | 'same-origin' | 'include'
    >,
    browser: fc.constantFrom('chromium', 'firefox') as fc.Arbitrary<'chromium' | 'firefox'>,
  });

  it('for random policies and requests', async () => {
    await fc.assert(
      fc.asyncProperty(policyArb, pageRequestArb, async (options, r) => {
        const policy = createCors(options);
        const outcome = await simulateCors(
          {
            pageOrigin: r.pageOrigin,
            url: 'https://api.test/items',
            method: r.method,
            headers: r.headers,
            credentials: r.credentials,
          },
          { browser: r.browser, send: (req) => respondTo(policy, req) },
        );
        const unsafeHeaders = r.headers.filter(([n]) => n !== 'Accept').map(([n]) => n.toLowerCase());
        const intended = intendsRequest(options, {
          origin: r.pageOrigin,
          method: r.method,
          unsafeHeaders,
          credentials: r.credentials,
        });
        expect(
          outcome.allowed,
          `${JSON.stringify(options)} ${JSON.stringify(r)} ${outcome.error?.messages.chromium}`,
        ).toBe(intended);
      }),
      { numRuns: 500 },
    );
  });
});

describe('headers are well-formed for browsers', () => {
  it('ACAO is a single line; no header value contains a line break', () => {
    fc.assert(
      fc.property(policyArb, fc.constantFrom(...REQUEST_ORIGINS), (options, origin) => {
        const res = respondTo(createCors(options), {
          method: 'OPTIONS',
          url: 'https://api.test/',
          headers: [
            ['Origin', origin],
            ['Access-Control-Request-Method', 'PUT'],
          ] as HeaderList,
        });
        if (res instanceof Promise) throw new Error('async');
        expect(getAll(res.headers, 'access-control-allow-origin').length).toBeLessThanOrEqual(1);
        for (const [, v] of res.headers) expect(/[\r\n]/.test(v)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

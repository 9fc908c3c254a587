import { describe, expect, it } from 'vitest';
import {
  CORS_RESPONSE_HEADER_NAMES,
  FORBIDDEN_REQUEST_HEADER_NAMES,
  forbiddenRequestHeaderPrefix,
  isCorsResponseHeaderName,
  isCorsSafelistedResponseHeaderName,
  isForbiddenRequestHeaderName,
  isForbiddenResponseHeaderName,
  isHeaderName,
  isNeverExposableHeaderName,
  NEVER_EXPOSABLE_HEADER_NAMES,
} from '../../src/fetch/header-names.js';
import { SPEC_FORBIDDEN_REQUEST_HEADERS } from '../support/fetch-lists.js';

describe('header names (Fetch Standard §2.2.2)', () => {
  it.each([
    ['Content-Type', true],
    ['x', true],
    ['', false],
    ['X Request', false],
    ['X-Id:', false],
    ['X-Id\r\nSet-Cookie', false],
    ['Ünïcode', false],
  ])('isHeaderName(%j) = %s', (n, expected) => expect(isHeaderName(n)).toBe(expected));

  it.each([
    ['Cookie', true],
    ['COOKIE', true],
    ['cookie2', true],
    ['Origin', true],
    ['Host', true],
    ['Access-Control-Request-Headers', true],
    ['Transfer-Encoding', true],
    ['Sec-Fetch-Mode', true],
    ['sec-', true],
    ['Proxy-Authorization', true],
    ['PROXY-x', true],
    ['X-Sec-Token', false],
    ['Secure', false], // 'sec' without the hyphen
    ['Proxy', false],
    ['Authorization', false],
    ['User-Agent', false], // Chromium forbids it by profile, the standard does not
    ['X-HTTP-Method-Override', false], // forbidden only for some values: the browser engine decides
    ['Cookie ', false], // not the same name
  ])('isForbiddenRequestHeaderName(%j) = %s', (n, expected) =>
    expect(isForbiddenRequestHeaderName(n)).toBe(expected),
  );

  it.each([
    ['Sec-Fetch-Site', 'sec-'],
    ['proxy-connection', 'proxy-'],
    ['X-Proxy-Id', null],
  ] as const)('forbiddenRequestHeaderPrefix(%j) = %j', (n, expected) =>
    expect(forbiddenRequestHeaderPrefix(n)).toBe(expected),
  );

  it.each([
    ['Set-Cookie', true],
    ['set-cookie2', true],
    ['Set-Cookie3', false],
    ['Cookie', false],
  ])('isForbiddenResponseHeaderName(%j) = %s', (n, expected) =>
    expect(isForbiddenResponseHeaderName(n)).toBe(expected),
  );

  it.each([
    ['Cache-Control', true],
    ['content-language', true],
    ['Content-Length', true],
    ['CONTENT-TYPE', true],
    ['Expires', true],
    ['Last-Modified', true],
    ['Pragma', true],
    ['ETag', false],
    ['Date', false],
    ['Set-Cookie', false],
    ['content-type ', false],
  ])('isCorsSafelistedResponseHeaderName(%j) = %s', (n, expected) =>
    expect(isCorsSafelistedResponseHeaderName(n)).toBe(expected),
  );
});

// The lists themselves, written out from the Fetch Standard (§2.2.2 "forbidden request-header"; §3.2.3
// "HTTP responses") rather than read back from src/: a name dropped from or added to a list is a
// security change (a page could then set `Via`, or the policy would accept `Access-Control-Max-Age` as
// a request header), so each one is pinned, in the case a page would write it.
const CORS_RESPONSE = [
  'Access-Control-Allow-Origin',
  'Access-Control-Allow-Credentials',
  'Access-Control-Allow-Methods',
  'Access-Control-Allow-Headers',
  'Access-Control-Max-Age',
  'Access-Control-Expose-Headers',
  'Access-Control-Allow-Private-Network',
];
// Request headers, and the response headers only a preflight's answer carries (never handed to a page).
const NEVER_EXPOSABLE = [
  'Origin',
  'Access-Control-Request-Method',
  'Access-Control-Request-Headers',
  'Access-Control-Request-Private-Network',
  'Access-Control-Allow-Methods',
  'Access-Control-Allow-Headers',
  'Access-Control-Max-Age',
  'Access-Control-Allow-Private-Network',
];

describe('the Fetch Standard name lists, every entry', () => {
  it.each(SPEC_FORBIDDEN_REQUEST_HEADERS)('%s is a forbidden request-header name, in any case', (n) => {
    expect(isForbiddenRequestHeaderName(n)).toBe(true);
    expect(isForbiddenRequestHeaderName(n.toUpperCase())).toBe(true);
    expect(isForbiddenRequestHeaderName(`X-${n}`)).toBe(false);
  });

  it.each(CORS_RESPONSE)('%s is a CORS response header, never a request header', (n) => {
    expect(isCorsResponseHeaderName(n)).toBe(true);
    expect(isCorsResponseHeaderName(n.toLowerCase())).toBe(true);
  });

  it.each(NEVER_EXPOSABLE)('%s can never be exposed to a page', (n) => {
    expect(isNeverExposableHeaderName(n)).toBe(true);
    expect(isNeverExposableHeaderName(n.toUpperCase())).toBe(true);
  });

  it('names outside the lists are not in them', () => {
    for (const n of ['Authorization', 'X-Request-Id', 'Content-Type', 'Access-Control-Allow']) {
      expect(isCorsResponseHeaderName(n)).toBe(false);
      expect(isNeverExposableHeaderName(n)).toBe(false);
    }
    // Readable by a page on an actual response: exposing them has an effect.
    expect(isNeverExposableHeaderName('Access-Control-Allow-Origin')).toBe(false);
    expect(isNeverExposableHeaderName('Access-Control-Expose-Headers')).toBe(false);
  });

  it('each list holds exactly the standard names', () => {
    const lower = (xs: string[]) => new Set(xs.map((x) => x.toLowerCase()));
    expect(FORBIDDEN_REQUEST_HEADER_NAMES).toEqual(lower(SPEC_FORBIDDEN_REQUEST_HEADERS));
    expect(CORS_RESPONSE_HEADER_NAMES).toEqual(lower(CORS_RESPONSE));
    expect(NEVER_EXPOSABLE_HEADER_NAMES).toEqual(lower(NEVER_EXPOSABLE));
  });
});

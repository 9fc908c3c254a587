import { describe, expect, it } from 'vitest';
import {
  forbiddenRequestHeaderPrefix,
  isCorsSafelistedResponseHeaderName,
  isForbiddenRequestHeaderName,
  isForbiddenResponseHeaderName,
  isHeaderName,
} from '../../src/fetch/header-names.js';

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

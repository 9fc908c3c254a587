// Loopback hosts may use http:// with credentials (browsers treat them as secure contexts); a host that
// merely ends with the letters "localhost" is an ordinary remote host and must not pass as loopback.
import { describe, expect, it } from 'vitest';
import { CorsConfigError, createCors } from '../../src/index.js';
import { isLoopbackHost } from '../../src/origin/loopback.js';
import { isPublicSuffix, registrableDomain, siteOfHost } from '../../src/origin/public-suffix.js';

function acceptedWithCredentials(origin: string): boolean {
  try {
    createCors({ origins: [origin], credentials: true });
    return true;
  } catch (e) {
    if (e instanceof CorsConfigError) return false;
    throw e;
  }
}

describe('loopback origins with credentials over http', () => {
  it.each([
    'http://localhost',
    'http://localhost:3000',
    'http://app.localhost:8080',
    'http://a.b.localhost',
    'http://127.0.0.1:5173',
    'http://127.1.2.3',
    'http://[::1]:3000',
  ])('%s is loopback', (origin) => {
    expect(acceptedWithCredentials(origin)).toBe(true);
  });

  it.each([
    'http://evillocalhost',
    'http://evillocalhost:3000',
    'http://localhost.evil.com',
    'http://notlocalhost',
    'http://128.0.0.1',
    'http://[::2]',
  ])('%s is a remote http origin, refused with credentials', (origin) => {
    expect(acceptedWithCredentials(origin)).toBe(false);
  });
});

describe('isLoopbackHost, host by host', () => {
  it.each([
    ['localhost', true],
    ['localhost.', true],
    ['app.localhost', true],
    ['app.localhost.', true],
    ['127.0.0.1', true],
    ['127.255.255.255', true],
    ['127.10.200.3', true],
    ['[::1]', true],
    ['127.0.0.1.evil.com', false],
    ['a.127.0.0.1', false],
    ['127.0.0.1000', false],
    ['.localhost.evil', false],
    ['localhost.evil', false],
    ['evillocalhost', false],
    ['[::1].evil', false],
    ['10.0.0.1', false],
  ])('%s → %s', (host, loopback) => expect(isLoopbackHost(host)).toBe(loopback));
});

describe('the Public Suffix List helpers', () => {
  it.each([
    ['A.Example.CO.UK', 'example.co.uk'],
    ['x.y.github.io', 'y.github.io'],
    ['[::1]', null],
    ['', null],
    ['co.uk', null],
  ])('registrableDomain(%j) = %j', (host, domain) => expect(registrableDomain(host)).toBe(domain));

  it.each([
    ['github.io', true],
    ['co.uk.', true],
    ['CO.UK', true],
    ['example.co.uk', false],
    ['127.0.0.1', false],
    ['[::1]', false],
    ['', false],
  ])('isPublicSuffix(%j) = %s', (host, suffix) => expect(isPublicSuffix(host)).toBe(suffix));

  it.each([
    ['a.b.github.io', 'b.github.io'],
    ['x.example.com.', 'example.com'],
    ['a_b.example.com', 'example.com'],
    ['localhost', 'localhost'],
    ['[::1]', '[::1]'],
    ['', ''],
  ])('siteOfHost(%j) = %j', (host, site) => expect(siteOfHost(host)).toBe(site));
});

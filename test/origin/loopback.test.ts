// Loopback hosts may use http:// with credentials (browsers treat them as secure contexts); a host that
// merely ends with the letters "localhost" is an ordinary remote host and must not pass as loopback.
import { describe, expect, it } from 'vitest';
import { CorsConfigError, createCors } from '../../src/index.js';

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

// Wildcard patterns as people write them, and the URL-side helpers (originOfUrl, parseOrigin,
// isSameOrigin, isSameSite) on the inputs that have no tuple origin.
import { describe, expect, it } from 'vitest';
import { quote } from '../../src/origin/diagnosis.js';
import { parseOriginPattern } from '../../src/origin/pattern.js';
import { isSameSite } from '../../src/origin/site.js';
import { isSameOrigin, originOfUrl, parseOrigin } from '../../src/origin/url-origin.js';

const code = (s: string) => {
  const r = parseOriginPattern(s);
  return r.ok ? 'ok' : r.code;
};

describe('parseOriginPattern', () => {
  it('a wildcard over an app or extension scheme is refused, with an exact origin as the fix', () => {
    const r = parseOriginPattern('capacitor://*.localhost', { appOrigins: true });
    expect(r).toMatchObject({ ok: false, code: 'ORIGIN_PATTERN_INVALID' });
    expect(r.ok ? '' : r.fix).toBe("list each origin exactly, e.g. 'capacitor://localhost'");
    expect(r.ok ? '' : r.message).toContain('capacitor');
  });

  it('anything before the scheme makes it no pattern', () => {
    for (const s of [
      '1https://*.a.com',
      ' https://*.a.com',
      'x:https://*.a.com',
      '1https://*',
      '-http://*',
    ]) {
      expect(code(s), s).not.toBe('ok');
    }
    // Not "too broad": '1https://*' matches no host at all; it is not a pattern.
    for (const s of ['1https://*', '-http://*', '.https://*', 'x:https://*']) {
      expect(code(s), s).toBe('ORIGIN_PATTERN_INVALID');
    }
    expect(code('https://*')).toBe('ORIGIN_PATTERN_TOO_BROAD');
    expect(code('https://*.a.com')).toBe('ok');
    expect(code('http://localhost:*')).toBe('ok');
  });

  it('a host the strict parser corrects is corrected in the pattern’s own terms', () => {
    const r = parseOriginPattern('https://*.Example.com:*');
    expect(r.ok ? '' : r.fix).toBe("use 'https://*.example.com:*'");
    const exact = parseOriginPattern('https://Example.com:*');
    expect(exact.ok ? '' : exact.fix).toBe("use 'https://example.com:*'");
    const port = parseOriginPattern('https://*.example.com:443');
    expect(port.ok ? '' : port.fix).toBe("use 'https://*.example.com'");
    const noFix = parseOriginPattern('https://*.a..b');
    expect(noFix.ok ? '' : noFix.fix).not.toMatch(/^use '/);
  });

  it('a pattern without a wildcard is no pattern', () => {
    expect(code('https://a.example.com')).not.toBe('ok');
    expect(code('https://a.example.com:8080')).not.toBe('ok');
  });
});

describe('URL-side helpers', () => {
  it('parseOrigin: null for what is not a URL, the origin for what is', () => {
    expect(parseOrigin('not an origin')).toBeNull();
    expect(parseOrigin('')).toBeNull();
    expect(parseOrigin('https://A.test:443')).toEqual({ scheme: 'https', host: 'a.test', port: null });
    expect(originOfUrl(new URL('https://a.test:8443/x'))).toEqual({
      scheme: 'https',
      host: 'a.test',
      port: 8443,
    });
  });

  it('opaque origins are never the same origin or site, not even as themselves', () => {
    const opaque = originOfUrl('data:text/plain,x');
    const tuple = originOfUrl('https://a.test');
    expect(opaque).toEqual({ opaque: true });
    expect(isSameOrigin(opaque, opaque)).toBe(false);
    expect(isSameOrigin(opaque, tuple)).toBe(false);
    expect(isSameOrigin(tuple, opaque)).toBe(false);
    expect(isSameSite(opaque, opaque)).toBe(false);
    expect(isSameSite(tuple, opaque)).toBe(false);
    expect(isSameSite(opaque, tuple)).toBe(false);
  });

  it('quote escapes the quote character so a message stays one quoted string', () => {
    expect(quote("a'b")).toBe("'a\\'b'");
  });
});

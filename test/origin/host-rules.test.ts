// The rules past the URL parser (host-rules.ts) and the app/extension origins (app-origin.ts), through
// the strict parser that applies them: what no browser can send is refused with a code, a reason
// naming the offending part, and a fix that works.
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN_PLATFORMS, isAppOriginScheme } from '../../src/origin/app-origin.js';
import { parseSerializedOrigin, type SerializedOriginResult } from '../../src/origin/strict.js';

const refusal = (r: SerializedOriginResult) =>
  r.ok ? null : { code: r.code, message: r.message, fix: r.fix };
const label = (n: number) => 'a'.repeat(n);

describe('hosts a browser can never send', () => {
  it.each(['$', "'", '!', '(', '{', '~'])('a host holding %j: refused, naming the character', (c) => {
    const r = refusal(parseSerializedOrigin(`https://a${c}b.example`));
    expect(r?.code).toBe('ORIGIN_INVALID_HOST');
    expect(r?.message).toContain(`'${c}'`);
    expect(r?.fix).toMatch(/\bhost\b/);
  });

  it('an empty label: refused, and the fix drops it', () => {
    const r = refusal(parseSerializedOrigin('https://a..b.example'));
    expect(r?.code).toBe('ORIGIN_INVALID_HOST');
    expect(r?.message).toContain('empty label');
    expect(r?.fix).toBe("use the host 'a.b.example'");
    expect(refusal(parseSerializedOrigin('https://.'))?.fix).toBe('write the host name');
  });

  it('one trailing dot is the same name fully qualified; two are an empty label', () => {
    expect(parseSerializedOrigin('https://localhost.').ok).toBe(true);
    expect(refusal(parseSerializedOrigin('https://localhost..'))?.code).toBe('ORIGIN_INVALID_HOST');
  });

  it('host length: 253 characters pass, 254 are refused', () => {
    const host = (n: number) => `${label(63)}.${label(63)}.${label(63)}.${label(n - 3 * 64)}`;
    expect(host(253).length).toBe(253);
    expect(parseSerializedOrigin(`https://${host(253)}`).ok).toBe(true);
    const r = refusal(parseSerializedOrigin(`https://${host(254)}`));
    expect(r?.code).toBe('ORIGIN_INVALID_HOST');
    expect(r?.message).toContain('254 characters');
    expect(r?.fix).toMatch(/\bhost\b/);
    // The trailing dot is not counted: 253 characters and a dot is still a DNS name.
    expect(parseSerializedOrigin(`https://${host(253)}.`).ok).toBe(true);
  });

  it('label length: 63 characters pass, 64 are refused', () => {
    expect(parseSerializedOrigin(`https://${label(63)}.example`).ok).toBe(true);
    const long = `${'x'.repeat(32)}${'y'.repeat(32)}`;
    const r = refusal(parseSerializedOrigin(`https://${long}.example`));
    expect(r?.code).toBe('ORIGIN_INVALID_HOST');
    expect(r?.message).toContain('64 characters');
    // The label is named by its start; the quoted input already holds it whole, once.
    expect(r?.message).toContain(`'${'x'.repeat(20)}…'`);
    expect(r?.message.split(long).length).toBe(2);
    expect(r?.fix).toMatch(/\bhost\b/);
  });

  it('an IPv4-mapped IPv6 host: refused, and the fix names the IPv4 address browsers send', () => {
    const r = refusal(parseSerializedOrigin('http://[::ffff:c0a8:1fe]'));
    expect(r?.code).toBe('ORIGIN_INVALID_HOST');
    expect(r?.fix).toBe("use the IPv4 host '192.168.1.254'");
    expect(parseSerializedOrigin('http://[::1]').ok).toBe(true);
    expect(parseSerializedOrigin('http://[2001:db8::ffff:1:2]').ok).toBe(true);
  });

  it('port 0: refused; port 1 passes', () => {
    expect(parseSerializedOrigin('http://a.example:0')).toMatchObject({
      ok: false,
      code: 'ORIGIN_INVALID_PORT',
    });
    expect(parseSerializedOrigin('http://a.example:1').ok).toBe(true);
  });
});

describe('app and extension origins (appOrigins: true)', () => {
  const parse = (s: string) => parseSerializedOrigin(s, { appOrigins: true });
  const uuid = '0f8e2a4c-1b3d-4e5f-8a9b-0c1d2e3f4a5b';

  it('are refused unless asked for', () => {
    expect(refusal(parseSerializedOrigin('capacitor://localhost'))?.code).toBe('ORIGIN_UNSUPPORTED_SCHEME');
    expect(parse('capacitor://localhost')).toMatchObject({ ok: true, serialized: 'capacitor://localhost' });
    expect(parse('capacitor://localhost:8080')).toEqual({
      ok: true,
      origin: { scheme: 'capacitor', host: 'localhost', port: 8080 },
      serialized: 'capacitor://localhost:8080',
    });
    expect(parse('tauri://localhost')).toMatchObject({
      origin: { scheme: 'tauri', host: 'localhost', port: null },
    });
  });

  it('each platform’s host shape, both sides', () => {
    expect(parse(`chrome-extension://${'abcdefghijklmnop'.repeat(2)}`).ok).toBe(true);
    expect(refusal(parse(`chrome-extension://${'a'.repeat(31)}`))?.code).toBe('ORIGIN_INVALID_HOST');
    expect(refusal(parse(`chrome-extension://${'a'.repeat(31)}q`))?.code).toBe('ORIGIN_INVALID_HOST');
    expect(refusal(parse(`chrome-extension://${'a'.repeat(33)}`))?.message).toContain('Chromium extensions');
    expect(parse(`moz-extension://${uuid}`).ok).toBe(true);
    expect(refusal(parse(`moz-extension://${uuid.toUpperCase()}`))?.code).toBe('ORIGIN_INVALID_HOST');
    expect(refusal(parse(`moz-extension://x${uuid}`))?.code).toBe('ORIGIN_INVALID_HOST');
    expect(refusal(parse(`moz-extension://${uuid}x`))?.code).toBe('ORIGIN_INVALID_HOST');
    expect(parse(`safari-web-extension://${uuid.toUpperCase()}`).ok).toBe(true);
    expect(refusal(parse(`safari-web-extension://${uuid.slice(1)}`))?.code).toBe('ORIGIN_INVALID_HOST');
    expect(parse('tauri://localhost').ok).toBe(true);
    expect(parse('ionic://localhost').ok).toBe(true);
  });

  it('hosts: letters, digits, - _ ~ and dots between labels, at most 253 characters', () => {
    expect(parse('capacitor://my_app~1.local-host').ok).toBe(true);
    for (const h of ['a..b', '.a', 'a.', 'a$b', 'a%b']) {
      const r = refusal(parse(`capacitor://${h}`));
      expect(r?.code, h).toBe('ORIGIN_INVALID_HOST');
      expect(r?.fix, h).toContain('Origin header');
    }
    expect(parse(`capacitor://${label(253)}`).ok).toBe(true);
    expect(refusal(parse(`capacitor://${label(254)}`))?.code).toBe('ORIGIN_INVALID_HOST');
  });

  it('ports: 1 to 65535 without leading zeros; an empty port is told to go', () => {
    expect(parse('capacitor://localhost:1').ok).toBe(true);
    expect(parse('capacitor://localhost:65535').ok).toBe(true);
    for (const p of ['0', '01', '65536', '123456', 'x', '8x', '80a', '1.5', '1e3']) {
      const r = refusal(parse(`capacitor://localhost:${p}`));
      expect(r?.code, p).toBe('ORIGIN_INVALID_PORT');
      expect(r?.message, p).toContain(`'${p}'`);
    }
    expect(refusal(parse('capacitor://localhost:'))?.fix).toBe("remove the ':' after the host");
    expect(refusal(parse('capacitor://localhost:0'))?.fix).toBe('use a valid port number');
  });

  it('schemes: any registered one up to 64 characters, never file/data/blob/about/javascript/…', () => {
    for (const s of ['file', 'data', 'blob', 'about', 'javascript', 'filesystem', 'mailto', 'urn'])
      expect(isAppOriginScheme(s), s).toBe(false);
    expect(isAppOriginScheme('capacitor')).toBe(true);
    expect(isAppOriginScheme(label(64))).toBe(true);
    expect(isAppOriginScheme(label(65))).toBe(false);
    expect(APP_ORIGIN_PLATFORMS.map((p) => p.scheme)).toContain('chrome-extension');
  });

  it('a scheme no platform is listed for is accepted by the generic rules', () => {
    // Electron's registerSchemesAsPrivileged and other shells pick their own scheme.
    for (const o of ['app://main', 'myapp://localhost', 'vscode-webview://1abc2def', 'electron://x.y:3000']) {
      expect(parse(o), o).toMatchObject({ ok: true, serialized: o });
    }
    const r = refusal(parse('myapp://a$b'));
    expect(r?.code).toBe('ORIGIN_INVALID_HOST');
    expect(r?.message).toContain("'a$b'");
    expect(r?.message).toContain("'myapp://a$b'");
  });

  it('a wrong extension host is told which platform sends the scheme, what host it sends, and where to copy it', () => {
    const cases: [string, RegExp][] = [
      [`chrome-extension://${'a'.repeat(33)}`, /Chromium extensions send the 32-letter extension ID/],
      ['moz-extension://not-a-uuid', /Firefox extensions send .*UUID.* about:debugging/],
      ['safari-web-extension://not-a-uuid', /Safari web extensions send .*UUID/],
    ];
    for (const [o, says] of cases) {
      const r = refusal(parse(o));
      expect(r?.code, o).toBe('ORIGIN_INVALID_HOST');
      expect(r?.message, o).toMatch(says);
      expect(r?.message, o).toContain(`not '${o.slice(o.indexOf('//') + 2)}'`);
      expect(r?.fix, o).toContain('Origin header');
    }
  });

  it('every platform names its scheme and who sends it', () => {
    // docs/origin.md's table is checked against this list by test/docs/origin-platforms.test.ts.
    const schemes = APP_ORIGIN_PLATFORMS.map((p) => p.scheme);
    expect(new Set(schemes).size).toBe(schemes.length);
    for (const p of APP_ORIGIN_PLATFORMS) {
      expect(p.scheme, JSON.stringify(p)).toMatch(/^[a-z][a-z-]+$/);
      expect(isAppOriginScheme(p.scheme), p.scheme).toBe(true);
      expect((p.sentBy.split(' (')[0] as string).length, p.scheme).toBeGreaterThan(3);
    }
  });
});

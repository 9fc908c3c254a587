// Every refusal of the strict parser carries a fix a person can apply. Checked the way a user meets
// them: origins as people paste them into a config (a URL with a path, a trailing slash, a capital
// scheme, a port typed twice…); when the fix is "use '<origin>'", that origin must parse, and must be
// the origin the user meant.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSerializedOrigin } from '../../src/origin/strict.js';

const MEANT: [input: string, meant: string][] = [
  ['https://app.example.com/', 'https://app.example.com'],
  ['https://app.example.com/login', 'https://app.example.com'],
  ['https://app.example.com/?x=1', 'https://app.example.com'],
  ['https://app.example.com?x=1', 'https://app.example.com'],
  ['https://app.example.com#top', 'https://app.example.com'],
  ['HTTPS://app.example.com', 'https://app.example.com'],
  ['https://App.Example.com', 'https://app.example.com'],
  ['https://app.example.com:443', 'https://app.example.com'],
  ['http://app.example.com:80', 'http://app.example.com'],
  ['https://user:pw@app.example.com', 'https://app.example.com'],
  ['https://user@app.example.com:8443', 'https://app.example.com:8443'],
  [' https://app.example.com ', 'https://app.example.com'],
  ['https://app.example.com\n', 'https://app.example.com'],
  ['app.example.com', 'https://app.example.com'],
  ['//app.example.com', 'https://app.example.com'],
  ['http://[::1]:8080/', 'http://[::1]:8080'],
  ['http://[0:0:0:0:0:0:0:1]:8080', 'http://[::1]:8080'],
  ['https://bücher.example', 'https://xn--bcher-kva.example'],
  ['app.example.com/login', 'https://app.example.com'],
  ['app.example.com:8443/x', 'https://app.example.com:8443'],
  ['https://@app.example.com', 'https://app.example.com'],
  ['https://@@app.example.com', 'https://app.example.com'],
  ['http://[::1]:80', 'http://[::1]'],
  ['https://[::1]:443/', 'https://[::1]'],
];

describe('fixes of the strict parser', () => {
  it.each(MEANT)('%j: refused, and the fix is the origin meant (%s)', (input, meant) => {
    const r = parseSerializedOrigin(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain(input.trim() === input ? input : input.trim());
    expect(r.fix).toBe(`use '${meant}'`);
    expect(parseSerializedOrigin(meant)).toMatchObject({ ok: true, serialized: meant });
  });

  it('a "use" fix removes the problem it names, on URLs built from the parts people get wrong', () => {
    const scheme = fc.constantFrom('http', 'https', 'HTTP', 'Https', 'ws', 'ftp', '', 'htps', 'file');
    const sep = fc.constantFrom('://', '://', ':/', '//', ':', ':///');
    const userinfo = fc.constantFrom('', '', 'u@', 'u:p@', '@');
    const host = fc.constantFrom(
      'a.example',
      'A.Example',
      '127.0.0.1',
      '[::1]',
      '[::FFFF:1.2.3.4]',
      'localhost',
      'a..b',
      'bücher.de',
      '',
    );
    const port = fc.constantFrom(
      '',
      '',
      ':8080',
      ':443',
      ':80',
      ':0',
      ':65535',
      ':65536',
      ':',
      ':08080',
      ':x',
    );
    const rest = fc.constantFrom('', '', '/', '/x', '?q', '#f', '/x?q#f', ' ', '\t');
    fc.assert(
      fc.property(scheme, sep, userinfo, host, port, rest, (sc, se, u, h, p, r) => {
        const input = `${sc}${se}${u}${h}${p}${r}`;
        const result = parseSerializedOrigin(input);
        if (result.ok) return;
        expect(result.code, input).toMatch(/^ORIGIN_[A-Z_]+$/);
        expect(result.message.length, input).toBeGreaterThan(input.trim().length);
        expect(result.fix.length, input).toBeGreaterThan(0);
        const use = /^use '(.*)'$/.exec(result.fix);
        if (use === null) return;
        // The fix removes the problem it names: what it suggests parses, or fails for another reason.
        const next = parseSerializedOrigin(use[1] as string);
        if (!next.ok) expect(next.code, `${input} → ${result.fix}`).not.toBe(result.code);
      }),
      { numRuns: 2000 },
    );
  });

  it('an IPv4-mapped IPv6 host in any spelling: the fix is the IPv4 host, not another refused spelling', () => {
    for (const s of ['http://[::ffff:102:304]', 'http://[::FFFF:1.2.3.4]', 'http://[::ffff:1.2.3.4]']) {
      expect(parseSerializedOrigin(s), s).toMatchObject({ ok: false, fix: "use the IPv4 host '1.2.3.4'" });
    }
  });

  it('names what to remove', () => {
    const fix = (s: string) => {
      const r = parseSerializedOrigin(s);
      return r.ok ? '' : r.fix;
    };
    expect(fix('https://a.example/')).toBe("use 'https://a.example'");
    expect(fix('https://a.example:')).not.toBe('');
    expect(fix('https://a.example:65536')).not.toBe('');
    expect(parseSerializedOrigin('https://a.example:65535')).toMatchObject({
      ok: true,
      origin: { port: 65535 },
    });
    expect(parseSerializedOrigin('http://[::1]:65535')).toMatchObject({
      ok: true,
      origin: { host: '[::1]', port: 65535 },
    });
    expect(parseSerializedOrigin('https://a.example:65536')).toMatchObject({
      ok: false,
      code: 'ORIGIN_INVALID_PORT',
    });
    expect(parseSerializedOrigin('https://a.example:1x')).toMatchObject({
      ok: false,
      code: 'ORIGIN_INVALID_PORT',
    });
  });

  it('lists the accepted schemes in words when a scheme is refused', () => {
    const r = parseSerializedOrigin('file:///x', { opaque: false, schemes: ['http', 'https', 'ws'] });
    expect(r.ok ? '' : r.message).toContain('http, https and ws');
    const one = parseSerializedOrigin('ws://a.example', { opaque: false, schemes: ['https'] });
    expect(one.ok ? '' : one.message).toContain('only https origins');
  });

  it('refuses what is not a string, or empty', () => {
    for (const v of [undefined, null, 42, '']) {
      const r = parseSerializedOrigin(v as unknown as string);
      expect(r.ok).toBe(false);
    }
  });

  it('tells uppercase from another spelling: the code names the problem, the fix is the serialization', () => {
    const cases: [string, string, string][] = [
      ['https://APP.EXAMPLE.COM', 'ORIGIN_UPPERCASE', 'https://app.example.com'],
      ['https://App.Example.com:8443', 'ORIGIN_UPPERCASE', 'https://app.example.com:8443'],
      ['http://[::ABC]', 'ORIGIN_UPPERCASE', 'http://[::abc]'],
      ['https://Bücher.example', 'ORIGIN_NOT_SERIALIZED', 'https://xn--bcher-kva.example'],
      ['http://[0:0:0:0:0:0:0:A]', 'ORIGIN_NOT_SERIALIZED', 'http://[::a]'],
      ['http://0x7F.1', 'ORIGIN_NOT_SERIALIZED', 'http://127.0.0.1'],
    ];
    for (const [input, code, meant] of cases) {
      expect(parseSerializedOrigin(input), input).toMatchObject({ ok: false, code, fix: `use '${meant}'` });
    }
  });

  it('an IPv6 host with a port: the port is read and checked like any other', () => {
    const code = (s: string) => {
      const r = parseSerializedOrigin(s);
      return r.ok ? 'ok' : r.code;
    };
    expect(code('http://[::1]:8080')).toBe('ok');
    expect(code('http://[::1]:80')).toBe('ORIGIN_DEFAULT_PORT');
    expect(code('https://[::1]:443')).toBe('ORIGIN_DEFAULT_PORT');
    for (const p of ['0', '99999', 'x1', '', '-1'])
      expect(code(`http://[::1]:${p}`), p).toBe('ORIGIN_INVALID_PORT');
    // A host the URL parser refuses is named without its port.
    const bad = parseSerializedOrigin('http://[::g]:8080');
    expect(bad).toMatchObject({ ok: false, code: 'ORIGIN_INVALID_HOST' });
    expect(bad.ok ? '' : bad.message).toContain("host '[::g]'");
  });

  it('a port with anything but digits is an invalid port, named in the message', () => {
    for (const p of ['x1', '-1', '+80', '8o', '0x50', '8080x']) {
      const r = parseSerializedOrigin(`https://a.example:${p}`);
      expect(r, p).toMatchObject({ ok: false, code: 'ORIGIN_INVALID_PORT' });
      expect(r.ok ? '' : r.message, p).toContain(`'${p}'`);
    }
  });

  it('says whether a path, a query or a fragment follows the host, and quotes it', () => {
    const cases: [string, string, string][] = [
      ['https://a.example/x', 'a path', "'/x'"],
      ['https://a.example?x=1', 'a query', "'?x=1'"],
      ['https://a.example#top', 'a fragment', "'#top'"],
      ['https://a.example\\x', 'a path', "'\\x'"],
    ];
    for (const [input, what, quoted] of cases) {
      const r = parseSerializedOrigin(input);
      expect(r.ok ? '' : r.message, input).toContain(`has ${what} (${quoted})`);
    }
  });

  it('whitespace: the fix is the trimmed origin when trimming is enough, never an empty one', () => {
    for (const s of [' ', '\t', ' \n ', '\u00a0']) {
      const r = parseSerializedOrigin(s);
      expect(r, JSON.stringify(s)).toMatchObject({
        ok: false,
        code: 'ORIGIN_WHITESPACE',
        fix: 'remove the whitespace',
      });
    }
    expect(parseSerializedOrigin('https://a .example')).toMatchObject({ fix: 'remove the whitespace' });
    expect(parseSerializedOrigin(' https://a .example ')).toMatchObject({ fix: 'remove the whitespace' });
    expect(parseSerializedOrigin('\thttps://a.example')).toMatchObject({ fix: "use 'https://a.example'" });
  });

  it('no scheme and a host the URL parser refuses: the fix adds the scheme once, the host is told next', () => {
    for (const s of ['a%zz.example', '//a%zz.example', '///a%zz.example']) {
      expect(parseSerializedOrigin(s), s).toMatchObject({
        ok: false,
        code: 'ORIGIN_NO_SCHEME',
        fix: "use 'https://a%zz.example'",
      });
    }
    expect(parseSerializedOrigin('https://a%zz.example')).toMatchObject({
      ok: false,
      code: 'ORIGIN_INVALID_HOST',
    });
  });

  it('a default port on a host the URL parser refuses: the fix removes the port, not another refused origin', () => {
    const r = parseSerializedOrigin('https://a%zz.example:443');
    expect(r).toMatchObject({ ok: false, code: 'ORIGIN_DEFAULT_PORT', fix: "remove ':443'" });
  });
});

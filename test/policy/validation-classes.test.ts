// Issue 21 and issue 13 items 3, 5, 6: each class of configuration mistake is refused at its own JSON
// path with its own code, each class of real origin is accepted and matched. Every block fails on the
// code before this change (which accepted the mistakes and refused the app origins).
import { describe, expect, it } from 'vitest';
import { CORS_RESPONSE_HEADER_NAMES, NEVER_EXPOSABLE_HEADER_NAMES } from '../../src/fetch/header-names.js';
import { generateConfig } from '../../src/generate/index.js';
import { isLoopbackHost } from '../../src/origin/loopback.js';
import { parseSerializedOrigin } from '../../src/origin/strict.js';
import { createCors, validateCorsOptions } from '../../src/policy/index.js';
import { createCorsProxy } from '../../src/proxy/server.js';

const O = ['https://app.example.com'];
const codes = (options: unknown) => validateCorsOptions(options).map((i) => `${i.code} ${i.path}`);
const titled = (names: ReadonlySet<string>) =>
  [...names].map((n) => n.replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase()));

describe('header lists: requests and responses are not mixed up (issue 21)', () => {
  it.each(titled(CORS_RESPONSE_HEADER_NAMES))(
    'allowedHeaders refuses the response header %s at its own path',
    (h) => {
      expect(codes({ origins: O, allowedHeaders: ['Content-Type', h] })).toEqual([
        'POLICY_HEADER_RESPONSE_ONLY $.allowedHeaders[1]',
      ]);
    },
  );

  it.each(titled(NEVER_EXPOSABLE_HEADER_NAMES))(
    'exposedHeaders refuses the request or preflight-only %s',
    (h) => {
      const issue = validateCorsOptions({ origins: O, exposedHeaders: ['X-Request-Id', h.toLowerCase()] })[0];
      expect(issue?.code).toBe('POLICY_HEADER_REQUEST_ONLY');
      expect(issue?.path).toBe('$.exposedHeaders[1]');
      expect(issue?.fix).toMatch(/remove/);
    },
  );

  it('reports every mixed-up name of one combined config, each at its own index', () => {
    expect(
      codes({
        origins: O,
        allowedHeaders: ['Authorization', 'Access-Control-Allow-Origin', 'Access-Control-Allow-Credentials'],
        exposedHeaders: ['Origin', 'X-Trace', 'Access-Control-Request-Headers'],
      }),
    ).toEqual([
      'POLICY_HEADER_RESPONSE_ONLY $.allowedHeaders[1]',
      'POLICY_HEADER_RESPONSE_ONLY $.allowedHeaders[2]',
      'POLICY_HEADER_REQUEST_ONLY $.exposedHeaders[0]',
      'POLICY_HEADER_REQUEST_ONLY $.exposedHeaders[2]',
    ]);
  });

  it('keeps accepting ordinary names, and exposing the safelisted or CORS-readable ones', () => {
    expect(
      codes({ origins: O, allowedHeaders: ['X-Requested-With'], exposedHeaders: ['Content-Length'] }),
    ).toEqual([]);
  });
});

describe("'*' inside a list is refused the same way for origins, methods and headers (issue 21)", () => {
  it.each([
    [{ origins: ['https://a.example', '*'] }, '$.origins[1]'],
    [{ origins: O, methods: ['GET', 'PATCH', '*'] }, '$.methods[2]'],
    [{ origins: O, allowedHeaders: ['*', 'X-Id'] }, '$.allowedHeaders[0]'],
    [{ origins: O, exposedHeaders: ['X-Id', '*'] }, '$.exposedHeaders[1]'],
  ])('%j', (options, path) => {
    const [issue] = validateCorsOptions(options);
    expect(`${issue?.code} ${issue?.path}`).toBe(`POLICY_WILDCARD_IN_LIST ${path}`);
    expect(issue?.fix).toMatch(/'\*'/);
  });

  it("'*' alone still means any method", () => {
    expect(createCors({ origins: O, methods: '*' }).options.methods).toBe('*');
  });
});

describe('origins no browser can send are refused (issue 21)', () => {
  it.each([
    ['https://foo:0', 'ORIGIN_INVALID_PORT'],
    ['http://localhost:0', 'ORIGIN_INVALID_PORT'],
    ['https://[::ffff:7f7f:7f7f]', 'ORIGIN_INVALID_HOST'],
    ['https://[::ffff:7f00:1]:8443', 'ORIGIN_INVALID_HOST'],
    ['https://example..com', 'ORIGIN_INVALID_HOST'],
    ['https://example.com..', 'ORIGIN_INVALID_HOST'],
    ['https://.example.com', 'ORIGIN_INVALID_HOST'],
    [`https://${'a'.repeat(64)}.example.com`, 'ORIGIN_INVALID_HOST'],
    [`https://${'a.'.repeat(126)}com`, 'ORIGIN_INVALID_HOST'],
    ['https://*.example..com', 'ORIGIN_INVALID_HOST'],
    ['https://*.example.com:0', 'ORIGIN_INVALID_PORT'],
    ["https://a'b.example.com", 'ORIGIN_INVALID_HOST'],
    ['https://a$b.example.com', 'ORIGIN_INVALID_HOST'],
    ['https://a{b}.example.com', 'ORIGIN_INVALID_HOST'],
    ['https://a`b.example.com', 'ORIGIN_INVALID_HOST'],
    ['https://a!b.example.com', 'ORIGIN_INVALID_HOST'],
  ])('%s: %s', (origin, code) => {
    expect(codes({ origins: [origin] })).toEqual([`${code} $.origins[0]`]);
  });

  it('gives the corrected host when there is one', () => {
    const r = parseSerializedOrigin('https://[::ffff:7f00:1]');
    expect(r.ok === false && r.fix).toBe("use the IPv4 host '127.0.0.1'");
    const e = parseSerializedOrigin('https://example..com');
    expect(e.ok === false && e.fix).toBe("use the host 'example.com'");
  });

  it('keeps the edges that browsers do send', () => {
    for (const origin of [
      `https://${'a'.repeat(63)}.example.com`,
      `https://${'a.'.repeat(125)}com`,
      `https://${'a.'.repeat(125)}com.`,
      'https://example.com:65535',
      'https://example.com:1',
      'https://app.example.com.',
    ])
      expect(codes({ origins: [origin] }), origin).toEqual([]);
  });
});

describe('extension and app-shell origins: exact, as the platform sends them (issue 21)', () => {
  const APP = [
    'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
    'moz-extension://2c127fa4-62c7-7e4f-90e5-472b45eecfdc',
    'safari-web-extension://E2A0FA9B-2A2B-4B75-9B2C-3B4B1B2C3D4E',
    'capacitor://localhost',
    'ionic://localhost',
    'tauri://localhost',
    'app://my-electron-app',
  ];

  it('accepts each with credentials and answers it with exactly that string', async () => {
    const policy = createCors({ origins: APP, credentials: true });
    for (const origin of APP) {
      expect(policy.allowsOrigin(origin), origin).toBe(true);
      const d = await policy.decide({ method: 'GET', headers: [['origin', origin]] });
      expect(d.headers, origin).toContainEqual(['Access-Control-Allow-Origin', origin]);
    }
    for (const other of [
      'capacitor://evil',
      'chrome-extension://bbcdefghijklmnopabcdefghijklmnop',
      'tauri://localhost.evil',
    ])
      expect(policy.allowsOrigin(other), other).toBe(false);
  });

  it.each([
    ['capacitor://*.localhost', 'ORIGIN_PATTERN_INVALID'],
    ['chrome-extension://*', 'ORIGIN_PATTERN_TOO_BROAD'],
    ['capacitor://localhost:*', 'ORIGIN_PATTERN_INVALID'],
    ['chrome-extension://abc', 'ORIGIN_INVALID_HOST'],
    ['chrome-extension://ABCDEFGHIJKLMNOPABCDEFGHIJKLMNOP', 'ORIGIN_INVALID_HOST'],
    ['moz-extension://2C127FA4-62C7-7E4F-90E5-472B45EECFDC', 'ORIGIN_INVALID_HOST'],
    ['capacitor://localhost/', 'ORIGIN_TRAILING_SLASH'],
    ['Capacitor://localhost', 'ORIGIN_UPPERCASE'],
    ['capacitor://user@localhost', 'ORIGIN_HAS_USERINFO'],
    ['file://host', 'ORIGIN_UNSUPPORTED_SCHEME'],
    ['data://x', 'ORIGIN_UNSUPPORTED_SCHEME'],
    ['ws://app.example.com', 'ORIGIN_UNSUPPORTED_SCHEME'],
  ])('refuses %s (%s)', (origin, code) => {
    expect(codes({ origins: [origin] })).toEqual([`${code} $.origins[0]`]);
  });

  it('are accepted only where a caller asks for them (policies), not by the default parser', () => {
    expect(parseSerializedOrigin('capacitor://localhost').ok).toBe(false);
    expect(parseSerializedOrigin('capacitor://localhost', { appOrigins: true }).ok).toBe(true);
  });
});

describe('localhost. is loopback (issue 21)', () => {
  it('is allowed over http with credentials, like localhost', () => {
    expect(isLoopbackHost('localhost.')).toBe(true);
    expect(isLoopbackHost('app.localhost.')).toBe(true);
    expect(isLoopbackHost('localhost.evil.com')).toBe(false);
    expect(
      codes({ origins: ['http://localhost.', 'http://app.localhost.:3000'], credentials: true }),
    ).toEqual([]);
    expect(codes({ origins: ['http://example.com.'], credentials: true })).toEqual([
      'POLICY_INSECURE_ORIGIN $.origins[0]',
    ]);
  });
});

describe('wildcards that reach a public suffix below them (issue 13 item 5)', () => {
  it.each([
    ['https://*.amazonaws.com', 'evil.'],
    ['https://*.core.windows.net', 'evil.'],
    ['https://*.windows.net', 'evil.'],
    ['https://*.compute.amazonaws.com', 'evil.'],
    ['https://*.appspot.com', 'evil.'],
    ['https://*.co.uk', ''],
    ['https://*.amazonaws.com.', 'evil.'],
  ])('refuses %s', (pattern) => {
    const [issue] = validateCorsOptions({ origins: [pattern], credentials: true });
    expect(issue?.code).toBe('ORIGIN_PATTERN_PUBLIC_SUFFIX');
    expect(() => createCors({ origins: [pattern] })).toThrow(/public suffix/);
  });

  it('names a suffix below and an origin that would have been let in', () => {
    const [issue] = validateCorsOptions({ origins: ['https://*.amazonaws.com'] });
    expect(issue?.message).toMatch(/public suffix '[a-z0-9.*-]+\.amazonaws\.com'/);
  });

  it('keeps accepting patterns over a registrable domain with nothing listed below it', () => {
    for (const p of [
      'https://*.example.com',
      'https://*.alice.github.io',
      'https://*.bucket.s3.amazonaws.com',
    ])
      expect(codes({ origins: [p], credentials: true }), p).toEqual([]);
  });

  it('is refused by generate and by the proxy too (they build the policy with createCors)', () => {
    expect(() => generateConfig('nginx', { origins: ['https://*.amazonaws.com'] })).toThrow(/public suffix/);
    expect(() =>
      createCorsProxy({
        targets: ['http://127.0.0.1:9'],
        cors: { origins: ['https://*.core.windows.net'] },
      }),
    ).toThrow(/public suffix/);
  });
});

describe("option names are own properties only ('constructor' class)", () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'])(
    '%s is an unknown option without a suggestion from Object.prototype',
    (key) => {
      const issue = validateCorsOptions({ origins: O, [key]: 1 })[0];
      expect(issue?.code).toBe('POLICY_UNKNOWN_OPTION');
      expect(issue?.message).not.toMatch(/function|native code|\[object/);
    },
  );

  it('__proto__ from JSON is an unknown option, never a source of settings', () => {
    const options = JSON.parse('{"origins":["https://a.example"],"__proto__":{"credentials":true}}');
    expect(codes(options)).toEqual(['POLICY_UNKNOWN_OPTION $.__proto__']);
    const inherited = Object.assign(Object.create({ credentials: true, origins: '*' }), { origins: O });
    expect(createCors(inherited).options.credentials).toBe(false);
  });
});

import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CorsOptions, CorsPolicy, Decision, HeaderList } from '../../src/policy/index.js';
import {
  createCors,
  getCombined,
  MAX_REQUEST_HEADERS_LENGTH,
  mergeVary,
  respondTo,
} from '../../src/policy/index.js';

const APP = 'https://app.example.com';
const decide = (options: CorsOptions, method: string, headers: HeaderList): Decision => {
  const d = createCors(options).decide({ method, headers });
  if (d instanceof Promise) throw new Error('unexpected async');
  return d;
};
const preflight = (method: string, requestHeaders?: string, origin = APP): HeaderList => [
  ['Origin', origin],
  ['Access-Control-Request-Method', method],
  ...(requestHeaders !== undefined ? ([['Access-Control-Request-Headers', requestHeaders]] as const) : []),
];
const h = (d: Decision, name: string) => getCombined(d.headers, name);

describe('classification', () => {
  it.each([
    ['GET', [['Origin', APP]], 'actual'],
    [
      'POST',
      [
        ['Origin', APP],
        ['Access-Control-Request-Method', 'PUT'],
      ],
      'actual',
    ],
    [
      'OPTIONS',
      [
        ['Origin', APP],
        ['Access-Control-Request-Method', 'PUT'],
      ],
      'preflight',
    ],
    ['OPTIONS', [['Origin', APP]], 'actual'],
    ['OPTIONS', [['Access-Control-Request-Method', 'PUT']], 'not-cors'],
    ['GET', [], 'not-cors'],
  ] as [string, HeaderList, string][])('%s %j → %s', (method, headers, kind) => {
    expect(decide({ origins: [APP], methods: ['PUT'] }, method, headers).kind).toBe(kind);
  });

  it('a non-preflight OPTIONS goes to the app (no status)', () => {
    const d = decide({ origins: [APP] }, 'OPTIONS', [['Origin', APP]]);
    expect(d.status).toBeUndefined();
    expect(d.vary).toContain('Access-Control-Request-Method');
  });
});

describe('preflights', () => {
  const options: CorsOptions = {
    origins: [APP],
    methods: ['GET', 'PUT', 'DELETE'],
    allowedHeaders: ['Content-Type', 'X-Token'],
    maxAge: 600,
  };

  it('answers an allowed preflight with 204 and exactly the needed headers', () => {
    const d = decide(options, 'OPTIONS', preflight('PUT', 'content-type,x-token'));
    expect(d).toMatchObject({ kind: 'preflight', allowed: true, status: 204 });
    expect(d.headers).toEqual([
      ['Access-Control-Allow-Origin', APP],
      ['Access-Control-Allow-Methods', 'GET, PUT, DELETE'],
      ['Access-Control-Allow-Headers', 'Content-Type, X-Token'],
      ['Access-Control-Max-Age', '600'],
    ]);
    expect(d.vary).toEqual(['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers']);
  });

  it.each([
    [
      'disallowed origin',
      preflight('PUT', undefined, 'https://evil.example'),
      "origin 'https://evil.example'",
    ],
    ['invalid method token', preflight('PU T'), 'not a method name'],
    ['invalid header list', preflight('PUT', 'content-type;x'), 'not a comma-separated list'],
  ] as [string, HeaderList, string][])('refuses: %s (403, no CORS headers)', (_n, headers, reason) => {
    const d = decide(options, 'OPTIONS', headers);
    expect(d).toMatchObject({ kind: 'preflight', allowed: false, status: 403, headers: [] });
    expect(d.reason).toContain(reason);
  });

  // Like `cors` and `@fastify/cors`: the browser then says "Method PATCH is not allowed by
  // Access-Control-Allow-Methods" instead of "No 'Access-Control-Allow-Origin' header".
  it.each([
    ['disallowed method', preflight('PATCH'), "method 'PATCH'"],
    ['method case matters', preflight('put'), "method 'put'"],
    ['disallowed header', preflight('PUT', 'content-type,x-other'), "'x-other'"],
  ] as [string, HeaderList, string][])(
    'refuses an allowed origin: %s (204 naming what is allowed, no Max-Age)',
    (_n, headers, reason) => {
      const d = decide(options, 'OPTIONS', headers);
      expect(d).toMatchObject({ kind: 'preflight', allowed: false, status: 204 });
      expect(d.headers).toEqual([
        ['Access-Control-Allow-Origin', APP],
        ['Access-Control-Allow-Methods', 'GET, PUT, DELETE'],
        ['Access-Control-Allow-Headers', 'Content-Type, X-Token'],
      ]);
      expect(d.reason).toContain(reason);
    },
  );

  it('refuses an allowed origin with credentials: ACAC too, never the refused header echoed', () => {
    const d = decide(
      { origins: [APP], credentials: true, methods: '*', allowedHeaders: ['X-Token'] },
      'OPTIONS',
      preflight('PATCH', 'x-token,x-secret'),
    );
    expect(d).toMatchObject({ allowed: false, status: 204 });
    expect(d.headers).toEqual([
      ['Access-Control-Allow-Origin', APP],
      ['Access-Control-Allow-Credentials', 'true'],
      ['Access-Control-Allow-Methods', 'PATCH'],
      ['Access-Control-Allow-Headers', 'X-Token'],
    ]);
  });

  it('always passes safelisted methods (browsers never check them)', () => {
    expect(decide({ origins: [APP], methods: ['PUT'] }, 'OPTIONS', preflight('POST')).allowed).toBe(true);
  });

  it('accepts OWS and empty items in Access-Control-Request-Headers, case-insensitively', () => {
    expect(decide(options, 'OPTIONS', preflight('PUT', ' Content-Type , ,X-TOKEN\t')).allowed).toBe(true);
  });

  it('caps Access-Control-Request-Headers', () => {
    const long = Array.from({ length: 1000 }, () => 'content-type').join(',');
    expect(long.length).toBeGreaterThan(MAX_REQUEST_HEADERS_LENGTH);
    const d = decide(options, 'OPTIONS', preflight('PUT', long));
    expect(d.allowed).toBe(false);
    expect(d.reason).toMatch(/characters long/);
  });

  it('preflightStatus and preflightContinue', () => {
    expect(decide({ ...options, preflightStatus: 200 }, 'OPTIONS', preflight('PUT')).status).toBe(200);
    const c = decide({ ...options, preflightContinue: true }, 'OPTIONS', preflight('PUT'));
    expect(c.status).toBeUndefined();
    expect(h(c, 'access-control-allow-origin')).toBe(APP);
    const refused = decide({ ...options, preflightContinue: true }, 'OPTIONS', preflight('PATCH'));
    expect(refused).toMatchObject({ allowed: false });
    expect(h(refused, 'access-control-allow-methods')).toBe('GET, PUT, DELETE');
    expect(refused.status).toBeUndefined();
    const evil = decide(
      { ...options, preflightContinue: true },
      'OPTIONS',
      preflight('PUT', undefined, 'https://evil.example'),
    );
    expect(evil).toMatchObject({ allowed: false, headers: [] });
    expect(evil.status).toBeUndefined();
  });

  it('debug says why, in a header, a body and the log', () => {
    const logged: string[] = [];
    const d = decide(
      { ...options, debug: (r) => logged.push(r) },
      'OPTIONS',
      preflight('PUT', undefined, 'https://evil.example'),
    );
    expect(d.status).toBe(403);
    expect(h(d, 'corsair-reason')).toContain('https://evil.example');
    expect(d.body).toContain('https://evil.example');
    expect(logged).toEqual([d.reason]);
    expect(h(d, 'access-control-allow-origin')).toBeNull();
  });

  it("debug on an allowed origin's unlisted method: the reason in a header and the log, no body on 204", () => {
    const logged: string[] = [];
    const d = decide({ ...options, debug: (r) => logged.push(r) }, 'OPTIONS', preflight('PATCH'));
    expect(d.status).toBe(204);
    expect(h(d, 'corsair-reason')).toContain("'PATCH'");
    expect(d.body).toBeUndefined();
    expect(logged).toEqual([d.reason]);
    expect(h(d, 'access-control-allow-origin')).toBe(APP);
  });
});

describe("'*' and credentials", () => {
  it("without credentials: '*' for origin, methods and headers, Authorization named", () => {
    const d = decide(
      { origins: '*', methods: '*', allowedHeaders: '*' },
      'OPTIONS',
      preflight('PATCH', 'authorization,x-y'),
    );
    expect(h(d, 'access-control-allow-origin')).toBe('*');
    expect(h(d, 'access-control-allow-methods')).toBe('*');
    expect(h(d, 'access-control-allow-headers')).toBe('*, Authorization');
    expect(h(d, 'access-control-allow-credentials')).toBeNull();
    expect(d.vary).not.toContain('Origin');
  });

  it('with credentials: echo the origin, method and validated headers, never *', () => {
    const d = decide(
      { origins: [APP], methods: '*', allowedHeaders: '*', credentials: true },
      'OPTIONS',
      preflight('PATCH', 'authorization,x-y'),
    );
    expect(h(d, 'access-control-allow-origin')).toBe(APP);
    expect(h(d, 'access-control-allow-credentials')).toBe('true');
    expect(h(d, 'access-control-allow-methods')).toBe('PATCH');
    expect(h(d, 'access-control-allow-headers')).toBe('authorization,x-y');
    for (const [, v] of d.headers) expect(v).not.toBe('*');
  });

  it('actual requests: Allow-Credentials and Expose-Headers only for allowed origins', () => {
    const o: CorsOptions = { origins: [APP], credentials: true, exposedHeaders: ['X-Request-Id'] };
    expect(decide(o, 'GET', [['Origin', APP]]).headers).toEqual([
      ['Access-Control-Allow-Origin', APP],
      ['Access-Control-Allow-Credentials', 'true'],
      ['Access-Control-Expose-Headers', 'X-Request-Id'],
    ]);
    expect(decide(o, 'GET', [['Origin', 'https://evil.example']]).headers).toEqual([]);
  });
});

describe('Vary', () => {
  it('is Origin on allowed, disallowed and no-Origin responses when the answer depends on the origin', () => {
    const o: CorsOptions = { origins: [APP] };
    for (const headers of [[['Origin', APP]], [['Origin', 'https://evil.example']], []] as HeaderList[]) {
      expect(decide(o, 'GET', headers).vary).toEqual(['Origin']);
    }
    expect(decide({ origins: '*' }, 'GET', [['Origin', APP]]).vary).toEqual([]);
  });

  it.each([
    [undefined, ['Origin'], 'Origin'],
    ['', ['Origin'], 'Origin'],
    ['Accept-Encoding', ['Origin'], 'Accept-Encoding, Origin'],
    ['accept-encoding, origin', ['Origin'], 'accept-encoding, origin'],
    ['Origin', ['Origin', 'Access-Control-Request-Method'], 'Origin, Access-Control-Request-Method'],
    ['*', ['Origin'], '*'],
    [['Accept', 'Origin'], ['Origin'], 'Accept, Origin'],
    ['Accept', [], 'Accept'],
  ] as [string | string[] | undefined, string[], string][])('mergeVary(%j, %j) = %s', (prev, add, out) => {
    expect(mergeVary(prev, add)).toBe(out);
  });
});

describe('respondTo', () => {
  it('plays a whole answer with Vary', () => {
    const p = createCors({ origins: [APP], methods: ['PUT'] });
    const pre = respondTo(p, {
      method: 'OPTIONS',
      url: 'https://api.example.com/x',
      headers: preflight('PUT'),
    });
    expect(pre).toEqual({
      status: 204,
      headers: [
        ['Access-Control-Allow-Origin', APP],
        ['Access-Control-Allow-Methods', 'PUT'],
        ['Vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers'],
      ],
    });
    expect(
      respondTo(p, {
        method: 'GET',
        url: 'https://api.example.com/x',
        headers: [['Origin', 'https://evil.example']],
      }),
    ).toEqual({
      status: 200,
      headers: [['Vary', 'Origin']],
    });
  });
});

describe('hostile Access-Control-Request-Headers (64 KiB)', () => {
  // Built per test, not when the file is collected, so a mutant in compilation is judged by the tests
  // that use it rather than as a static mutant that reruns every suite (docs/mutation.md).
  let policy: CorsPolicy;
  beforeEach(() => {
    policy = createCors({ origins: [APP], methods: ['PUT'], allowedHeaders: ['Content-Type', 'X-A'] });
  });
  const hostile = fc.oneof(
    fc.string({ minLength: 60_000, maxLength: 65_536 }),
    fc
      .constantFrom(',', ' ', 'x-a,', '\t,', 'a'.repeat(100))
      .chain((unit) => fc.constant(unit.repeat(Math.ceil(65_536 / unit.length)))),
    fc
      .array(fc.constantFrom('content-type', 'x-a', ' ', ','), { minLength: 10_000, maxLength: 20_000 })
      .map((a) => a.join('')),
  );
  // Its cost is a `npm run bench` figure ("preflight, hostile 64 KiB Access-Control-Request-Headers").
  it('refuses over-long values and never throws', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        const d = policy.decide({ method: 'OPTIONS', headers: preflight('PUT', value) }) as Decision;
        expect(d.kind).toBe('preflight');
        if (value.length > MAX_REQUEST_HEADERS_LENGTH) expect(d.allowed).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('allows a value of allowed names exactly at the cap, and refuses it one character over', () => {
    const atCap = 'x-a,'.repeat(MAX_REQUEST_HEADERS_LENGTH).slice(0, MAX_REQUEST_HEADERS_LENGTH);
    const allowed = (v: string) =>
      (policy.decide({ method: 'OPTIONS', headers: preflight('PUT', v) }) as Decision).allowed;
    expect(allowed(atCap)).toBe(true);
    expect(allowed(`${atCap} `)).toBe(false);
  });
});

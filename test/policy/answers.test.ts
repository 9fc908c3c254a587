// What a policy answers, header by header, for the requests a browser (or an attacker, or a Fetch
// `Headers` object) actually sends: the edges of the decision core (compile.ts, answers.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CorsOptions, CorsRequest, Decision, HeaderList } from '../../src/policy/index.js';
import { createCors, getCombined, MAX_REQUEST_HEADERS_LENGTH } from '../../src/policy/index.js';

const APP = 'https://app.example.com';
const EVIL = 'https://evil.example';

function decideSync(options: CorsOptions, request: CorsRequest): Decision {
  const d = createCors(options).decide(request);
  if (d instanceof Promise) throw new Error('unexpected async decision');
  return d;
}
const preflight = (acrm: string, acrh?: string, origin = APP): HeaderList => [
  ['Origin', origin],
  ['Access-Control-Request-Method', acrm],
  ...(acrh !== undefined ? ([['Access-Control-Request-Headers', acrh]] as const) : []),
];
const ask = (options: CorsOptions, acrm: string, acrh?: string, origin = APP) =>
  decideSync(options, { method: 'OPTIONS', headers: preflight(acrm, acrh, origin) });
const header = (d: Decision, name: string) => getCombined(d.headers, name);
const names = (d: Decision) => d.headers.map(([n]) => n.toLowerCase());

describe('wildcard subdomain patterns', () => {
  const options: CorsOptions = { origins: ['https://*.example.com'], methods: ['PUT'] };

  it('never match a host that only ends with the domain’s letters', () => {
    // `xexample.com` is anyone's to register; only hosts below `example.com` are covered.
    for (const origin of ['https://xexample.com', 'https://x-example.com', 'https://wwwexample.com']) {
      expect(ask(options, 'PUT', undefined, origin)).toMatchObject({ allowed: false, headers: [] });
      expect(createCors(options).allowsOrigin(origin)).toBe(false);
    }
    expect(ask(options, 'PUT', undefined, 'https://x.example.com').allowed).toBe(true);
  });
});

describe('origin predicates', () => {
  it.each([false, undefined, null, 0, '', 'https://app.example.com'])(
    'a predicate answering %j refuses at once, synchronously',
    (answer) => {
      const options = { origins: [(() => answer) as unknown as () => boolean], methods: ['PUT'] };
      for (const method of ['GET', 'OPTIONS']) {
        const headers = method === 'GET' ? ([['Origin', APP]] as HeaderList) : preflight('PUT');
        const d = createCors(options).decide({ method, headers });
        expect(d).not.toBeInstanceOf(Promise);
        expect((d as Decision).allowed).toBe(false);
        expect(names(d as Decision)).not.toContain('access-control-allow-origin');
      }
    },
  );

  it('an async predicate is awaited before a preflight is answered', async () => {
    const policy = createCors({ origins: [async (o: string) => o === APP], methods: ['PUT'] });
    const refused = await policy.decide({ method: 'OPTIONS', headers: preflight('PUT', undefined, EVIL) });
    expect(refused).toMatchObject({ kind: 'preflight', allowed: false, status: 403, headers: [] });
    const allowed = await policy.decide({ method: 'OPTIONS', headers: preflight('PUT') });
    expect(allowed).toMatchObject({ kind: 'preflight', allowed: true, status: 204 });
    expect(header(allowed, 'access-control-allow-origin')).toBe(APP);
  });

  it('only a policy with a predicate may answer asynchronously', () => {
    expect(createCors({ origins: [APP, 'https://*.example.com', /^https:\/\/a\.test$/] }).isAsync).toBe(
      false,
    );
    expect(createCors({ origins: '*' }).isAsync).toBe(false);
    expect(createCors({ origins: [() => true] }).isAsync).toBe(true);
  });
});

describe("origins '*'", () => {
  it("allows a preflight from an opaque origin ('null': a sandboxed iframe, a file:// page)", () => {
    const d = ask({ origins: '*', methods: ['PUT'] }, 'PUT', undefined, 'null');
    expect(d).toMatchObject({ allowed: true, status: 204 });
    expect(header(d, 'access-control-allow-origin')).toBe('*');
    expect(createCors({ origins: '*' }).allowsOrigin('null')).toBe(true);
    // …but not one whose Origin is no origin at all.
    expect(ask({ origins: '*', methods: ['PUT'] }, 'PUT', undefined, 'https://a.example/path').allowed).toBe(
      false,
    );
  });

  it('answers a preflight for an unlisted method with Allow-Origin * and what is allowed', () => {
    const d = ask({ origins: '*', methods: ['PUT'] }, 'DELETE');
    expect(d).toMatchObject({ allowed: false, status: 204 });
    expect(header(d, 'access-control-allow-origin')).toBe('*');
    expect(header(d, 'access-control-allow-methods')).toBe('PUT');
  });
});

describe('Access-Control-Request-Method', () => {
  it('accepts a method name of 64 characters and refuses one of 65 as no method name', () => {
    const options: CorsOptions = { origins: [APP], methods: '*' };
    const m64 = 'M'.repeat(64);
    const ok = ask(options, m64);
    expect(ok.allowed).toBe(true);
    expect(header(ok, 'access-control-allow-methods')).toBe('*');
    const refused = ask(options, 'M'.repeat(65));
    expect(refused).toMatchObject({ allowed: false, status: 403, headers: [] });
  });

  it('a refusal reason quotes at most 64 characters of the requested method (logs stay bounded)', () => {
    const reasons: string[] = [];
    const d = ask({ origins: [APP], debug: (r) => reasons.push(r) }, `${'A'.repeat(100_000)} `);
    expect(d.allowed).toBe(false);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]!.length).toBeLessThan(200);
    expect(d.body!.length).toBeLessThan(250);
  });

  it("methods '*' with credentials names the requested method, also for a listed origin", () => {
    const options: CorsOptions = { origins: [APP], methods: '*', credentials: true };
    for (const m of ['PATCH', 'PROPFIND', 'PUT'])
      expect(header(ask(options, m), 'access-control-allow-methods')).toBe(m);
  });

  it('an OPTIONS without Access-Control-Request-Method read through a Headers getter is no preflight', () => {
    const d = decideSync(
      { origins: [APP], methods: ['PUT'] },
      {
        method: 'OPTIONS',
        headers: new Headers({ Origin: APP }),
      },
    );
    expect(d.kind).toBe('actual');
    expect(d.status).toBeUndefined();
    expect(d.varyValue).toBe('Origin, Access-Control-Request-Method, Access-Control-Request-Headers');
  });
});

describe('Access-Control-Request-Headers', () => {
  const options: CorsOptions = { origins: [APP], methods: ['PUT'], allowedHeaders: ['X-A', 'X-B'] };

  it.each(['x-a,x-b', 'x-a, x-b', 'x-a,\tx-b', 'x-a\t,x-b', ' x-a , x-b ', 'X-A,,x-b'])(
    'reads the list %j as the names x-a and x-b',
    (value) => {
      expect(ask(options, 'PUT', value).allowed).toBe(true);
    },
  );

  it.each(['x-a x-b', 'x-a;x-b', 'x-a,x-b;', 'x-a, @'])('refuses %j as no list of header names', (value) => {
    const d = ask(options, 'PUT', value);
    expect(d).toMatchObject({ allowed: false, status: 403, headers: [] });
  });

  it('checks every name of repeated Access-Control-Request-Headers lines', () => {
    const d = decideSync(options, {
      method: 'OPTIONS',
      headers: [
        ['Origin', APP],
        ['Access-Control-Request-Method', 'PUT'],
        ['Access-Control-Request-Headers', 'x-a'],
        ['access-control-request-headers', 'x-evil'],
      ],
    });
    expect(d.allowed).toBe(false);
    expect(d.reason).toContain("'x-evil'");
  });

  it(`refuses a value over ${MAX_REQUEST_HEADERS_LENGTH} characters plainly, without naming what is allowed`, () => {
    const star: CorsOptions = { origins: [APP], methods: ['PUT'], allowedHeaders: '*' };
    const atLimit = `x-a,${'x'.repeat(MAX_REQUEST_HEADERS_LENGTH - 4)}`;
    expect(atLimit).toHaveLength(MAX_REQUEST_HEADERS_LENGTH);
    expect(ask(star, 'PUT', atLimit).allowed).toBe(true);
    const over = ask(star, 'PUT', `${atLimit}x`);
    expect(over).toMatchObject({ allowed: false, status: 403, headers: [] });
  });

  it('keeps answering the same after many distinct accepted lists (its memo of accepted values is bounded)', () => {
    const policy = createCors({ origins: [APP], methods: ['PUT'], allowedHeaders: '*' });
    const lists = Array.from({ length: 600 }, (_, i) => `x-h${i},content-type`);
    for (const list of [...lists, ...lists]) {
      const d = policy.decide({ method: 'OPTIONS', headers: preflight('PUT', list) }) as Decision;
      expect(d.allowed).toBe(true);
    }
    expect((policy.decide({ method: 'OPTIONS', headers: preflight('PUT', 'x h') }) as Decision).allowed).toBe(
      false,
    );
  });
});

describe('Access-Control-Allow-Headers', () => {
  it('with allowedHeaders [], a list naming no header gets no Allow-Headers line', () => {
    for (const credentials of [false, true])
      for (const acrh of [',', ' , ,', '']) {
        const d = ask({ origins: [APP], methods: ['PUT'], allowedHeaders: [], credentials }, 'PUT', acrh);
        expect(d.allowed).toBe(true);
        expect(names(d)).not.toContain('access-control-allow-headers');
      }
  });

  it("with allowedHeaders '*' and credentials it echoes the request's list, and only a non-empty one", () => {
    const options: CorsOptions = { origins: [APP], methods: ['PUT'], allowedHeaders: '*', credentials: true };
    expect(header(ask(options, 'PUT', 'x-a, content-type'), 'access-control-allow-headers')).toBe(
      'x-a, content-type',
    );
    expect(names(ask(options, 'PUT', ''))).not.toContain('access-control-allow-headers');
    expect(names(ask(options, 'PUT'))).not.toContain('access-control-allow-headers');
    // A Fetch Headers object answers null for an absent header.
    const viaGetter = decideSync(options, {
      method: 'OPTIONS',
      headers: new Headers({ Origin: APP, 'Access-Control-Request-Method': 'PUT' }),
    });
    expect(viaGetter.allowed).toBe(true);
    expect(names(viaGetter)).not.toContain('access-control-allow-headers');
  });

  it('a refused unlisted header names no Allow-Headers when the policy allows none, and echoes nothing', () => {
    for (const options of [
      { origins: [APP], methods: ['PUT'], allowedHeaders: [] },
      { origins: [APP], methods: ['PUT'], allowedHeaders: '*', credentials: true, debug: () => {} },
    ] as CorsOptions[]) {
      const d = ask(options, 'PUT', options.allowedHeaders === '*' ? 'x-a, cookie' : 'x-a');
      expect(d.allowed).toBe(options.allowedHeaders === '*');
      if (d.allowed) continue;
      expect(d.headers.every(([, v]) => typeof v === 'string')).toBe(true);
      expect(names(d)).not.toContain('access-control-allow-headers');
    }
  });
});

describe('Access-Control-Expose-Headers', () => {
  it.each([
    [['X-Request-Id'], 'X-Request-Id'],
    [['X-Request-Id', 'ETag', 'X-Total'], 'X-Request-Id, ETag, X-Total'],
    ['*', '*'],
  ] as const)('exposedHeaders %j is sent as %j on actual responses', (exposedHeaders, value) => {
    const d = decideSync({ origins: [APP], exposedHeaders }, { method: 'GET', headers: [['Origin', APP]] });
    expect(header(d, 'access-control-expose-headers')).toBe(value);
    // Parsed back as a browser does, it names exactly the configured headers.
    const parsed = value.split(',').map((s) => s.trim());
    expect(parsed).toEqual(exposedHeaders === '*' ? ['*'] : [...exposedHeaders]);
  });
});

describe('reading the request', () => {
  it('reads headers through any getter, such as a framework request with lowercase header keys', () => {
    const raw: Record<string, string> = {
      origin: APP,
      'access-control-request-method': 'PUT',
      'access-control-request-headers': 'x-a',
    };
    const d = decideSync(
      { origins: [APP], methods: ['PUT'], allowedHeaders: ['X-A'] },
      { method: 'OPTIONS', headers: { get: (name) => raw[name] } },
    );
    expect(d).toMatchObject({ kind: 'preflight', allowed: true, status: 204 });
    expect(header(d, 'access-control-allow-origin')).toBe(APP);
  });

  it('a policy without routes lists none', () => {
    expect(createCors({ origins: [APP] }).routes).toEqual([]);
    expect(createCors({ origins: '*' }).routes).toEqual([]);
  });
});

describe('refusals', () => {
  it('a refused actual request is still an actual request', () => {
    const d = decideSync({ origins: [APP] }, { method: 'POST', headers: [['Origin', EVIL]] });
    expect(d).toMatchObject({ kind: 'actual', allowed: false, headers: [] });
    expect(d.status).toBeUndefined();
  });

  it('without debug, a refused preflight carries no body and no reason header: nothing for the caller to read', () => {
    const d = ask({ origins: [APP], methods: ['PUT'] }, 'PUT', undefined, EVIL);
    expect(d).toMatchObject({ allowed: false, status: 403, headers: [] });
    expect(d.body).toBeUndefined();
  });

  it('with debug, a refused preflight and a refused actual request say why', () => {
    const reasons: string[] = [];
    const options: CorsOptions = { origins: [APP], methods: ['PUT'], debug: (r) => reasons.push(r) };
    const pre = ask(options, 'PUT', undefined, EVIL);
    expect(pre).toMatchObject({ allowed: false, status: 403 });
    expect(pre.body).toContain(`'${EVIL}'`);
    const actual = decideSync(options, { method: 'GET', headers: [['Origin', EVIL]] });
    expect(actual.allowed).toBe(false);
    expect(header(actual, 'corsair-reason')).toContain(`'${EVIL}'`);
    expect(reasons).toHaveLength(2);
    expect(reasons[1]).toContain(`'${EVIL}'`);
  });

  it('with preflightContinue, an allowed preflight is passed on allowed, a refused one refused', () => {
    const options: CorsOptions = { origins: [APP], methods: ['PUT'], preflightContinue: true };
    const allowed = ask(options, 'PUT');
    expect(allowed).toMatchObject({ kind: 'preflight', allowed: true });
    expect(allowed.status).toBeUndefined();
    const unlisted = ask(options, 'DELETE');
    expect(unlisted).toMatchObject({ kind: 'preflight', allowed: false });
    expect(unlisted.status).toBeUndefined();
    expect(header(unlisted, 'access-control-allow-methods')).toBe('PUT');
  });
});

describe('any policy, any preflight', () => {
  it('never writes an empty or missing header value', () => {
    const policies: CorsOptions[] = [
      { origins: [APP], methods: ['PUT'], allowedHeaders: [] },
      { origins: [APP], methods: '*', allowedHeaders: '*', credentials: true },
      { origins: '*', methods: '*', allowedHeaders: '*', exposedHeaders: '*' },
      { origins: [APP, 'https://*.example.com'], methods: ['PUT'], allowedHeaders: ['X-A'], maxAge: 0 },
    ];
    const compiled = policies.map((o) => createCors(o));
    fc.assert(
      fc.property(
        fc.constantFrom(...compiled),
        fc.constantFrom('PUT', 'GET', 'PATCH', 'M'.repeat(65)),
        fc.option(fc.constantFrom('', ',', 'x-a', 'x-a, x-b', 'content-type')),
        fc.constantFrom(APP, 'https://b.example.com', EVIL, 'null'),
        (policy, acrm, acrh, origin) => {
          const headers = preflight(acrm, acrh ?? undefined, origin);
          const d = policy.decide({ method: 'OPTIONS', headers }) as Decision;
          for (const [, v] of d.headers) expect(typeof v === 'string' && v !== '').toBe(true);
        },
      ),
    );
  });
});

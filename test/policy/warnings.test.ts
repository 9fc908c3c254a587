// Validation's warnings: a valid policy that states a risk the rulebook rates low is built, and the
// warning says which origin or header, where it sits (top level or route) and what to do instead. Each
// origin draws the one warning that fits it best; without credentials the origin risks are informational.
import { describe, expect, it } from 'vitest';
import { type CorsOptions, createCors, policyWarnings } from '../../src/index.js';
import { isSensitiveHeaderName } from '../../src/policy/rulebook.js';

const APP = 'https://app.example.com';
/** The warnings of a policy; every one says what to do instead. */
function warnings(options: CorsOptions) {
  const ws = policyWarnings(createCors(options));
  for (const w of ws) expect(w.fix?.length ?? 0, `${w.code} has a fix`).toBeGreaterThan(20);
  return ws;
}

describe('origin warnings (credentials: true)', () => {
  it.each([
    ['http://localhost:3000', 'localhost-origin', 'POLICY_LOOPBACK_WITH_CREDENTIALS'],
    ['http://localhost:*', 'localhost-origin', 'POLICY_LOOPBACK_WITH_CREDENTIALS'],
    ['http://127.0.0.1:8080', 'localhost-origin', 'POLICY_LOOPBACK_WITH_CREDENTIALS'],
    ['http://[::1]:3000', 'localhost-origin', 'POLICY_LOOPBACK_WITH_CREDENTIALS'],
    ['http://*.localhost', 'localhost-origin', 'POLICY_LOOPBACK_WITH_CREDENTIALS'],
    ['https://*.example.com', 'any-subdomain', 'POLICY_SUBDOMAINS_WITH_CREDENTIALS'],
    ['https://*.example.com:*', 'any-subdomain', 'POLICY_SUBDOMAINS_WITH_CREDENTIALS'],
  ])('%s: one %s warning, at $.origins, naming it', (origin, rule, code) => {
    const ws = warnings({ origins: [APP, origin], credentials: true });
    expect(ws).toHaveLength(1);
    expect(ws[0]).toMatchObject({ rule, code, option: 'origins', path: '$.origins' });
    expect(ws[0]?.message).toContain(`'${origin}'`);
  });

  it('a loopback origin: the fix keeps it to development', () => {
    const [w] = warnings({ origins: ['http://localhost:3000'], credentials: true });
    expect(w?.fix).toContain("'http://localhost:3000'");
    expect(w?.fix).toMatch(/development/);
  });

  it('plain http allowed by allowInsecureOrigins: warned, and the fix is the https origin, which needs no opt-in', () => {
    const ws = warnings({
      origins: ['http://app.example.com'],
      credentials: true,
      allowInsecureOrigins: true,
    });
    expect(ws).toHaveLength(1);
    expect(ws[0]).toMatchObject({
      rule: 'insecure-origin',
      code: 'POLICY_INSECURE_ORIGIN',
      path: '$.origins',
    });
    expect(ws[0]?.message).toContain("'http://app.example.com'");
    const proposed = /'(https:[^']+)'/.exec(ws[0]?.fix ?? '')?.[1];
    expect(proposed).toBe('https://app.example.com');
    expect(warnings({ origins: [proposed as string], credentials: true })).toEqual([]);
  });

  it('an https origin, exact, draws nothing; nor does a loopback one count as insecure', () => {
    for (const allowInsecureOrigins of [false, true])
      expect(
        warnings({ origins: [APP, 'https://api.example.com'], credentials: true, allowInsecureOrigins }),
      ).toEqual([]);
    const ws = warnings({
      origins: ['http://localhost:3000'],
      credentials: true,
      allowInsecureOrigins: true,
    });
    expect(ws.map((w) => w.rule)).toEqual(['localhost-origin']);
  });

  it('an http pattern over subdomains: the subdomain warning (one per origin)', () => {
    const ws = warnings({ origins: ['http://*.example.com'], credentials: true, allowInsecureOrigins: true });
    expect(ws.map((w) => w.rule)).toEqual(['any-subdomain']);
  });

  it('one warning per origin', () => {
    const ws = warnings({
      origins: ['https://*.example.com', 'http://localhost:3000', 'http://app.example.org'],
      credentials: true,
      allowInsecureOrigins: true,
    });
    expect(ws.map((w) => w.rule).sort()).toEqual(['any-subdomain', 'insecure-origin', 'localhost-origin']);
  });

  it('without credentials the same origins draw no warning (the rulebook rates them informational)', () => {
    expect(
      warnings({
        origins: ['https://*.example.com', 'http://localhost:3000', 'http://app.example.org'],
        allowInsecureOrigins: true,
      }),
    ).toEqual([]);
  });
});

describe('sensitive exposed headers', () => {
  it('one warning naming each sensitive header and no other, with or without credentials', () => {
    for (const credentials of [false, true]) {
      const ws = warnings({
        origins: [APP],
        credentials,
        exposedHeaders: ['X-Request-Id', 'X-Debug-Info', 'Server', 'X-Total-Count'],
      });
      expect(ws).toHaveLength(1);
      expect(ws[0]).toMatchObject({
        rule: 'sensitive-exposed-header',
        code: 'POLICY_SENSITIVE_EXPOSED_HEADER',
        option: 'exposedHeaders',
        path: '$.exposedHeaders',
      });
      expect(ws[0]?.message).toContain("'X-Debug-Info', 'Server'");
      expect(ws[0]?.message).not.toContain('X-Request-Id');
      expect(ws[0]?.message).not.toContain('X-Total-Count');
    }
  });

  it("exposedHeaders '*' or harmless names: nothing", () => {
    expect(warnings({ origins: [APP], exposedHeaders: '*' })).toEqual([]);
    expect(warnings({ origins: [APP], exposedHeaders: ['X-Request-Id', 'ETag'] })).toEqual([]);
  });

  it.each([
    ['X-Debug-Info', true],
    ['Debug', true],
    ['X-Internal-Host', true],
    ['X-Auth-Token', true],
    ['Authorization', true],
    ['X-Session-Id', true],
    ['X-Cookie2', true],
    ['X-Api-Key', true],
    ['X-ApiKey', true],
    ['X-Password', true],
    ['X-Passwd', true],
    ['X-Secret', true],
    ['X-Private-Data', true],
    ['X-Backend-Server', true],
    ['X-Upstream', true],
    ['X-Powered-By', true],
    ['X-AspNet-Version', true],
    ['X-AspNetMvc-Version', true],
    ['X-Real-IP', true],
    ['X-Forwarded-For', true],
    ['X_SQL_Query', true],
    ['X-Stack', true],
    ['Server', true],
    ['X-Request-Id', false],
    ['X-Total-Count', false],
    ['ETag', false],
    ['Server-Timing', false],
    ['X-Served-By', false],
    ['X-Tokenizer', false],
    ['XDebug', false],
    ['X-Forwarded', false],
    ['X-Sessions', true],
    ['X-Authentication', true],
  ])('%s looks sensitive: %s', (name, sensitive) => {
    expect(isSensitiveHeaderName(name)).toBe(sensitive);
  });
});

describe('where a warning sits', () => {
  it('a route: at $.routes[i], beside the top level; a route with CORS off has none', () => {
    const ws = warnings({
      origins: ['http://localhost:3000'],
      credentials: true,
      routes: [
        { path: '/hooks/*', cors: false },
        { path: '/debug/*', origins: [APP], exposedHeaders: ['X-Debug-Info'] },
        { path: '/dev/*', origins: ['https://*.example.com'], credentials: true },
      ],
    });
    expect(ws.map((w) => [w.rule, w.path])).toEqual([
      ['localhost-origin', '$.origins'],
      ['sensitive-exposed-header', '$.routes[1].exposedHeaders'],
      ['any-subdomain', '$.routes[2].origins'],
    ]);
  });

  it('routes without top-level defaults', () => {
    const ws = warnings({
      routes: [{ path: '/a/*', origins: ['http://localhost:5173'], credentials: true }],
    });
    expect(ws.map((w) => w.path)).toEqual(['$.routes[0].origins']);
  });
});

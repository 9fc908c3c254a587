// What a routed policy answers where no route policy applies (cors: false, no route and no defaults, a
// path read as different routes), as the writer applies it to the application's own response, and
// the parts of a routed policy that tools read (isAsync, allowsOrigin, defaults, routes).
import { beforeEach, describe, expect, it } from 'vitest';
import type { CorsPolicy, Decision, HeaderLine } from '../../src/index.js';
import { createCors, draftSink, responseDraft, writeDecision } from '../../src/index.js';
import { APP, THREE_ROUTES } from './three-routes.js';

const AMBIGUOUS = '/public/../private/account';

/** The application's own response, a stale credentialed CORS answer included, after the policy wrote. */
function written(d: Decision): HeaderLine[] {
  const draft = responseDraft([
    ['Access-Control-Allow-Origin', 'https://evil.example'],
    ['Access-Control-Allow-Credentials', 'true'],
    ['Content-Type', 'text/plain'],
  ]);
  expect(writeDecision(draftSink, draft, d)).toBe(false);
  return draft.headers;
}

describe('routes: where no route policy applies', () => {
  let policy: CorsPolicy;
  beforeEach(() => {
    policy = createCors(THREE_ROUTES);
  });
  const values = (method: string, origin: string | null, acrm: string | null, target: string) =>
    policy.decideValues(method, origin, acrm, null, target) as Decision;

  it.each([
    ['cors: false', '/webhooks/stripe'],
    ['no route and no defaults', '/elsewhere'],
  ])("%s: CORS is off, so the application's own headers stand, with or without Origin", (_name, target) => {
    for (const d of [
      values('GET', APP, null, target),
      values('GET', null, null, target),
      values('OPTIONS', APP, 'PUT', target),
    ]) {
      expect(d.off).toBe(true);
      expect(written(d)).toEqual([
        ['Access-Control-Allow-Origin', 'https://evil.example'],
        ['Access-Control-Allow-Credentials', 'true'],
        ['Content-Type', 'text/plain'],
      ]);
    }
  });

  it('a path read as different routes gets no CORS headers at all: the application’s are removed too', () => {
    for (const d of [values('GET', APP, null, AMBIGUOUS), values('GET', null, null, AMBIGUOUS)]) {
      expect(d.off).toBeUndefined();
      expect(written(d)).toEqual([['Content-Type', 'text/plain']]);
    }
  });

  it.each([
    ['GET', null, 'actual'],
    ['OPTIONS', null, 'actual'],
    ['OPTIONS', 'PUT', 'preflight'],
    // Only an OPTIONS request is a preflight, whatever headers it carries.
    ['GET', 'PUT', 'actual'],
  ] as const)(
    '%s with request method %s is refused as %s, and no preflight is answered',
    (method, acrm, kind) => {
      for (const target of ['/webhooks/x', '/elsewhere', AMBIGUOUS]) {
        const d = values(method, APP, acrm, target);
        expect(d).toMatchObject({ kind, allowed: false, headers: [], vary: [], varyValue: '' });
        expect(d.status).toBeUndefined();
      }
      // The request form reads the same two headers.
      const d = policy.decide({
        method,
        headers:
          acrm === null
            ? [['Origin', APP]]
            : [
                ['Origin', APP],
                ['Access-Control-Request-Method', acrm],
              ],
        url: '/webhooks/x',
      }) as Decision;
      expect(d).toMatchObject({ kind, allowed: false, off: true });
      expect(d.reason).toBe("CORS is off for '/webhooks/*'");
    },
  );

  it('without Origin, every such path is not a CORS request', () => {
    for (const target of ['/webhooks/x', '/elsewhere', AMBIGUOUS]) {
      for (const origin of [null, undefined])
        expect(policy.decideValues('OPTIONS', origin, 'PUT', null, target)).toMatchObject({
          kind: 'not-cors',
          allowed: true,
          headers: [],
          vary: [],
          varyValue: '',
        });
    }
    expect(policy.decide({ method: 'GET', headers: [], url: '/webhooks/x' })).toMatchObject({
      kind: 'not-cors',
      off: true,
    });
  });

  it('says why, quoting at most 200 characters of the path, and tells debug', () => {
    const said: string[] = [];
    const p = createCors({ ...THREE_ROUTES, debug: (r) => said.push(r) });
    const long = `/elsewhere/${'a'.repeat(500)}`;
    const longAmbiguous = `${AMBIGUOUS}/${'b'.repeat(500)}`;
    const reasons = [long, longAmbiguous, '/webhooks/x'].map(
      (t) => (p.decideValues('GET', APP, null, null, t) as Decision).reason!,
    );
    expect(reasons[0]).toBe(`no route matches '${long.slice(0, 200)}' and there are no defaults`);
    expect(reasons[1]).toContain(`the path of '${longAmbiguous.slice(0, 200)}' reads as different routes`);
    expect(reasons[2]).toBe("CORS is off for '/webhooks/*'");
    expect(said).toEqual(reasons);
    // Nothing to tell without Origin.
    p.decideValues('GET', null, null, null, '/webhooks/x');
    expect(said).toHaveLength(3);
    // A path with more segments than corsair reads is told so, not that its readings disagree.
    const deep = `/public${'/x'.repeat(126)}//y`;
    expect(p.decideValues('GET', APP, null, null, deep)).toMatchObject({ allowed: false, headers: [] });
    expect(said[3]).toBe(
      `the path of '${deep.slice(0, 200)}' has more than 128 segments as a server may decode and normalize it, more than corsair reads, so it gets no CORS headers`,
    );
  });
});

describe('routes: the compiled policy as tools read it', () => {
  it('allowsOrigin asks the route the path takes', () => {
    const policy = createCors({ origins: [APP], routes: [...THREE_ROUTES.routes] });
    expect(policy.allowsOrigin('https://evil.example', '/public/x')).toBe(true);
    expect(policy.allowsOrigin('https://evil.example', '/private/x')).toBe(false);
    expect(policy.allowsOrigin(APP, '/private/x')).toBe(true);
    expect(policy.allowsOrigin(APP, '/webhooks/x')).toBe(false);
    expect(policy.allowsOrigin(APP, AMBIGUOUS)).toBe(false);
    expect(policy.allowsOrigin(APP, '/elsewhere')).toBe(true);
    expect(() => policy.allowsOrigin(APP)).toThrow(
      expect.objectContaining({
        code: 'POLICY_ROUTES_NEED_PATH',
        fix: expect.stringMatching(/decideValues.*url/),
      }),
    );
  });

  it('is async when the defaults or any route has an async origin check', () => {
    const slow = async (o: string) => o === APP;
    expect(createCors(THREE_ROUTES).isAsync).toBe(false);
    expect(createCors({ origins: [slow], routes: [{ path: '/a/*', origins: '*' }] }).isAsync).toBe(true);
    expect(
      createCors({
        routes: [
          { path: '/a/*', origins: '*' },
          { path: '/b/*', origins: [slow] },
        ],
      }).isAsync,
    ).toBe(true);
    expect(createCors({ origins: [APP], routes: [{ path: '/b/*', cors: false }] }).isAsync).toBe(false);
  });

  it('lists its routes frozen, a cors: false route without options, and its defaults', () => {
    const policy = createCors({ origins: [APP], routes: [...THREE_ROUTES.routes] });
    expect(Object.isFrozen(policy.routes)).toBe(true);
    expect(policy.routes.every((r) => Object.isFrozen(r))).toBe(true);
    expect(policy.routes.map((r) => r.options === null)).toEqual([false, false, true]);
    expect(policy.defaults?.exactOrigins).toEqual([APP]);
    expect(() => policy.options).toThrow(/routes/);
    expect(() => policy.options).toThrow(
      expect.objectContaining({
        code: 'POLICY_HAS_ROUTES',
        fix: expect.stringMatching(/policy\.defaults.*policy\.routes/),
      }),
    );
  });

  it('a policy without routes is the plain policy, with its options', () => {
    const policy = createCors({ origins: [APP] });
    expect(policy.routes).toEqual([]);
    expect(policy.options.exactOrigins).toEqual([APP]);
    expect(policy.decideValues('GET', APP, null, null)).toMatchObject({ allowed: true });
  });
});

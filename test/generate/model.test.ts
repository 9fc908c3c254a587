// The pieces of src/generate/model.ts and paths.ts that targets build on and that no other in-process
// suite pins: the static method/header lists of targets that cannot reflect a request (and the notes
// saying when that is stricter than the policy), the shared refusals, the preflightContinue note, and
// the route entries table-driven targets write.
import { describe, expect, it } from 'vitest';
import { type GenerateError, generateConfig } from '../../src/generate/index.js';
import { refuseCommon, staticLists } from '../../src/generate/model.js';
import { routeEntries } from '../../src/generate/paths.js';
import { createCors } from '../../src/policy/index.js';
import { THREE_ROUTES } from '../policy/three-routes.js';

const options = (o: Parameters<typeof createCors>[0]) => createCors(o).options;

describe('staticLists: what a target that cannot reflect the request lists', () => {
  it('lists the configured methods and headers as they are', () => {
    const o = options({
      origins: ['https://app.example.com'],
      methods: ['PUT'],
      allowedHeaders: ['X-Api-Key'],
    });
    expect(staticLists(o, 'koa')).toEqual({ methods: ['PUT'], headers: ['X-Api-Key'], notes: [] });
  });

  it("'*' without credentials is a wildcard browsers honour; Authorization is never covered by '*'", () => {
    const o = options({ origins: '*', methods: '*', allowedHeaders: '*' });
    expect(staticLists(o, 'koa')).toEqual({ methods: ['*'], headers: ['*', 'Authorization'], notes: [] });
  });

  it("'*' with credentials is read literally by browsers: still '*', and a note says what that lets through", () => {
    const o = options({
      origins: ['https://app.example.com'],
      methods: '*',
      allowedHeaders: '*',
      credentials: true,
    });
    const r = staticLists(o, 'koa');
    expect(r.methods).toEqual(['*']);
    expect(r.headers).toEqual(['*']);
    expect(r.notes.map((n) => n.code)).toEqual([
      'GENERATE_METHODS_WILDCARD_CREDENTIALS',
      'GENERATE_HEADERS_WILDCARD_CREDENTIALS',
    ]);
    for (const n of r.notes) expect(n.message).toMatch(/^koa cannot reflect the requested (method|headers)/);
  });

  it('a note only for the list that is a wildcard', () => {
    const m = staticLists(
      options({
        origins: ['https://a.example.com'],
        methods: '*',
        allowedHeaders: ['X-A'],
        credentials: true,
      }),
      'koa',
    );
    expect([m.headers, m.notes.map((n) => n.code)]).toEqual([
      ['X-A'],
      ['GENERATE_METHODS_WILDCARD_CREDENTIALS'],
    ]);
    const h = staticLists(
      options({
        origins: ['https://a.example.com'],
        methods: ['PUT'],
        allowedHeaders: '*',
        credentials: true,
      }),
      'koa',
    );
    expect([h.methods, h.notes.map((n) => n.code)]).toEqual([
      ['PUT'],
      ['GENERATE_HEADERS_WILDCARD_CREDENTIALS'],
    ]);
  });

  it('the express output carries the same notes, and says them in the file', () => {
    const r = generateConfig('express', {
      origins: ['https://a.example.com'],
      methods: '*',
      allowedHeaders: '*',
      credentials: true,
    });
    expect(r.notes.map((n) => n.code)).toEqual([
      'GENERATE_METHODS_WILDCARD_CREDENTIALS',
      'GENERATE_HEADERS_WILDCARD_CREDENTIALS',
    ]);
  });
});

describe('refusals every target shares', () => {
  function refusal(o: Parameters<typeof createCors>[0], jsRegexps: boolean): GenerateError | null {
    try {
      refuseCommon(options(o), 'nginx', jsRegexps);
    } catch (e) {
      return e as GenerateError;
    }
    return null;
  }

  it('an origin function cannot be written into a configuration: the refusal counts them and says what to list', () => {
    const e = refusal(
      { origins: [(x: string) => x.endsWith('.example.com'), 'https://a.example.com'] },
      true,
    );
    expect(e?.code).toBe('GENERATE_PREDICATE');
    expect(e?.message).toContain('1 function(s)');
    expect(e?.message).toContain('nginx');
    expect(e?.fix).toMatch(/list the origins/);
  });

  it('RegExp origins travel only into JavaScript: the refusal names each one and proposes wildcard patterns', () => {
    const e = refusal({ origins: [/^https:\/\/a\.example\.com$/, /^https:\/\/b\.example\.com$/] }, false);
    expect(e?.code).toBe('GENERATE_REGEXP_UNSUPPORTED');
    expect(e?.message).toContain('/^https:\\/\\/a\\.example\\.com$/, /^https:\\/\\/b\\.example\\.com$/');
    expect(e?.fix).toContain("'https://*.example.com'");
    expect(refusal({ origins: [/^https:\/\/a\.example\.com$/] }, true)).toBeNull();
    expect(refusal({ origins: ['https://a.example.com'] }, false)).toBeNull();
  });
});

describe('preflightContinue where only frameworks can honour it', () => {
  it.each(['cloudflare-workers', 'nextjs'])('%s answers allowed preflights itself, and says so', (target) => {
    const policy = { origins: ['https://a.example.com'], preflightContinue: true };
    const notes = generateConfig(target, policy).notes;
    expect(notes).toContainEqual({
      code: 'GENERATE_PREFLIGHT_ANSWERED',
      message: expect.stringMatching(
        /^preflightContinue is not supported by .+: allowed preflights are answered here/,
      ),
    });
    expect(generateConfig(target, { origins: ['https://a.example.com'] }).notes).toEqual([]);
  });
});

describe('routeEntries: the policies a table-driven target writes', () => {
  it('one per route with CORS, in table order, then the defaults; a cors: false route has none', () => {
    const p = createCors({ ...THREE_ROUTES, origins: ['https://app.example.com'] });
    const entries = routeEntries({ routes: p.routes, defaults: p.defaults });
    expect(entries.map((e) => [e.id, e.title])).toEqual([
      ['r0', '/public/*'],
      ['r1', '/private/*'],
      ['d', 'every other path'],
    ]);
    expect(entries[0]!.o.anyOrigin).toBe(true);
    expect(entries[1]!.o.credentials).toBe(true);
    expect(entries[2]!.o.exactOrigins).toEqual(['https://app.example.com']);
    expect(routeEntries({ routes: p.routes, defaults: null }).map((e) => e.id)).toEqual(['r0', 'r1']);
  });
});

// The case generator: deterministic, large enough, and covering what issue 3 lists.
import { describe, expect, it } from 'vitest';
import { caseBase, type Origins, resolveInit, respond } from '../../conformance/case.js';
import { generateCases } from '../../conformance/generate.js';
import { playingOrder } from '../../conformance/run.js';

const cases = generateCases();
const origins: Origins = {
  page: 'http://127.0.0.1:1001',
  api: 'http://localhost:1002',
  api2: 'http://127.0.0.1:1003',
};
const ids = (re: RegExp) => cases.filter((c) => re.test(c.id));

describe('generateCases', () => {
  it('is deterministic and has at least 1,500 cases with unique, readable ids', () => {
    expect(JSON.stringify(generateCases())).toBe(JSON.stringify(cases));
    expect(cases.length).toBeGreaterThanOrEqual(1500);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) expect(c.id.startsWith(`${c.family}/`)).toBe(true);
  });

  it.each([
    ['the three credentials modes', /\.(omit|same-origin|include)\b/],
    ['lowercase and custom methods', /preflight-methods\/(patch|foo|M-SEARCH)\./],
    [
      'every ACAO variant',
      /simple-acao\/(missing|star|exact|mismatch-port|null|list-same|two-lines-same|invalid-garbage|empty)\./,
    ],
    ['Allow-Credentials variants', /acac-(True|false|list|two-lines)/],
    [
      'Allow-Methods and Allow-Headers wildcards, invalid tokens and multiple lines',
      /acam-star|acah-star-authorization|acah-invalid|acam-two-lines/,
    ],
    ['preflight statuses and redirects', /preflight-status\/(200|299|302|307|404|599)\./],
    ['failing actual responses after a passing preflight', /actual-after-preflight\//],
    ['exposed headers: listed, `*`, Set-Cookie', /expose\/aceh-(one|star|set-cookie)/],
    [
      '302 and 307 redirect chains, cross-origin hops, userinfo',
      /redirect\/.*\.(302|307)\.cross|redirect-userinfo\//,
    ],
    [
      'client hints, Range forms, Content-Type edge cases, 128-byte limits',
      /request\/(dpr|range|content-type|accept-len-129)/,
    ],
    ['the preflight cache (two fetches, max-age forms)', /^preflight-cache\/max-age-(absent|text|plus)/],
    ['XMLHttpRequest', /^xhr\/redirect\//],
  ])('covers %s', (_, re) => {
    expect(ids(re).length).toBeGreaterThan(0);
  });

  it('replays only credentials modes XMLHttpRequest can express, and sequences only with fetch()', () => {
    for (const c of cases.filter((x) => x.api === 'xhr')) {
      expect(c.init.credentials).not.toBe('omit');
      expect(c.before).toBeUndefined();
    }
  });

  it("plays the cases that read the preflight cache first, too few to fill Chromium's 1,024 entries", () => {
    const passes = playingOrder(cases);
    expect(passes.flat().length).toBe(cases.length);
    const [first = [], rest = []] = passes;
    expect(first.length).toBeGreaterThan(0);
    expect(first.every((c) => c.before !== undefined)).toBe(true);
    expect(rest.some((c) => c.before !== undefined)).toBe(false);
    // At most one cache entry per fetch: the whole first pass cannot reach the limit.
    const fetches = first.reduce((n, c) => n + (c.before?.length ?? 0) + 1, 0);
    expect(fetches).toBeLessThan(1024);
  });

  it('gives every case its own path prefix, so no preflight cache entry is shared', () => {
    const prefixes = cases.map((c) => new URL(resolveInit(c, origins).url).pathname.replace(/\/0$/, ''));
    expect(new Set(prefixes).size).toBe(cases.length);
    for (const c of cases.slice(0, 50)) expect(resolveInit(c, origins).url).toContain(caseBase(c.id));
  });

  it('scripts answer from one source: respond() resolves placeholders and adds only the framing line', () => {
    const c = cases.find((x) => x.id === 'simple-acao/exact.include.acac-true')!;
    const res = respond(c, { method: 'GET', url: resolveInit(c, origins).url, headers: [] }, origins);
    expect(res).toEqual({
      status: 200,
      headers: [
        ['Access-Control-Allow-Origin', origins.page],
        ['Access-Control-Allow-Credentials', 'true'],
        ['Connection', 'close'],
      ],
    });
    // A page's own OPTIONS is not a preflight; a preflight carries Access-Control-Request-Method.
    const p = cases.find((x) => x.id === 'preflight-acao/exact.omit.acac-missing')!;
    const url = resolveInit(p, origins).url;
    expect(
      respond(p, { method: 'OPTIONS', url, headers: [['Access-Control-Request-Method', 'PUT']] }, origins)
        ?.status,
    ).toBe(204);
    expect(respond(p, { method: 'OPTIONS', url, headers: [] }, origins)?.status).toBe(200);
    expect(
      respond(p, { method: 'GET', url: `${origins.api}/case/other/0`, headers: [] }, origins),
    ).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { FINDING_TEXT } from '../../src/audit/finding-text.js';
import { deriveProbes, scanTarget } from '../../src/audit/index.js';
import { type BrowserProfile, chromium, firefox, spec } from '../../src/browser/index.js';
import { anonymousStar, type Handler, serveHandlers } from './serve-handlers.js';
import { TRUSTED } from './zoo.js';

/**
 * Reflects the origin with credentials when `allow(origin)` (else sends `otherwise`, if any), the PUT with
 * the probe's header included; GET answers `status`.
 */
const reflectIf =
  (
    allow: (origin: string) => boolean,
    { otherwise, status = 200 }: { otherwise?: string; status?: number } = {},
  ): Handler =>
  (req, res) => {
    const origin = req.headers.origin ?? '';
    res.setHeader('Vary', 'Origin');
    const value = allow(origin) ? origin : otherwise;
    if (value !== undefined) {
      res.setHeader('Access-Control-Allow-Origin', value);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Methods', 'GET, PUT');
      res.setHeader('Access-Control-Allow-Headers', 'x-corsair-probe');
    }
    res.statusCode = req.method === 'OPTIONS' ? 204 : status;
    res.end();
  };

/**
 * The GET's Allow-Origin comes from `get`; the preflight is open to every origin with credentials, but
 * (unless `preflightCredentials` is false) only when it asks for no headers (a browser that safelists the probe's header); with
 * Access-Control-Request-Headers it answers `withHeaders` (a 403 without CORS headers, or a fixed list).
 */
const byRequestHeaders =
  (
    get: { origin: 'reflect' | '*'; credentials: boolean },
    withHeaders: 'forbidden' | 'fixed-list',
    preflightCredentials = true,
  ): Handler =>
  (req, res) => {
    const origin = req.headers.origin ?? '';
    res.setHeader('Vary', 'Origin, Access-Control-Request-Headers');
    if (req.method !== 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Origin', get.origin === '*' ? '*' : origin);
      if (get.credentials) res.setHeader('Access-Control-Allow-Credentials', 'true');
      return void res.end('{"secret":42}');
    }
    if (req.headers['access-control-request-headers'] && withHeaders === 'forbidden')
      return void res.writeHead(403).end();
    res.setHeader('Access-Control-Allow-Origin', origin);
    if (preflightCredentials) res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Access-Control-Allow-Methods', 'PUT');
    if (req.headers['access-control-request-headers'])
      res.setHeader('Access-Control-Allow-Headers', 'content-type');
    res.writeHead(204).end();
  };

const SERVERS = {
  // `origin.endsWith('example.com')`: evilexample.com, an attacker's own domain, passes.
  suffixDomain: reflectIf((o) => o.endsWith('example.com')),
  // `origin.endsWith('app.example.com')`: only names inside example.com pass (evilapp.example.com).
  suffixHost: reflectIf((o) => o.endsWith('app.example.com')),
  // The trusted origin as a fixed value for everyone else, and a suffix test for the rest.
  fixedFallback: reflectIf((o) => o.endsWith('example.com'), { otherwise: TRUSTED }),
  reflectAll: reflectIf(() => true),
  // A public, read-only API: `*`, no credentials, and a preflight that lets the probe's PUT through.
  publicStar: ((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Methods', 'GET, PUT');
    res.setHeader('Access-Control-Allow-Headers', 'x-corsair-probe');
    res.statusCode = req.method === 'OPTIONS' ? 204 : 200;
    res.end();
  }) as Handler,
  anonymousStarHeaders: anonymousStar,
  // Only the preflight trusts foreign origins; the GET trusts only TRUSTED.
  preflightOnly: ((req, res) => {
    res.setHeader('Vary', 'Origin');
    const origin = req.headers.origin ?? '';
    if (req.method === 'OPTIONS' || origin === TRUSTED) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Methods', 'PUT');
      res.setHeader('Access-Control-Allow-Headers', 'x-corsair-probe');
    }
    res.statusCode = req.method === 'OPTIONS' ? 204 : 200;
    res.end();
  }) as Handler,
  // Reflects every origin with credentials, but the resource is missing.
  missing: reflectIf(() => true, { status: 404 }),
  anonymousRead: byRequestHeaders({ origin: 'reflect', credentials: false }, 'forbidden'),
  credentialedRead: byRequestHeaders({ origin: 'reflect', credentials: true }, 'fixed-list'),
  anonymousEverywhere: byRequestHeaders({ origin: 'reflect', credentials: false }, 'forbidden', false),
  starRead: byRequestHeaders({ origin: '*', credentials: false }, 'forbidden'),
} satisfies Record<string, Handler>;

const { urls, send, scan } = serveHandlers(SERVERS);
const find = (r: Awaited<ReturnType<typeof scan>>, id: string) => r.findings.find((f) => f.id === id);

describe('a bypass proved inside the trusted registrable domain is rated lower, and says why', () => {
  it('evilexample.com passes a suffix test: an attacker registers it, so the finding keeps its full rating', async () => {
    const f = find(await scan('suffixDomain'), 'pre-domain-bypass');
    expect(f).toMatchObject({ origin: 'https://evilexample.com', severity: 'high', credentials: true });
    expect(f?.description).not.toContain('registrable domain');
  });

  it('evilapp.example.com passes a host-suffix test: it needs a subdomain of example.com, so low', async () => {
    const r = await scan('suffixHost');
    const f = find(r, 'pre-domain-bypass');
    expect(f).toMatchObject({ origin: 'https://evilapp.example.com', severity: 'low', credentials: true });
    expect(f?.description).toContain('https://evilapp.example.com is inside the trusted registrable domain');
    // The cross-site probes this server refuses prove nothing.
    expect(find(r, 'origin-reflection')).toBeUndefined();
  });
});

describe('what a finding explains about the requests it opens', () => {
  it('an open preflight is not described as refused', async () => {
    const f = find(await scan('reflectAll'), 'origin-reflection');
    expect(f).toMatchObject({ severity: 'critical', preflight: true });
    expect(f?.description).not.toMatch(/preflight refused|Only the preflight/);
    // Nothing to qualify (a 200, an open preflight, browsers agree): the finding's own text only.
    expect(f?.description).toBe(FINDING_TEXT['origin-reflection'].describe(f!.origin, true));
  });

  it('a server whose GET trusts no foreign origin but whose preflight does: writes, not reads', async () => {
    const f = find(await scan('preflightOnly'), 'origin-reflection');
    // critical for a credentialed read, one level lower when only the preflight trusts it
    expect(f).toMatchObject({ severity: 'high', preflight: true, credentials: true });
    expect(f?.description).toContain('Only the preflight trusts it');
    expect(f?.description).toContain('cannot read GET responses');
  });

  it('a 404 lowers the rating and the finding says which status lowered it', async () => {
    const f = find(await scan('missing'), 'origin-reflection');
    expect(f).toMatchObject({ severity: 'high', credentials: true });
    expect(f?.description).toContain('answered 404');
  });

  it('a public `*` API is not reported as trusting each crafted origin, even though its preflight lets a PUT through', async () => {
    const r = await scan('publicStar');
    const ids = r.findings.map((f) => f.id);
    expect(ids).toContain('wildcard-origin');
    for (const id of ids) expect(['wildcard-origin', 'wildcard-preflight']).toContain(id);
  });
  it('under the Fetch Standard profile too, `*` headers let the probe through: it sends no Authorization', async () => {
    // The spec profile is the one where `*` never covers Authorization; the probe carries none.
    const f = find(await scan('anonymousStarHeaders', [spec]), 'origin-reflection');
    expect(f).toMatchObject({ severity: 'low', preflight: true, credentials: false });
    expect(f?.description).not.toContain('refuses a PUT');
  });
});

describe('coverage: where the probes came from', () => {
  it('with --origin: the coverage names the option and adds no note', async () => {
    const r = await scan('reflectAll');
    expect(r.coverage).toMatchObject({ source: 'option', trustedOrigin: TRUSTED, note: null });
    for (const note of r.notes ?? []) expect(typeof note).toBe('string');
  });

  it("without --origin: the probes start from the target's own origin, and the first note says so", async () => {
    const r = await scanTarget(urls.reflectAll!, { send: send });
    expect(r.coverage).toMatchObject({ source: 'target', reduced: true });
    expect(r.notes?.[0]).toBe(r.coverage?.note);
    expect(r.notes?.[0]).toContain('Coverage reduced');
  });

  it('a fixed Allow-Origin names the trusted origin: scan probes around it and finds the suffix bypass', async () => {
    const target = urls.fixedFallback!;
    const r = await scanTarget(target, { send: send });
    expect(r.coverage).toMatchObject({ source: 'allow-origin', trustedOrigin: TRUSTED, reduced: false });
    expect(r.notes?.[0]).toBe(r.coverage?.note);
    expect(r.notes?.[0]).toContain(`the target named ${TRUSTED}`);
    expect(find(r, 'pre-domain-bypass')).toMatchObject({
      origin: 'https://evilexample.com',
      severity: 'high',
    });
    // Origins both rounds derive (null, the attacker's, the third parties) are probed once.
    const origins = new Set([...deriveProbes(target), ...deriveProbes(target, TRUSTED)].map((p) => p.origin));
    expect(r.requests).toBe(2 * origins.size);
  });
});

describe('browsers that read the same answers differently', () => {
  // A browser that safelists the probe's header (as Chromium safelists its client hints) sends a
  // preflight without Access-Control-Request-Headers: these servers answer it differently.
  const lenient: BrowserProfile = {
    ...firefox,
    label: 'Lenient test profile',
    extraSafelistedRequestHeaders: ['x-corsair-probe'],
  };
  /** The "Browsers differ" sentence, one clause per browser, keyed by its label. */
  const clauses = (description: string | undefined) => {
    const sentence = /Browsers differ: (.*)\.$/.exec(description ?? '')?.[1] ?? '';
    const out = new Map<string, string>();
    for (const part of sentence.split('; ')) {
      const label = [chromium.label, lenient.label].find((l) => part.startsWith(`${l} `));
      if (label) out.set(label, part.slice(label.length + 1));
    }
    return out;
  };

  it.each([
    [chromium, lenient],
    [lenient, chromium],
  ])('rates by the most permissive browser whichever order they are given in (%#)', async (...profiles) => {
    const f = find(await scan('anonymousRead', profiles), 'origin-reflection');
    // Chromium reads without credentials only (low); the lenient browser's PUT goes with credentials.
    expect(f).toMatchObject({ severity: 'critical', credentials: true, preflight: true });
    const said = clauses(f?.description);
    expect(said.size).toBe(2);
    expect(said.get(chromium.label)).toMatch(
      /^reads the response without credentials and refuses the preflight$/,
    );
    expect(said.get(lenient.label)).toMatch(
      /^reads the response without credentials and allows a PUT with a custom header with credentials$/,
    );
  });

  it('names a credentialed read, and a preflight that trusts the origin but not the PUT', async () => {
    const f = find(await scan('credentialedRead', [chromium, lenient]), 'origin-reflection');
    expect(f).toMatchObject({ severity: 'critical', credentials: true, preflight: true });
    const said = clauses(f?.description);
    expect(said.get(chromium.label)).toMatch(
      /^reads the response with credentials and trusts the origin on the preflight but refuses a PUT with a custom header \(HeaderDisallowedByPreflightResponse\)$/,
    );
    expect(said.get(lenient.label)).toMatch(/^reads the response with credentials and allows a PUT/);
  });

  it('names a read any origin may make', async () => {
    const f = find(await scan('starRead', [chromium, lenient]), 'origin-reflection');
    // Only the lenient browser's preflight trusts the origin: writes with credentials, no read.
    expect(f).toMatchObject({ severity: 'high', credentials: true, preflight: true });
    const said = clauses(f?.description);
    expect(said.get(chromium.label)).toMatch(
      /^reads the response without credentials, as any origin may and refuses the preflight$/,
    );
    expect(said.get(lenient.label)).toMatch(
      /^reads the response without credentials, as any origin may and allows/,
    );
  });

  it('names a PUT allowed without credentials', async () => {
    const f = find(await scan('anonymousEverywhere', [chromium, lenient]), 'origin-reflection');
    expect(f).toMatchObject({ severity: 'low', credentials: false });
    const said = clauses(f?.description);
    expect(said.get(chromium.label)).toMatch(
      /^reads the response without credentials and refuses the preflight$/,
    );
    expect(said.get(lenient.label)).toMatch(
      /^reads the response without credentials and allows a PUT with a custom header$/,
    );
  });
});

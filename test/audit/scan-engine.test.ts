import { describe, expect, it } from 'vitest';
import { deriveProbes, scanTarget } from '../../src/audit/index.js';
import {
  type BrowserProfile,
  browserProfiles,
  chromium,
  firefox,
  getCombined,
} from '../../src/browser/index.js';
import { anonymousStar, type Handler, serveHandlers } from './serve-handlers.js';
import { TRUSTED } from './zoo.js';

/** OPTIONS answers trust any origin with these extra lines; GET trusts only TRUSTED. */
const preflightOnly =
  (lines: [string, string][]): Handler =>
  (req, res) => {
    res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '');
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      for (const [n, v] of lines) res.setHeader(n, v);
      res.statusCode = 204;
    } else if (req.headers.origin === TRUSTED) {
      res.setHeader('Access-Control-Allow-Origin', TRUSTED);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    res.end();
  };

const SERVERS = {
  // `*` in Allow-Methods/Allow-Headers is a wildcard only without credentials (Fetch Standard §4.8).
  starWithCredentials: preflightOnly([
    ['Access-Control-Allow-Methods', '*'],
    ['Access-Control-Allow-Headers', '*'],
  ]),
  // Methods match case-sensitively: `put` does not allow PUT.
  lowercaseMethod: preflightOnly([
    ['Access-Control-Allow-Methods', 'put'],
    ['Access-Control-Allow-Headers', 'x-corsair-probe'],
  ]),
  // A fixed header list: the origin is trusted, but a PUT with X-Corsair-Probe is not.
  fixedHeaders: preflightOnly([
    ['Access-Control-Allow-Methods', 'PUT'],
    ['Access-Control-Allow-Headers', 'content-type'],
  ]),
  // A no-break space (0xA0) after the reflected origin: browsers only strip spaces and tabs.
  nbspReflection: ((req, res) => {
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Allow-Origin', `${req.headers.origin ?? ''}\u00a0`);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    // A Buffer body: with a string body Node writes the head as UTF-8 (0xC2 0xA0), not the byte 0xA0.
    res.end(Buffer.from('{"secret":42}'));
  }) as Handler,
  // Allow-Methods and Allow-Headers that are not lists of tokens: the origin passed, the lists did not.
  invalidAllowMethods: preflightOnly([
    ['Access-Control-Allow-Methods', 'PUT, @'],
    ['Access-Control-Allow-Headers', 'x-corsair-probe'],
  ]),
  invalidAllowHeaders: preflightOnly([
    ['Access-Control-Allow-Methods', 'PUT'],
    ['Access-Control-Allow-Headers', 'x-corsair-probe, @'],
  ]),
  // Every origin may read with credentials, but the preflight fails its status check: simple requests only.
  preflightFails: ((req, res) => {
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '');
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Access-Control-Allow-Methods', 'PUT');
    res.setHeader('Access-Control-Allow-Headers', 'x-corsair-probe');
    res.statusCode = req.method === 'OPTIONS' ? 500 : 200;
    res.end();
  }) as Handler,
  anonymousStar,
  reflectAll: ((req, res) => {
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '');
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Access-Control-Allow-Methods', 'PUT');
    res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? '');
    res.statusCode = req.method === 'OPTIONS' ? 204 : 200;
    res.end();
  }) as Handler,
} satisfies Record<string, Handler>;

const { urls, send, scan } = serveHandlers(SERVERS);

describe('scan judges with the engine, not by reading headers', () => {
  it('`*` methods and headers with credentials: only uncredentialed PUTs pass, so the finding is info, not high', async () => {
    const r = await scan('starWithCredentials');
    const f = r.findings.find((x) => x.id === 'origin-reflection');
    expect(f).toMatchObject({ severity: 'info', credentials: false, preflight: true });
    expect(f?.description).toContain(
      'With credentials the preflight refuses a PUT with a custom header (MethodDisallowedByPreflightResponse)',
    );
  });

  it('Allow-Methods `put` does not allow PUT (case-sensitive): the preflight trusts the origin, the PUT is refused', async () => {
    const r = await scan('lowercaseMethod');
    const f = r.findings.find((x) => x.id === 'origin-reflection');
    expect(f).toMatchObject({ severity: 'high', credentials: true, preflight: true });
    expect(f?.description).toContain(
      'refuses a PUT with a custom header (MethodDisallowedByPreflightResponse): only the methods and headers it lists are open',
    );
  });

  it('an origin followed by a no-break space is refused by every browser: no reflection finding', async () => {
    const r = await scan('nbspReflection');
    expect(r.error).toBeNull();
    expect(r.findings.map((f) => f.id)).toEqual([]);
  });

  it('sends the requests the engine builds (Fetch Metadata, Access-Control-Request-*), each once', async () => {
    const r = await scan('reflectAll');
    const f = r.findings.find((x) => x.id === 'origin-reflection')!;
    const [actual, preflight] = f.evidence.map((e) => e.exchange.request);
    expect(actual).toMatchObject({ method: 'GET', url: urls.reflectAll });
    expect(getCombined(actual!.headers, 'sec-fetch-mode')).toBe('cors');
    expect(getCombined(actual!.headers, 'sec-fetch-site')).toBe('cross-site');
    expect(preflight!.method).toBe('OPTIONS');
    expect(getCombined(preflight!.headers, 'access-control-request-method')).toBe('PUT');
    expect(getCombined(preflight!.headers, 'access-control-request-headers')).toBe('x-corsair-probe');
    expect(getCombined(preflight!.headers, 'origin')).toBe(f.origin);
    // Every profile builds the same two requests here: they go on the wire once per probe.
    expect(browserProfiles.length).toBeGreaterThanOrEqual(2);
    expect(r.requests).toBe(2 * deriveProbes(urls.reflectAll!, TRUSTED).length);
  });
});

describe('how the preflight verdict is read', () => {
  it.each([
    ['invalidAllowMethods', 'InvalidAllowMethodsPreflightResponse'],
    ['invalidAllowHeaders', 'InvalidAllowHeadersPreflightResponse'],
  ] as const)('%s: the origin is trusted on the preflight, only its lists are broken', async (name, code) => {
    const r = await scan(name);
    const f = r.findings.find((x) => x.id === 'origin-reflection');
    expect(f).toMatchObject({ preflight: true, credentials: true });
    expect(f?.description).toContain(`refuses a PUT with a custom header (${code})`);
  });

  it('a preflight that fails its status check opens nothing: only simple requests are exposed', async () => {
    const r = await scan('preflightFails');
    const f = r.findings.find((x) => x.id === 'origin-reflection');
    expect(f).toMatchObject({ severity: 'critical', preflight: false, credentials: true });
    expect(f?.description).toContain(
      'The preflight refused it, so only simple requests (GET, HEAD, form POST) are exposed.',
    );
  });

  it('without credentials, `*` in Allow-Headers lets the probe through (it sends no Authorization)', async () => {
    const r = await scan('anonymousStar');
    const f = r.findings.find((x) => x.id === 'origin-reflection');
    expect(f).toMatchObject({ preflight: true, credentials: false });
    expect(f?.description).not.toContain('refuses a PUT');
  });

  it('sends ambient credentials on the actual request only, and nothing else of its own', async () => {
    const r = await scanTarget(urls.reflectAll!, {
      send: send,
      trustedOrigin: TRUSTED,
      headers: [['Cookie', 'session=1']],
    });
    const [actual, preflight] = r.findings
      .find((x) => x.id === 'origin-reflection')!
      .evidence.map((e) => e.exchange.request);
    expect(getCombined(actual!.headers, 'cookie')).toBe('session=1');
    expect(getCombined(preflight!.headers, 'cookie')).toBeNull();
    const plain = await scan('reflectAll');
    for (const e of plain.findings[0]!.evidence)
      for (const line of e.exchange.request.headers)
        expect(line).toEqual([expect.any(String), expect.any(String)]);
  });
});

describe('scan judges under every browser profile', () => {
  it('judges with each shipped browser profile by default', () => {
    expect(browserProfiles).toEqual(expect.arrayContaining([chromium, firefox]));
    expect(browserProfiles.map((p) => p.name)).not.toContain('spec');
  });

  // No two shipped profiles disagree on these servers today, so a profile that safelists the probe's
  // header (as Chromium safelists its client hints) stands in for a browser that reads it differently.
  const lenient: BrowserProfile = {
    ...firefox,
    label: 'Lenient test profile',
    extraSafelistedRequestHeaders: ['x-corsair-probe'],
  };

  it('rates by the most permissive browser and says where the browsers differ', async () => {
    const r = await scan('fixedHeaders', [chromium, lenient]);
    const f = r.findings.find((x) => x.id === 'origin-reflection');
    expect(f).toMatchObject({ severity: 'high', credentials: true, preflight: true });
    expect(f?.description).toContain('Browsers differ: Chromium 156 refuses the response');
    expect(f?.description).toContain('(HeaderDisallowedByPreflightResponse)');
    expect(f?.description).toContain('Lenient test profile refuses the response');
    expect(f?.description).toContain('allows a PUT with a custom header with credentials');
    // The lenient profile's preflight has no Access-Control-Request-Headers: a request of its own.
    expect(r.requests).toBe(3 * deriveProbes(urls.fixedHeaders!, TRUSTED).length);
  });

  it('says nothing about browsers when they agree', async () => {
    const r = await scan('fixedHeaders');
    for (const f of r.findings) expect(f.description).not.toContain('Browsers differ');
    expect(r.findings.find((x) => x.id === 'origin-reflection')?.description).toContain(
      'refuses a PUT with a custom header (HeaderDisallowedByPreflightResponse)',
    );
  });
});

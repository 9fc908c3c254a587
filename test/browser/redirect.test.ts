// Fetch Standard §4.4 "HTTP-redirect fetch" as simulateCors follows it: how the request changes for the
// next hop (method, request-body headers, Authorization, origin tainting), which redirects are refused
// and where the failure is reported, and what each step's checks say.
import { describe, expect, it } from 'vitest';
import { simulateCors } from '../../src/browser/simulate.js';
import type { BrowserName, Outcome, Step } from '../../src/browser/types.js';
import type { HeaderList, HttpRequest, HttpResponse } from '../../src/exchange.js';

const PAGE = 'http://127.0.0.1:1000';
const API = 'http://localhost:2000';
const API2 = 'http://127.0.0.1:3000';
const STAR: HeaderList = [['Access-Control-Allow-Origin', '*']];
/** A preflight that allows everything a request without credentials may ask for. */
const PREFLIGHT_OK: HttpResponse = {
  status: 204,
  headers: [...STAR, ['Access-Control-Allow-Methods', '*'], ['Access-Control-Allow-Headers', '*']],
};

function table(routes: Record<string, HttpResponse>): (r: HttpRequest) => HttpResponse {
  return (r) => {
    const u = new URL(r.url);
    const url = `${u.origin}${u.pathname}`;
    if (r.method === 'OPTIONS') return routes[`OPTIONS ${url}`] ?? PREFLIGHT_OK;
    return routes[url] ?? { status: 404, headers: [] };
  };
}

interface Init {
  method?: string;
  headers?: HeaderList;
  url?: string;
  body?: string;
}

function go(
  init: Init,
  routes: Record<string, HttpResponse>,
  browser: BrowserName = 'chromium',
): Promise<Outcome> {
  return simulateCors({ pageOrigin: PAGE, url: `${API}/x`, ...init }, { browser, send: table(routes) });
}

const redirect = (status: number, location: string): HttpResponse => ({
  status,
  headers: [...STAR, ['Location', location]],
});
const ok: HttpResponse = { status: 200, headers: STAR };

const actuals = (o: Outcome) => o.steps.filter((s) => s.kind === 'actual');
const preflights = (o: Outcome) => o.steps.filter((s) => s.kind === 'preflight');
const header = (s: Step, name: string) =>
  s.request.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
const names = (s: Step) => s.request.headers.map(([n]) => n.toLowerCase());
const BODY_HEADERS = ['content-type', 'content-language', 'content-encoding', 'content-location'];

describe('the method and the request-body headers after a redirect (§4.4 step 12)', () => {
  const bodyHeaders: HeaderList = [
    ['Content-Type', 'text/plain'],
    ['Content-Language', 'en'],
    ['Content-Encoding', 'gzip'],
    ['Content-Location', '/a'],
    ['X-Keep', '1'],
  ];
  it.each([
    [301, 'POST', 'GET'],
    [302, 'POST', 'GET'],
    [303, 'POST', 'GET'],
    [303, 'PUT', 'GET'],
    [303, 'DELETE', 'GET'],
    [303, 'HEAD', 'HEAD'],
    [303, 'GET', 'GET'],
    [301, 'PUT', 'PUT'],
    [302, 'DELETE', 'DELETE'],
    [307, 'POST', 'POST'],
    [308, 'PUT', 'PUT'],
  ] as const)('%i after %s → %s', async (status, method, next) => {
    for (const browser of ['chromium', 'firefox'] as const) {
      const o = await go(
        { method, headers: bodyHeaders },
        { [`${API}/x`]: redirect(status, `${API}/y`), [`${API}/y`]: ok },
        browser,
      );
      expect(o.allowed).toBe(true);
      const [, second] = actuals(o);
      expect(second?.request.method).toBe(next);
      const kept = next === method ? BODY_HEADERS : [];
      expect(
        names(second!)
          .filter((n) => BODY_HEADERS.includes(n))
          .sort(),
      ).toEqual([...kept].sort());
      expect(header(second!, 'x-keep')).toBe('1');
      // The second hop's preflight asks only for what the request still carries.
      const acrh = header(preflights(o).at(-1)!, 'Access-Control-Request-Headers');
      expect(acrh).toBe(next === method ? 'content-encoding,content-location,x-keep' : 'x-keep');
    }
  });
});

describe('Authorization after a redirect', () => {
  const withAuth: HeaderList = [
    ['Authorization', 'Bearer t'],
    ['X-A', '1'],
  ];
  it.each(['chromium', 'firefox'] as const)(
    '%s: dropped when the redirect changes origin, with a warning naming where',
    async (browser) => {
      const o = await go(
        { headers: withAuth },
        { [`${API}/x`]: redirect(307, `${API2}/y`), [`${API2}/y`]: ok },
        browser,
      );
      expect(o.allowed).toBe(true);
      const [first, second] = actuals(o);
      expect(header(first!, 'authorization')).toBe('Bearer t');
      expect(header(second!, 'authorization')).toBeUndefined();
      expect(header(second!, 'x-a')).toBe('1');
      expect(header(preflights(o)[1]!, 'Access-Control-Request-Headers')).toBe('x-a');
      expect(o.warnings.map((w) => w.code)).toContain('authorization-dropped');
      expect(o.warnings.find((w) => w.code === 'authorization-dropped')?.message).toContain(API2);
    },
  );

  it.each(['chromium', 'firefox'] as const)(
    '%s: kept when the redirect stays on the same origin',
    async (browser) => {
      const o = await go(
        { headers: withAuth },
        { [`${API}/x`]: redirect(307, `${API}/y`), [`${API}/y`]: ok },
        browser,
      );
      const [, second] = actuals(o);
      expect(header(second!, 'authorization')).toBe('Bearer t');
      expect(header(preflights(o)[1]!, 'Access-Control-Request-Headers')).toBe('authorization,x-a');
      expect(o.warnings.map((w) => w.code)).not.toContain('authorization-dropped');
    },
  );
});

describe('a cross-origin redirect without Authorization', () => {
  it('keeps the request headers and warns of nothing', async () => {
    const o = await go(
      { headers: [['X-A', '1']] },
      { [`${API}/x`]: redirect(307, `${API2}/y`), [`${API2}/y`]: ok },
      'firefox',
    );
    expect(header(actuals(o)[1]!, 'x-a')).toBe('1');
    expect(o.warnings.map((w) => w.code)).not.toContain('authorization-dropped');
  });
});

describe('origin tainting (§4.4 step 14)', () => {
  const origins = (o: Outcome) => actuals(o).map((s) => header(s, 'Origin') ?? '-');

  it('a cross-origin request redirected to another origin then says Origin: null', async () => {
    const o = await go({}, { [`${API}/x`]: redirect(302, `${API2}/y`), [`${API2}/y`]: ok });
    expect(origins(o)).toEqual([PAGE, 'null']);
  });

  it('a redirect within the API’s origin keeps the page’s origin', async () => {
    const o = await go({}, { [`${API}/x`]: redirect(302, `${API}/y`), [`${API}/y`]: ok });
    expect(origins(o)).toEqual([PAGE, PAGE]);
  });

  it('a same-origin request redirected to another origin sends the page’s origin there, not null', async () => {
    const o = await go({ url: `${PAGE}/x` }, { [`${PAGE}/x`]: redirect(302, `${API}/y`), [`${API}/y`]: ok });
    expect(o.allowed).toBe(true);
    expect(origins(o)).toEqual(['-', PAGE]);
  });
});

describe('refused redirects: what fails, and where it is reported', () => {
  it('Chromium follows a redirect to ws: when the request is not restarted, and refuses the scheme when it is (redirect-odd/ws-scheme.*)', async () => {
    const to = (status: number, method: string, body?: string) =>
      go({ method, ...(body ? { body } : {}) }, { [`${API}/x`]: redirect(status, 'ws://localhost/x') });
    const kept = await to(307, 'POST', 'a');
    expect(kept.error?.detail).toMatchObject({ code: 'NetworkError', net: 'ERR_UNKNOWN_URL_SCHEME' });
    expect(kept.error?.url).toBe('ws://localhost/x');
    // A 303 turns the POST into a GET: a new loader starts and the CORS scheme check fails.
    expect((await to(303, 'POST', 'a')).error?.code).toBe('CorsDisabledScheme');
    // A preflighted request is restarted too.
    expect((await to(307, 'PUT')).error?.code).toBe('CorsDisabledScheme');
  });

  it('a refused scheme is reported at the new URL, an unsafe target at the redirecting one', async () => {
    const ftp = await go({}, { [`${API}/x`]: redirect(302, 'ftp://localhost/x') });
    expect(ftp.error).toMatchObject({ code: 'CorsDisabledScheme', url: 'ftp://localhost/x' });
    expect(ftp.error?.cause).toContain('ftp://localhost/x');
    expect(ftp.error?.fix).toMatch(/https?:/);
    const data = await go({}, { [`${API}/x`]: redirect(302, 'data:text/plain,hi') });
    expect(data.error).toMatchObject({ code: 'NetworkError', url: `${API}/x` });
    expect(data.error?.cause).toContain('data:text/plain,hi');
    const loop = await go({}, { [`${API}/x`]: redirect(302, `${API}/x`) });
    expect(loop.error).toMatchObject({ code: 'TooManyRedirects', url: `${API}/x` });
  });

  it('a redirect of a request that is not CORS to a non-HTTP(S) URL is a network error in every browser', async () => {
    for (const browser of ['chromium', 'spec'] as const) {
      const o = await go(
        { url: `${PAGE}/x` },
        { [`${PAGE}/x`]: redirect(302, 'ftp://localhost/x') },
        browser,
      );
      expect(o.error?.code).toBe('NetworkError');
      expect(o.error?.cause).toContain('ftp://localhost/x');
    }
  });

  it('the cause of a refused redirect names its target', async () => {
    const invalid = await go({}, { [`${API}/x`]: redirect(302, 'http://[::1') });
    expect(invalid.error?.cause).toContain('http://[::1');
    const ws = await go({}, { [`${API}/x`]: redirect(302, 'ws://localhost/x') });
    expect(ws.error?.cause).toContain('ws://localhost/x');
    const about = await go({}, { [`${API}/x`]: redirect(302, 'about:blank') });
    expect(about.error?.cause).toContain('about:blank');
    const firefoxData = await go({}, { [`${API}/x`]: redirect(302, 'data:text/plain,hi') }, 'firefox');
    expect(firefoxData.error?.cause).toContain('data:text/plain,hi');
  });
});

describe('credentials in a redirect’s Location', () => {
  it.each(['http://u@localhost:2000/y', 'http://:p@localhost:2000/y', `http://u:p@127.0.0.1:1000/y`])(
    'a CORS request is never redirected to %s',
    async (location) => {
      const o = await go({}, { [`${API}/x`]: redirect(302, location), [`${API}/y`]: ok, [`${PAGE}/y`]: ok });
      expect(o.error?.code).toBe('RedirectContainsCredentials');
    },
  );

  it('a same-origin request may be redirected to a URL with credentials on its own origin, not to another', async () => {
    const same = await go(
      { url: `${PAGE}/x` },
      { [`${PAGE}/x`]: redirect(302, 'http://u:p@127.0.0.1:1000/y'), [`${PAGE}/y`]: ok },
    );
    expect(same.allowed).toBe(true);
    const other = await go(
      { url: `${PAGE}/x` },
      { [`${PAGE}/x`]: redirect(302, 'http://u:p@localhost:2000/y') },
    );
    expect(other.error?.code).toBe('RedirectContainsCredentials');
  });
});

describe('what each redirect step records', () => {
  const redirectCheck = (s: Step | undefined) => s?.checks.find((c) => c.name === 'redirect');

  it('a followed redirect is an actual step whose redirect check passed, naming the status and the target', async () => {
    const o = await go({}, { [`${API}/x`]: redirect(302, `${API}/y`), [`${API}/y`]: ok });
    expect(o.steps.map((s) => [s.kind, s.request.url])).toEqual([
      ['actual', `${API}/x`],
      ['actual', `${API}/y`],
    ]);
    const check = redirectCheck(o.steps[0]);
    expect(check?.ok).toBe(true);
    expect(check?.detail).toContain('302');
    expect(check?.detail).toContain(`${API}/y`);
  });

  it.each([
    ['chromium', 'http://[::1', 'http://[::1'],
    ['webkit', 'http://[::1', 'http://[::1'],
    ['chromium', 'data:text/plain,hi', 'NetworkError'],
    ['firefox', 'data:text/plain,hi', 'data:text/plain,hi'],
    ['chromium', 'ftp://localhost/x', 'CorsDisabledScheme'],
  ] as const)(
    '%s: a refused redirect to %s is the last step, an actual one whose redirect check failed',
    async (browser, location, named) => {
      const o = await go({}, { [`${API}/x`]: redirect(302, location) }, browser);
      expect(o.allowed).toBe(false);
      expect(o.steps).toHaveLength(1);
      expect(o.steps[0]?.kind).toBe('actual');
      expect(o.steps[0]?.response?.status).toBe(302);
      const check = redirectCheck(o.steps[0]);
      expect(check?.ok).toBe(false);
      expect(check?.detail).toContain(named);
    },
  );

  it('WebKit reports an unparsable Location at the redirecting URL, after its CORS check passed (redirect-odd/invalid-url.*)', async () => {
    const o = await go({}, { [`${API}/x`]: redirect(302, 'http://[::1') }, 'webkit');
    expect(o.error).toMatchObject({ code: 'RedirectDisallowedScheme', url: `${API}/x` });
    expect(o.steps[0]?.checks.map((c) => [c.name, c.ok])).toEqual([
      ['Access-Control-Allow-Origin', true],
      ['redirect', false],
    ]);
  });
});

// Every browser difference the profiles hold, stated as what each real browser does (Chromium 156,
// Firefox ESR 153, WebKitGTK 2.50.6, observed by the conformance suite, conformance cases named) and
// what the Fetch Standard says. A profile field that no test reads is a difference nobody pins: each
// `it` below makes one field observable for all four profiles, through the engine's public functions.
import { describe, expect, it } from 'vitest';
import { corsCheck } from '../../src/browser/cors-check.js';
import { parseMaxAge } from '../../src/browser/max-age.js';
import { PreflightCache } from '../../src/browser/preflight-cache.js';
import type { PreflightContext } from '../../src/browser/preflight-check.js';
import {
  checkPreflightResponse,
  isRedirect,
  type PreflightResult,
} from '../../src/browser/preflight-check.js';
import {
  type BrowserProfile,
  browserProfiles,
  getProfile,
  headersObjectInit,
  profiles,
} from '../../src/browser/profile.js';
import {
  corsUnsafeRequestHeaderNames,
  forbiddenRequestHeaderReason,
  isCorsSafelistedRequestHeader,
} from '../../src/browser/request-headers.js';
import { simulateCors } from '../../src/browser/simulate.js';
import type { BrowserName, Outcome } from '../../src/browser/types.js';
import type { HeaderList, HttpRequest, HttpResponse } from '../../src/exchange.js';

const PAGE = 'http://127.0.0.1:1000';
const API = 'http://localhost:2000';
const API2 = 'http://127.0.0.1:3000';
const NAMES = ['chromium', 'firefox', 'webkit', 'spec'] as const;

/** `expected` per profile name, checked for all four at once so a failure names the profile. */
function perProfile<T>(probe: (p: BrowserProfile) => T, expected: Readonly<Record<BrowserName, T>>): void {
  const actual = Object.fromEntries(NAMES.map((n) => [n, probe(profiles[n])]));
  expect(actual).toEqual(expected);
}

async function perProfileAsync<T>(
  probe: (b: BrowserName) => Promise<T>,
  expected: Readonly<Record<BrowserName, T>>,
): Promise<void> {
  const actual: Record<string, T> = {};
  for (const n of NAMES) actual[n] = await probe(n);
  expect(actual).toEqual(expected);
}

/** A transport from a table: `METHOD url` (or `url` for any method) → response. */
function table(routes: Record<string, HttpResponse>): (r: HttpRequest) => HttpResponse {
  return (r) => {
    const u = new URL(r.url);
    const url = `${u.origin}${u.pathname}`;
    return routes[`${r.method} ${url}`] ?? routes[url] ?? { status: 404, headers: [] };
  };
}

const ACAO_STAR: HeaderList = [['Access-Control-Allow-Origin', '*']];

function simulate(
  browser: BrowserName,
  init: { method?: string; headers?: HeaderList; credentials?: 'omit' | 'include'; url?: string },
  routes: Record<string, HttpResponse>,
): Promise<Outcome> {
  return simulateCors({ pageOrigin: PAGE, url: `${API}/x`, ...init }, { browser, send: table(routes) });
}

/** How a request ended: allowed, or its failure code and Chromium net error name. */
function verdict(o: Outcome): string {
  if (o.allowed) return 'allowed';
  const d = o.error?.detail;
  return d && 'net' in d && d.net ? `${d.code} ${d.net}` : (o.error?.code ?? 'no error');
}

describe('the request side', () => {
  const unsafe = (headers: HeaderList) => (p: BrowserProfile) => corsUnsafeRequestHeaderNames(headers, p);

  it('only Firefox counts bytes 0x80–0xFF as CORS-unsafe (highBytesAreCorsUnsafe; request/accept-high-byte.*)', () => {
    perProfile(unsafe([['Accept', 'text/\u00e9']]), {
      chromium: [],
      firefox: ['accept'],
      webkit: [],
      spec: [],
    });
    perProfile(unsafe([['Content-Type', 'text/plain;a=\u00e9']]), {
      chromium: [],
      firefox: ['content-type'],
      webkit: [],
      spec: [],
    });
  });

  it('only Firefox keeps one unsafe name per header line (dedupeUnsafeHeaderNames)', () => {
    const twice: HeaderList = [
      ['X-A', '1'],
      ['X-A', '2'],
    ];
    perProfile(unsafe(twice), { chromium: ['x-a'], firefox: ['x-a', 'x-a'], webkit: ['x-a'], spec: ['x-a'] });
  });

  it('only Chromium judges same-name lines joined, so two short Accept lines can exceed 128 bytes (safelistCheckedOn)', () => {
    const a = 'a'.repeat(100);
    const lines: HeaderList = [
      ['Accept', a],
      ['Accept', a],
    ];
    perProfile(unsafe(lines), { chromium: ['accept'], firefox: [], webkit: [], spec: [] });
  });

  it('only WebKit safelists an upper-case Range unit (rangeUnitCaseInsensitive; request/range-upper.*)', () => {
    perProfile((p) => isCorsSafelistedRequestHeader('Range', 'BYTES=0-1', p), {
      chromium: false,
      firefox: false,
      webkit: true,
      spec: false,
    });
    perProfile((p) => isCorsSafelistedRequestHeader('Range', 'bytes=0-1', p), {
      chromium: true,
      firefox: true,
      webkit: true,
      spec: true,
    });
  });

  it('only Chromium drops a page-set User-Agent (extraForbiddenRequestHeaders)', () => {
    perProfile((p) => forbiddenRequestHeaderReason('User-Agent', 'bot/1', p) !== null, {
      chromium: true,
      firefox: false,
      webkit: false,
      spec: false,
    });
  });

  // Chromium's cors.cc IsCorsSafelistedHeader: each client hint with a value of its own shape.
  const hints: readonly (readonly [string, string, string])[] = [
    ['device-memory', '0.5', '0.'],
    ['dpr', '2', '2x'],
    ['downlink', '1.25', '1e3'],
    ['width', '640', '640.5'],
    ['viewport-width', '1280', '-1'],
    ['rtt', '50', '50ms'],
    ['save-data', 'ON', 'off'],
    ['ect', 'slow-2g', '4G'],
    ['ect', '2g', '5g'],
    ['ect', '3g', ''],
    ['ect', '4g', ' 4g'],
    ['intervention', '<https://a.example/>', 'a\nb'],
  ];
  it.each(hints)(
    'only Chromium safelists the client hint %s: %j, and not %j (extraSafelistedRequestHeaders)',
    (name, ok, bad) => {
      perProfile((p) => isCorsSafelistedRequestHeader(name, ok, p), {
        chromium: true,
        firefox: false,
        webkit: false,
        spec: false,
      });
      expect(isCorsSafelistedRequestHeader(name, bad, profiles.chromium)).toBe(false);
    },
  );

  it('a fetch() given a Headers object sends its lines as appended in Chromium and Firefox, iterated (lowercased, sorted, joined) in WebKit and the spec (headersObjectInit; header-order/*.fetch-headers.*)', () => {
    const pairs = [
      ['X-B', '1'],
      ['Authorization', 'a'],
      ['x-b', '2'],
    ] as const;
    const asAppended = [
      ['X-B', '1'],
      ['Authorization', 'a'],
      ['x-b', '2'],
    ];
    const iterated = [
      ['authorization', 'a'],
      ['x-b', '1, 2'],
    ];
    perProfile((p) => headersObjectInit(pairs, p), {
      chromium: asAppended,
      firefox: asAppended,
      webkit: iterated,
      spec: iterated,
    });
  });

  it('sorts the iterated names by code unit, as WebIDL does, not by locale', () => {
    const pairs = [
      ['b', '1'],
      ['B-', '2'],
      ['a_', '3'],
      ['a-', '4'],
      ['A', '5'],
    ] as const;
    expect(headersObjectInit(pairs, profiles.webkit).map(([n]) => n)).toEqual(['a', 'a-', 'a_', 'b', 'b-']);
  });
});

describe('the access check', () => {
  const code = (headers: HeaderList) => (p: BrowserProfile) =>
    corsCheck(headers, PAGE, false, p)?.code ?? 'ok';

  it('two Access-Control-Allow-Origin lines: Firefox rejects the lines, the others judge them joined (multipleAllowOriginLines)', () => {
    const two: HeaderList = [
      ['Access-Control-Allow-Origin', PAGE],
      ['Access-Control-Allow-Origin', PAGE],
    ];
    perProfile(code(two), {
      chromium: 'MultipleAllowOriginValues',
      firefox: 'MultipleAllowOriginValues',
      webkit: 'AllowOriginMismatch',
      spec: 'AllowOriginMismatch',
    });
  });

  it('only Chromium tells a list and an unparsable value from a mismatch (allowOriginDiagnostics)', () => {
    perProfile(code([['Access-Control-Allow-Origin', `${PAGE}, ${API}`]]), {
      chromium: 'MultipleAllowOriginValues',
      firefox: 'AllowOriginMismatch',
      webkit: 'AllowOriginMismatch',
      spec: 'AllowOriginMismatch',
    });
    perProfile(code([['Access-Control-Allow-Origin', 'not-an-origin']]), {
      chromium: 'InvalidAllowOriginValue',
      firefox: 'AllowOriginMismatch',
      webkit: 'AllowOriginMismatch',
      spec: 'AllowOriginMismatch',
    });
  });
});

describe('the preflight', () => {
  const ctx: PreflightContext = {
    origin: PAGE,
    include: false,
    method: 'PUT',
    unsafeHeaderNames: [],
    hasAuthorization: false,
  };
  const failure =
    (response: HttpResponse, c = ctx) =>
    (p: BrowserProfile) => {
      const r = checkPreflightResponse(response, c, p);
      return r.ok ? 'ok' : r.failure.code;
    };

  it('a 404 without Access-Control-Allow-Origin fails its status in WebKit, its access check elsewhere (preflightOrder; preflight-status/*.acao-missing)', () => {
    perProfile(failure({ status: 404, headers: [] }), {
      chromium: 'PreflightMissingAllowOriginHeader',
      firefox: 'PreflightMissingAllowOriginHeader',
      webkit: 'PreflightInvalidStatus',
      spec: 'PreflightMissingAllowOriginHeader',
    });
  });

  it('a redirected preflight without Access-Control-Allow-Origin fails its access check in Firefox, the redirect elsewhere (preflightRedirectCheck)', () => {
    perProfile(failure({ status: 301, headers: [['Location', `${API}/y`]] }), {
      chromium: 'PreflightDisallowedRedirect',
      firefox: 'PreflightMissingAllowOriginHeader',
      webkit: 'PreflightDisallowedRedirect',
      spec: 'PreflightDisallowedRedirect',
    });
  });

  it('`Access-Control-Allow-Headers: *` covers Authorization in every browser, never in the spec (wildcardCoversAuthorization; preflight-headers/authorization.acah-star.omit)', () => {
    const response: HttpResponse = {
      status: 204,
      headers: [...ACAO_STAR, ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', '*']],
    };
    const auth = { ...ctx, unsafeHeaderNames: ['authorization'], hasAuthorization: true };
    perProfile(failure(response, auth), {
      chromium: 'ok',
      firefox: 'ok',
      webkit: 'ok',
      spec: 'HeaderDisallowedByPreflightResponse',
    });
  });

  it('Access-Control-Allow-Methods is matched case-sensitively everywhere (preflightMethodMatch; preflight-methods/patch.*)', () => {
    const response: HttpResponse = {
      status: 204,
      headers: [...ACAO_STAR, ['Access-Control-Allow-Methods', 'PATCH']],
    };
    perProfile(failure(response, { ...ctx, method: 'patch' }), {
      chromium: 'MethodDisallowedByPreflightResponse',
      firefox: 'MethodDisallowedByPreflightResponse',
      webkit: 'MethodDisallowedByPreflightResponse',
      spec: 'MethodDisallowedByPreflightResponse',
    });
  });
});

describe('Access-Control-Max-Age', () => {
  const maxAge = (value: string) => (p: BrowserProfile) => {
    const m = parseMaxAge([['Access-Control-Max-Age', value]], p);
    return `${m.seconds} ${m.note}`;
  };

  it('a value that is not a number: the default in Chromium and WebKit, not cached in Firefox (invalidMaxAge)', () => {
    perProfile(maxAge('ten'), {
      chromium: '5 invalid',
      firefox: '0 invalid',
      webkit: '5 invalid',
      spec: '5 invalid',
    });
  });

  it('a signed value: taken in Chromium and WebKit, not cached in Firefox, the default in the spec (maxAgeAllowsSign; preflight-cache/max-age-plus.*)', () => {
    perProfile(maxAge('+10'), {
      chromium: '10 null',
      firefox: '0 invalid',
      webkit: '10 null',
      spec: '5 invalid',
    });
  });

  it('an empty value counts as absent in Firefox only (emptyMaxAgeIsAbsent)', () => {
    perProfile(maxAge(''), {
      chromium: '5 invalid',
      firefox: '5 default',
      webkit: '5 invalid',
      spec: '5 invalid',
    });
  });

  it('each browser caps it at its own bound (maxAgeCap)', () => {
    perProfile(maxAge('100000'), {
      chromium: '7200 capped',
      firefox: '86400 capped',
      webkit: '600 capped',
      spec: '100000 null',
    });
  });
});

describe('the preflight cache', () => {
  const result = (methods: string[], headers: string[], credentials: boolean): PreflightResult => ({
    methods: new Set(methods),
    headers: new Set(headers),
    credentials,
    maxAge: { seconds: 60, raw: '60', note: null },
  });
  const query = (method: string, include: boolean, unsafeHeaderNames: string[] = []) => ({
    method,
    include,
    unsafeHeaderNames,
    hasAuthorization: false,
  });
  const served = (stored: PreflightResult, q: ReturnType<typeof query>) => (p: BrowserProfile) => {
    const cache = new PreflightCache();
    cache.store(PAGE, `${API}/x`, stored, 0, p);
    return cache.lookup(PAGE, `${API}/x`, q, p, 1000);
  };

  it('a credentialed result serves a request without credentials except in Firefox (preflightCacheKeyedByCredentials; preflight-cache/include-then-omit)', () => {
    perProfile(served(result(['PUT'], ['x-a'], true), query('PUT', false, ['x-a'])), {
      chromium: true,
      firefox: false,
      webkit: true,
      spec: true,
    });
    perProfile(served(result(['PUT'], ['x-a'], true), query('PUT', true, ['x-a'])), {
      chromium: true,
      firefox: true,
      webkit: true,
      spec: true,
    });
  });

  it('a cached `*` still works as a wildcard except in Firefox (cacheHonoursWildcards; preflight-cache/star-*-omit)', () => {
    perProfile(served(result(['*'], [], false), query('PATCH', false)), {
      chromium: true,
      firefox: false,
      webkit: true,
      spec: true,
    });
    perProfile(served(result(['PUT'], ['*'], false), query('PUT', false, ['x-b'])), {
      chromium: true,
      firefox: false,
      webkit: true,
      spec: true,
    });
  });
});

describe('redirects', () => {
  /** A GET (no preflight) redirected once by a 302 that answers CORS with `hop` headers. */
  const redirectedTo =
    (location: string, hop: HeaderList = ACAO_STAR) =>
    async (b: BrowserName) =>
      verdict(
        await simulate(
          b,
          {},
          {
            [`${API}/x`]: { status: 302, headers: [...hop, ['Location', location]] },
            [`${API}/y`]: { status: 200, headers: ACAO_STAR },
          },
        ),
      );

  // Conformance cases redirect-odd/<scheme>.302.*.hop-star: each browser's own list of refused targets
  // (unsafeRedirectSchemes), Chromium's ws:/wss: (simpleRedirectUnknownSchemes) and what a non-HTTP(S)
  // target that is not refused outright becomes (nonHttpRedirect).
  const unsafe = 'NetworkError ERR_UNSAFE_REDIRECT';
  const schemes: readonly (readonly [string, Record<BrowserName, string>])[] = [
    [
      'about:blank',
      {
        chromium: unsafe,
        firefox: 'NetworkError',
        webkit: 'RedirectDisallowedScheme',
        spec: 'RedirectDisallowedScheme',
      },
    ],
    [
      'blob:http://localhost/x',
      {
        chromium: unsafe,
        firefox: unsafe,
        webkit: 'RedirectDisallowedScheme',
        spec: 'RedirectDisallowedScheme',
      },
    ],
    [
      'data:text/plain,hi',
      {
        chromium: unsafe,
        firefox: unsafe,
        webkit: 'RedirectDisallowedScheme',
        spec: 'RedirectDisallowedScheme',
      },
    ],
    [
      'file:///etc/hostname',
      {
        chromium: unsafe,
        firefox: unsafe,
        webkit: 'RedirectDisallowedScheme',
        spec: 'RedirectDisallowedScheme',
      },
    ],
    [
      'filesystem:http://localhost/temporary/x',
      {
        chromium: unsafe,
        firefox: 'NetworkError',
        webkit: 'RedirectDisallowedScheme',
        spec: 'RedirectDisallowedScheme',
      },
    ],
    [
      'javascript:1',
      {
        chromium: 'CorsDisabledScheme',
        firefox: unsafe,
        webkit: 'RedirectDisallowedScheme',
        spec: 'RedirectDisallowedScheme',
      },
    ],
    [
      'ws://localhost/x',
      {
        chromium: 'NetworkError ERR_UNKNOWN_URL_SCHEME',
        firefox: unsafe,
        webkit: 'RedirectDisallowedScheme',
        spec: 'RedirectDisallowedScheme',
      },
    ],
    [
      'wss://localhost/x',
      {
        chromium: 'NetworkError ERR_UNKNOWN_URL_SCHEME',
        firefox: unsafe,
        webkit: 'RedirectDisallowedScheme',
        spec: 'RedirectDisallowedScheme',
      },
    ],
    [
      'ftp://localhost/x',
      {
        chromium: 'CorsDisabledScheme',
        firefox: 'NetworkError',
        webkit: unsafe,
        spec: 'RedirectDisallowedScheme',
      },
    ],
  ];
  it.each(schemes)('a redirect to %s', async (location, expected) => {
    await perProfileAsync(redirectedTo(location), expected);
  });

  it('a refused target fails before the redirect’s own CORS check in Firefox and WebKit (unsafeRedirectBeforeCorsCheck; redirect-odd/*.hop-none)', async () => {
    await perProfileAsync(redirectedTo('data:text/plain,hi', []), {
      chromium: 'MissingAllowOriginHeader',
      firefox: unsafe,
      webkit: 'MissingAllowOriginHeader',
      spec: 'MissingAllowOriginHeader',
    });
    await perProfileAsync(redirectedTo('ftp://localhost/x', []), {
      chromium: 'MissingAllowOriginHeader',
      firefox: 'MissingAllowOriginHeader',
      webkit: unsafe,
      spec: 'MissingAllowOriginHeader',
    });
  });

  it('a Location that is not a URL fails the fetch, except in WebKit, which refuses it as a scheme after the CORS check (invalidRedirectLocation; redirect-odd/invalid-url.*)', async () => {
    await perProfileAsync(redirectedTo('http://[::1'), {
      chromium: 'NetworkError ERR_INVALID_REDIRECT',
      firefox: 'NetworkError ERR_INVALID_REDIRECT',
      webkit: 'RedirectDisallowedScheme',
      spec: 'NetworkError ERR_INVALID_REDIRECT',
    });
  });

  it('an empty Location: Firefox and the spec follow it (to the same URL, forever), Chromium hands the 302 to the page, WebKit fails (followEmptyLocation, unfollowedRedirectFails; redirect-odd/empty-location.*)', async () => {
    perProfile((p) => isRedirect({ status: 302, headers: [['Location', '']] }, p), {
      chromium: false,
      firefox: true,
      webkit: false,
      spec: true,
    });
    await perProfileAsync(redirectedTo(''), {
      chromium: 'allowed',
      firefox: 'TooManyRedirects',
      webkit: 'NetworkError',
      spec: 'TooManyRedirects',
    });
  });

  it('after a cross-origin redirect the preflight says `Origin: null`, except in Firefox, which keeps the page’s origin (preflightOriginAfterTaint; redirect/put.*.cross.*)', async () => {
    const allowPut: HttpResponse = {
      status: 204,
      headers: [...ACAO_STAR, ['Access-Control-Allow-Methods', 'PUT']],
    };
    const routes: Record<string, HttpResponse> = {
      [`OPTIONS ${API}/x`]: allowPut,
      [`PUT ${API}/x`]: { status: 307, headers: [...ACAO_STAR, ['Location', `${API2}/y`]] },
      [`OPTIONS ${API2}/y`]: allowPut,
      [`PUT ${API2}/y`]: { status: 200, headers: ACAO_STAR },
    };
    await perProfileAsync(
      async (b) => {
        const o = await simulate(b, { method: 'PUT' }, routes);
        const origins = (kind: string) =>
          o.steps
            .filter((s) => s.kind === kind)
            .map((s) => s.request.headers.find(([n]) => n === 'Origin')?.[1]);
        return { allowed: o.allowed, preflights: origins('preflight'), actual: origins('actual') };
      },
      {
        chromium: { allowed: true, preflights: [PAGE, 'null'], actual: [PAGE, 'null'] },
        firefox: { allowed: true, preflights: [PAGE, PAGE], actual: [PAGE, 'null'] },
        webkit: { allowed: true, preflights: [PAGE, 'null'], actual: [PAGE, 'null'] },
        spec: { allowed: true, preflights: [PAGE, 'null'], actual: [PAGE, 'null'] },
      },
    );
  });
});

describe('bad ports (badPorts)', () => {
  const at = (port: number) => async (b: BrowserName) =>
    verdict(
      await simulate(
        b,
        { url: `http://localhost:${port}/x` },
        { [`http://localhost:${port}/x`]: { status: 200, headers: ACAO_STAR } },
      ),
    );
  const refused = 'NetworkError ERR_UNSAFE_PORT';

  it('Chromium 156 connects to 4190 and 6679, the spec’s 2024 additions; Firefox refuses them', async () => {
    for (const port of [4190, 6679])
      await perProfileAsync(at(port), {
        chromium: 'allowed',
        firefox: refused,
        webkit: refused,
        spec: refused,
      });
  });

  it('every browser refuses an older bad port (6000, X11) and connects to an ordinary one', async () => {
    await perProfileAsync(at(6000), { chromium: refused, firefox: refused, webkit: refused, spec: refused });
    await perProfileAsync(at(8080), {
      chromium: 'allowed',
      firefox: 'allowed',
      webkit: 'allowed',
      spec: 'allowed',
    });
  });
});

describe('the profiles themselves', () => {
  it('each names the engine and the version its data was taken from', () => {
    perProfile((p) => [p.name, p.label], {
      chromium: ['chromium', 'Chromium 156'],
      firefox: ['firefox', 'Firefox ESR 153'],
      webkit: ['webkit', 'WebKit (WebKitGTK 2.50.6)'],
      spec: ['spec', 'Fetch Standard'],
    });
  });

  it('an outcome names the profile that decided it', async () => {
    await perProfileAsync(
      async (b) => (await simulate(b, {}, { [`${API}/x`]: { status: 200, headers: ACAO_STAR } })).browser,
      {
        chromium: 'chromium',
        firefox: 'firefox',
        webkit: 'webkit',
        spec: 'spec',
      },
    );
  });

  it('the shipped browsers are every profile but the Fetch Standard', () => {
    expect(browserProfiles.map((p) => p.name)).toEqual(['chromium', 'firefox', 'webkit']);
  });

  it('Chromium is the default', () => {
    expect(getProfile()).toBe(profiles.chromium);
  });

  it('an unknown name is not echoed at length in the error', () => {
    expect(() => getProfile('x'.repeat(5000) as never)).toThrow(/^There is no browser profile 'x{100}'\.$/);
  });
});

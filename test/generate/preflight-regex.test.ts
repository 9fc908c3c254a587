// The preflight checks nginx, Apache and Caddy configs carry as regexes (the requested method, the
// requested header list), taken out of the generated files and run by the engines those servers use
// (PCRE through `grep -P`, RE2 through re2js), against corsair's own decision for the same preflight.
// A regex that lost an anchor lets `PUTX` or `x-api-key, anything` through; a wrong escape refuses a
// name the policy allows.
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { generateConfig } from '../../src/generate/index.js';
import {
  LONG_HEADER_LIST_REGEX,
  listedHeadersRegex,
  listedMethodRegex,
  malformedHeadersRegex,
  REQUESTED_METHOD_REGEX,
} from '../../src/generate/preflight-classes.js';
import { createCors } from '../../src/policy/index.js';
import type { CorsOptions, Decision } from '../../src/policy/types.js';
import { hasCommand, serverAvailable } from './servers.js';

const hasGrepP = serverAvailable(
  'grep -P (PCRE)',
  () => hasCommand('grep') && spawnSync('grep', ['-P', 'x'], { input: 'x' }).status === 0,
  'apt-get install -y grep',
);

const ORIGIN = 'https://app.example.com';
const TCHARS = "!#$%&'*+-.^_`|~";

/** What corsair's engine answers to a preflight from an allowed origin asking for `method` and `headers`. */
function engineAllows(options: CorsOptions, method: string, headers: string): boolean {
  const lines: [string, string][] = [
    ['Origin', ORIGIN],
    ['Access-Control-Request-Method', method],
  ];
  if (headers !== '') lines.push(['Access-Control-Request-Headers', headers]);
  return (createCors(options).decide({ method: 'OPTIONS', headers: lines }) as Decision).allowed;
}

/** The regexes a generated config matches the two request headers with (`null`: only an empty value passes). */
interface Checks {
  readonly method: string;
  readonly headers: string | null;
}

function lineAfter(text: string, start: string, re: RegExp): string | null {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.startsWith(start));
  expect(i, start).toBeGreaterThanOrEqual(0);
  for (const l of lines.slice(i + 1)) {
    if (l.trim() === '}') return null;
    const m = re.exec(l);
    if (m) return m[1]!;
  }
  return null;
}

function only(text: string, re: RegExp): string | null {
  const all = [...text.matchAll(re)].map((m) => m[1]!);
  expect(new Set(all).size, String(re)).toBeLessThanOrEqual(1);
  return all[0] ?? null;
}

function first(text: string, re: RegExp): string | null {
  return [...text.matchAll(re)][0]?.[1] ?? null;
}

function files(target: string, options: CorsOptions): string {
  return generateConfig(target, options)
    .files.map((f) => f.content)
    .join('\n');
}

const EXTRACT: Record<'nginx' | 'apache' | 'caddy', (conf: string) => Checks> = {
  // map $http_access_control_request_method $cors_method_ok { default 0; "~REGEX" 1; }
  nginx: (conf) => ({
    method: lineAfter(conf, 'map $http_access_control_request_method $cors_method_ok', /^\s*"~(.*)" 1;$/)!,
    headers: lineAfter(conf, 'map $http_access_control_request_headers $cors_headers_ok', /^\s*"~(.*)" 1;$/),
  }),
  // The allowed rule comes first: RewriteCond %{HTTP:Access-Control-Request-Method} "REGEX" [NV]
  apache: (conf) => ({
    method: first(conf, /^RewriteCond %\{HTTP:Access-Control-Request-Method\} "([^!].*)" \[NV\]$/gm)!,
    headers: first(conf, /^RewriteCond %\{HTTP:Access-Control-Request-Headers\} "([^!].*)" \[NV\]$/gm),
  }),
  // header_regexp cors_m Access-Control-Request-Method `REGEX`
  caddy: (conf) => ({
    method: only(conf, /header_regexp cors_m Access-Control-Request-Method `(.*)`$/gm)!,
    headers: only(conf, /header_regexp cors_h Access-Control-Request-Headers `(.*)`$/gm),
  }),
};

// Methods and header names as people configure them, and tokens with every special character.
const token = fc
  .array(fc.constantFrom(...'aZ9', ...TCHARS), { minLength: 1, maxLength: 5 })
  .map((cs) => cs.join(''));
const methodName = fc.oneof(fc.constantFrom('PUT', 'PATCH', 'DELETE', 'PURGE', 'put'), token);
const headerName = fc.oneof(
  fc.constantFrom('X-Api-Key', 'Content-Type', 'Authorization', 'X-Requested-With', 'x-trace.id'),
  token,
);

const scenario = fc.record({
  methods: fc.oneof(
    { weight: 4, arbitrary: fc.uniqueArray(methodName, { minLength: 1, maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constant('*' as const) },
  ),
  allowedHeaders: fc.oneof(
    { weight: 4, arbitrary: fc.uniqueArray(headerName, { minLength: 0, maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constant('*' as const) },
  ),
  // Near misses are built from a configured name: a suffix, a prefix, one character less, another case,
  // a character no token holds.
  methodProbes: fc.array(
    fc.tuple(fc.nat(), fc.constantFrom('same', 'X+', '+X', 'chop', 'lower', 'other', 'bad')),
    {
      minLength: 1,
      maxLength: 6,
    },
  ),
  headerProbes: fc.array(
    fc.array(
      fc.tuple(fc.nat(), fc.constantFrom('same', 'upper', 'x+', '+x', 'chop', 'other', 'bad', 'split')),
      {
        maxLength: 3,
      },
    ),
    { minLength: 1, maxLength: 6 },
  ),
  separator: fc.constantFrom(',', ', ', ' ,', ',,', ' , ', '\t,'),
  edges: fc.constantFrom('', ' ', ',', ', '),
  other: token,
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function pick<T>(list: readonly T[], i: number, fallback: T): T {
  return list.length === 0 ? fallback : list[i % list.length]!;
}

function vary(name: string, how: string, other: string): string {
  switch (how) {
    case 'X+':
    case 'x+':
      return `${name}X`;
    case '+X':
    case '+x':
      return `X${name}`;
    case 'chop':
      return name.length > 1 ? name.slice(0, -1) : `${name}${name}`;
    case 'lower':
      return name.toLowerCase();
    case 'upper':
      return name.toUpperCase();
    case 'other':
      return other;
    case 'bad':
      return `${name}(x)`; // not a token: refused by the engine whatever is allowed
    case 'split':
      return `${name} ${other}`; // two names without a comma: malformed
    default:
      return name;
  }
}

interface Sample {
  readonly options: CorsOptions;
  readonly methods: string[];
  readonly headerLists: string[];
}

function sample(s: Scenario): Sample | null {
  const options: CorsOptions = {
    origins: [ORIGIN],
    methods: s.methods,
    allowedHeaders: s.allowedHeaders,
  };
  try {
    createCors(options);
  } catch {
    return null; // a name the policy refuses (a forbidden method, a non-token): generate never sees it
  }
  const ms = s.methods === '*' ? ['PUT'] : s.methods;
  const hs = s.allowedHeaders === '*' ? ['X-Api-Key'] : s.allowedHeaders;
  const methods = [
    ...s.methodProbes.map(([i, how]) => vary(pick(ms, i, 'PUT'), how, s.other)),
    'GET',
    'OPTIONS',
  ];
  const headerLists = s.headerProbes.map(
    (items) =>
      `${s.edges}${items.map(([i, how]) => vary(pick(hs, i, 'x-a'), how, s.other)).join(s.separator)}`,
  );
  // As browsers send them: every allowed name, lowercased, joined with ','; and each alone.
  const lower = hs.map((h) => h.toLowerCase());
  return { options, methods, headerLists: [...headerLists, lower.join(','), ...lower, ''] };
}

/** Check one target's extracted regexes with `test`, against the engine, for every sampled policy. */
function agree(
  target: 'nginx' | 'apache' | 'caddy',
  samples: readonly Sample[],
  test: (regex: string, values: readonly string[]) => boolean[],
): void {
  expect(samples.length).toBeGreaterThanOrEqual(50);
  const wrong: string[] = [];
  for (const { options, methods, headerLists } of samples) {
    const checks = EXTRACT[target](files(target, options));
    const methodOk = test(checks.method, methods);
    const headersOk =
      checks.headers === null ? headerLists.map((h) => h === '') : test(checks.headers, headerLists);
    methods.forEach((m, i) => {
      if (methodOk[i] !== engineAllows(options, m, '')) wrong.push(`${JSON.stringify(options)} method ${m}`);
    });
    headerLists.forEach((h, i) => {
      const engine = engineAllows(options, 'GET', h);
      // Never wider than the engine; as wide for every list a browser sends (lowercase names, `,`).
      const browserShaped = /^[^,\s]+(?:,[^,\s]+)*$/.test(h) && h === h.toLowerCase();
      if (headersOk[i] && !engine)
        wrong.push(`${JSON.stringify(options)} allows headers ${JSON.stringify(h)}`);
      if (!headersOk[i] && engine && (browserShaped || h === ''))
        wrong.push(`${JSON.stringify(options)} refuses headers ${JSON.stringify(h)}`);
    });
  }
  expect(wrong).toEqual([]);
}

const samples = fc
  .sample(scenario, { numRuns: 150, seed: 20 })
  .map(sample)
  .filter((s): s is Sample => s !== null);

/** PCRE as nginx and Apache run it (a search, anchored only by the regex itself): one `grep -P` per regex. */
function grepP(regex: string, values: readonly string[]): boolean[] {
  const r = spawnSync('grep', ['-P', '-n', '-e', regex], {
    input: `${values.join('\n')}\n`,
    encoding: 'utf8',
  });
  expect(r.status === 0 || r.status === 1, r.stderr).toBe(true);
  const hit = new Set(r.stdout.split('\n').map((l) => Number(l.split(':')[0])));
  return values.map((_, i) => hit.has(i + 1));
}

function re2(regex: string, values: readonly string[]): boolean[] {
  const re = RE2JS.compile(regex);
  return values.map((v) => re.matcher(v).find());
}

describe('generated preflight regexes decide as corsair does', () => {
  it('an allowed method plus one character is refused everywhere (PUTX, XPUT, PU, put)', () => {
    const options: CorsOptions = { origins: [ORIGIN], methods: ['PUT'], allowedHeaders: ['X-Api-Key'] };
    const methods = ['PUT', 'PUTX', 'XPUT', 'PU', 'put', 'PUT,PUT', 'GET'];
    const lists = [
      'x-api-key',
      'x-api-key,x-evil',
      'x-evil,x-api-key',
      'x-api-keyx',
      'xx-api-key',
      'X-API-KEY',
    ];
    const expected = {
      methods: [true, false, false, false, false, false, true],
      lists: [true, false, false, false, false, true],
    };
    expect(methods.map((m) => engineAllows(options, m, ''))).toEqual(expected.methods);
    expect(lists.map((h) => engineAllows(options, 'PUT', h))).toEqual(expected.lists);
    const c = EXTRACT.caddy(files('caddy', options));
    expect(re2(c.method, methods)).toEqual(expected.methods);
    expect(re2(c.headers!, lists)).toEqual(expected.lists);
    if (!hasGrepP) return;
    for (const target of ['nginx', 'apache'] as const) {
      const x = EXTRACT[target](files(target, options));
      expect(grepP(x.method, methods), target).toEqual(expected.methods);
      expect(grepP(x.headers!, lists), target).toEqual(expected.lists);
    }
  });

  it('Caddy (RE2, via re2js): the same methods and header lists as the engine', () => {
    agree('caddy', samples, re2);
  });

  // One grep per regex: fewer policies than for RE2, each with the same probes.
  it.skipIf(!hasGrepP)('nginx (PCRE, via grep -P): the same methods and header lists as the engine', () => {
    agree('nginx', samples.slice(0, 60), grepP);
  });

  it.skipIf(!hasGrepP)('Apache (PCRE, via grep -P): the same methods and header lists as the engine', () => {
    agree('apache', samples.slice(0, 60), grepP);
  });
});

type Kind = 'allow' | 'unlisted' | 'malformed';

/** The engine's kind of answer to a preflight from an allowed origin. */
function engineKind(options: CorsOptions, method: string, headers: string): Kind {
  const lines: [string, string][] = [
    ['Origin', ORIGIN],
    ['Access-Control-Request-Method', method],
  ];
  if (headers !== '') lines.push(['Access-Control-Request-Headers', headers]);
  const d = createCors(options).decide({ method: 'OPTIONS', headers: lines }) as Decision;
  if (d.allowed) return 'allow';
  return d.headers.some(([k]) => k === 'Access-Control-Allow-Origin') ? 'unlisted' : 'malformed';
}

/**
 * The kinds preflight-classes.ts's regexes give, in the order every config applies them, `test`
 * running one regex over many values in the engine a server uses.
 */
function regexKinds(
  options: CorsOptions,
  pairs: readonly (readonly [string, string])[],
  dialect: 'pcre' | 're2',
  test: (regex: string, values: readonly string[]) => boolean[],
): Kind[] {
  const o = createCors(options).options;
  const methods = pairs.map(([m]) => m);
  const lists = pairs.map(([, h]) => h);
  const listed = test(listedMethodRegex(o, dialect), methods);
  const wellFormed = test(REQUESTED_METHOD_REGEX, methods);
  const long = test(LONG_HEADER_LIST_REGEX, lists);
  const listedHeaders = test(listedHeadersRegex(o, dialect), lists);
  const malformed = test(malformedHeadersRegex(o, dialect), lists);
  return pairs.map(([, h], i): Kind => {
    if (!listed[i]) return wellFormed[i] ? 'unlisted' : 'malformed';
    if (h === '') return 'allow';
    if (long[i]) return 'malformed';
    if (listedHeaders[i]) return 'allow';
    return malformed[i] ? 'malformed' : 'unlisted';
  });
}

/** Every method probe with no headers, and every header list with each method probe's first and GET. */
function probes(s: Sample): (readonly [string, string])[] {
  const out: (readonly [string, string])[] = s.methods.map((m) => [m, ''] as const);
  for (const h of [...s.headerLists, 'x-api-key,'.repeat(410), 'é', 'x-a,\tx-b ,', '\t']) {
    out.push(['GET', h]);
    out.push([s.methods[0]!, h]);
  }
  out.push(['M'.repeat(64), ''], ['M'.repeat(65), ''], ['G@T', 'x-a'], ['', '']);
  return out;
}

function agreeKinds(
  dialect: 'pcre' | 're2',
  list: readonly Sample[],
  test: (regex: string, values: readonly string[]) => boolean[],
): void {
  const wrong: string[] = [];
  for (const s of list) {
    // A method with a line break cannot reach a server; grep reads lines.
    const pairs = probes(s).filter(([m, h]) => !/[\r\n]/.test(m + h));
    const kinds = regexKinds(s.options, pairs, dialect, test);
    pairs.forEach(([m, h], i) => {
      const want = m === '' ? 'malformed' : engineKind(s.options, m, h);
      if (kinds[i] !== want)
        wrong.push(`${JSON.stringify(s.options)} ${JSON.stringify([m, h])}: ${kinds[i]}, engine ${want}`);
    });
  }
  expect(wrong).toEqual([]);
}

describe('allowed, unlisted and malformed preflights (preflight-classes.ts) as the engine tells them apart', () => {
  it('RE2 (Caddy, via re2js)', () => {
    agreeKinds('re2', samples, re2);
  });
  it.skipIf(!hasGrepP)('PCRE (nginx, Apache, via grep -P)', () => {
    agreeKinds('pcre', samples.slice(0, 60), grepP);
  });
});

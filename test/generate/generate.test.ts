// generateConfig and the registry: refusals, fidelity notes, and the origin regexes every target is
// built from, checked against the policy engine itself.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  combinedRegex,
  GenerateError,
  generateConfig,
  patternRegex,
  TARGET_NAMES,
  TARGETS,
} from '../../src/generate/index.js';
import { CorsConfigError, createCors } from '../../src/policy/index.js';
import type { CorsOptions } from '../../src/policy/types.js';
import { PYTHON, pythonHas, ROOT, serverAvailable } from './servers.js';

const hasPython = serverAvailable('python3', () => pythonHas('re'), 'apt-get install -y python3');
// Targets whose output is JavaScript (netlify's when static _headers cannot carry the policy).
const JS_TARGETS = ['express', 'fastify', 'koa', 'hono', 'nextjs', 'cloudflare-workers', 'netlify'];

function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof GenerateError || e instanceof CorsConfigError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('registry', () => {
  it('lists every target name once, in the documented order, each in its own file', () => {
    expect(TARGETS.map((t) => t.name)).toEqual([...TARGET_NAMES]);
    for (const t of TARGETS)
      expect(existsSync(join(ROOT, 'src/generate/targets', `${t.name}.ts`)), t.name).toBe(true);
  });

  it('generates something for every target and flavor from a simple policy', () => {
    for (const t of TARGETS)
      for (const flavor of t.flavors) {
        const r = generateConfig(t.name, { origins: '*' }, { flavor });
        expect(r.files.length, `${t.name} ${flavor}`).toBeGreaterThan(0);
        for (const f of r.files) expect(f.content.length).toBeGreaterThan(20);
      }
  });
});

describe('refusals: never less safe than the policy', () => {
  const cases: [string, string, CorsOptions, string][] = [
    ['unknown target', 'iis', { origins: '*' }, 'GENERATE_UNKNOWN_TARGET'],
    ['invalid policy', 'nginx', { origins: '*', credentials: true }, 'POLICY_INVALID'],
    [
      'S3 without credentials (S3 always allows them)',
      'aws-s3',
      { origins: ['https://a.example.com'] },
      'GENERATE_S3_CREDENTIALS',
    ],
    [
      'API Gateway with patterns only',
      'aws-api-gateway',
      { origins: ['https://*.example.com'] },
      'GENERATE_NOTHING_LEFT',
    ],
    ['vercel with patterns only', 'vercel', { origins: ['https://*.example.com'] }, 'GENERATE_NOTHING_LEFT'],
  ];
  it.each(cases)('%s', (_name, target, options, code) => {
    expect(errorCode(() => generateConfig(target, options))).toBe(code);
  });

  it('an unknown flavor is refused, with the ones that exist in the fix', () => {
    try {
      generateConfig('express', { origins: '*' }, { flavor: 'nope' });
      expect.unreachable();
    } catch (e) {
      expect((e as GenerateError).code).toBe('GENERATE_UNKNOWN_FLAVOR');
      expect((e as GenerateError).fix).toContain('corsair');
    }
  });

  it('origin functions cannot leave the process: every target refuses them', () => {
    const policy = createCors({ origins: [(o: string) => o.endsWith('.example.com')] });
    for (const t of TARGET_NAMES)
      expect(
        errorCode(() => generateConfig(t, policy)),
        t,
      ).toBe('GENERATE_PREDICATE');
  });

  it('RegExp origins travel only into JavaScript targets, verbatim', () => {
    const policy = createCors({ origins: [/^https:\/\/pr-\d+\.preview\.example\.com$/], credentials: true });
    for (const t of TARGET_NAMES) {
      if (JS_TARGETS.includes(t)) {
        const out = generateConfig(t, policy)
          .files.map((f) => f.content)
          .join('\n');
        expect(out, t).toContain('/^https:\\/\\/pr-\\d+\\.preview\\.example\\.com$/');
      } else
        expect(
          errorCode(() => generateConfig(t, policy)),
          t,
        ).toBe('GENERATE_REGEXP_UNSUPPORTED');
    }
  });

  it('a loss that keeps the output stricter is a note, in the output and in the result', () => {
    const r = generateConfig('koa', { origins: ['https://a.example.com'], methods: '*', credentials: true });
    expect(r.notes.map((n) => n.code)).toEqual(['GENERATE_METHODS_WILDCARD_CREDENTIALS']);
    expect(r.files[0]!.content).toContain('FIDELITY');
    expect(r.files[0]!.content).toContain('[GENERATE_METHODS_WILDCARD_CREDENTIALS]');
  });

  it('S3 drops a pattern it cannot express (two wildcards) and says so', () => {
    const r = generateConfig('aws-s3', {
      origins: ['https://a.example.com', 'https://*.example.com:*'],
      credentials: true,
    });
    expect(r.notes.map((n) => n.code)).toEqual(['GENERATE_PATTERN_DROPPED']);
    expect(r.warnings.map((n) => n.code)).toEqual(['POLICY_SUBDOMAINS_WITH_CREDENTIALS']);
    expect(JSON.parse(r.files[0]!.content).CORSRules[0].AllowedOrigins).toEqual(['https://a.example.com']);
  });

  it('no configuration allows an origin the policy refuses: the static targets list only policy origins', () => {
    const policy: CorsOptions = {
      origins: ['https://a.example.com', 'https://b.example.com'],
      credentials: true,
    };
    const s3 = JSON.parse(generateConfig('aws-s3', policy).files[0]!.content).CORSRules[0].AllowedOrigins;
    const apigw = JSON.parse(generateConfig('aws-api-gateway', policy).files[0]!.content).AllowOrigins;
    const vercel = JSON.parse(generateConfig('vercel', policy).files[0]!.content).headers.flatMap(
      (h: { headers: { key: string; value: string }[] }) =>
        h.headers.filter((x) => x.key === 'Access-Control-Allow-Origin').map((x) => x.value),
    );
    for (const list of [s3, apigw, vercel])
      expect(list).toEqual(['https://a.example.com', 'https://b.example.com']);
  });
});

// Hosts as browsers serialize them, near misses included.
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?$/);
const domain = fc.array(label, { minLength: 2, maxLength: 3 }).map((l) => l.join('.'));

describe('origin regexes agree with the policy engine', () => {
  // For a pattern, origins built around it: inside, the apex, suffix and prefix tricks, other ports.
  const scenario = fc.record({
    host: domain,
    sub: fc.boolean(),
    anyPort: fc.boolean(),
    port: fc.constantFrom('', '8443'),
    scheme: fc.constantFrom('https', 'http'),
    probeSub: fc.array(label, { minLength: 0, maxLength: 2 }),
    probeTail: fc.constantFrom('', '.evil.test', 'x', '-evil.test'),
    probePort: fc.constantFrom('', ':8443', ':5173'),
    probeScheme: fc.constantFrom('https', 'http'),
  });

  type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

  function build(s: Scenario) {
    if (!s.sub && !s.anyPort) s = { ...s, anyPort: true }; // a pattern needs a '*' somewhere
    const pattern = `${s.scheme}://${s.sub ? '*.' : ''}${s.host}${s.anyPort ? ':*' : s.port ? `:${s.port}` : ''}`;
    const prefix = s.probeSub.length > 0 ? `${s.probeSub.join('.')}.` : '';
    const origin = `${s.probeScheme}://${prefix}${s.host}${s.probeTail}${s.probePort}`;
    return { pattern, origin };
  }

  it('JavaScript dialect (express, fastify, koa, hono, workers, nextjs)', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { pattern, origin } = build(s);
        let policy: ReturnType<typeof createCors>;
        try {
          policy = createCors({ origins: [pattern], allowInsecureOrigins: true });
        } catch {
          return; // e.g. a pattern over a public suffix: the engine refuses it, generate never sees it
        }
        const re = new RegExp(combinedRegex(policy.options, 'js'));
        expect(re.test(origin), `${pattern} vs ${origin}`).toBe(policy.allowsOrigin(origin));
        expect(new RegExp(patternRegex(policy.options.patterns[0]!, 'js')).test(origin)).toBe(
          policy.allowsOrigin(origin),
        );
      }),
      { numRuns: 400 },
    );
  });

  it.skipIf(!hasPython)('Python dialect (fastapi, flask, django) with \\Z, run by python3', () => {
    const samples = fc.sample(scenario, 300).flatMap((s) => {
      const { pattern, origin } = build(s);
      try {
        const policy = createCors({ origins: [pattern], allowInsecureOrigins: true });
        return [
          {
            re: combinedRegex(policy.options, 'python'),
            origin,
            allowed: policy.allowsOrigin(origin) as boolean,
          },
        ];
      } catch {
        return [];
      }
    });
    // A trailing newline must not sneak past the end anchor ($ would allow it in Python).
    samples.push({
      re: combinedRegex(createCors({ origins: ['https://*.example.com'] }).options, 'python'),
      origin: 'https://a.example.com\n',
      allowed: false,
    });
    const script =
      'import sys, json, re\nprint(json.dumps([bool(re.match(r, o)) for r, o in json.load(sys.stdin)]))\n';
    const r = spawnSync(PYTHON, ['-c', script], {
      input: JSON.stringify(samples.map((x) => [x.re, x.origin])),
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout) as boolean[];
    const wrong = samples.filter((x, i) => got[i] !== x.allowed);
    expect(wrong).toEqual([]);
  });
});

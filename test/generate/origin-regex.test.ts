// The origin regexes generate writes, in every dialect, run by that dialect's engine (or, for Java and
// .NET, by JavaScript reading `\z` as its own end-of-input `$`) on origins around each policy origin —
// the origin itself, a suffix, a prefix, another port or scheme, a trailing newline — against
// createCors(policy).allowsOrigin. JavaScript reads them as the regex literals the generated code holds.
import { spawnSync } from 'node:child_process';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { combinedRegex, exactRegex, generateConfig, patternRegex } from '../../src/generate/index.js';
import { createCors } from '../../src/policy/index.js';
import { hasCommand, PYTHON, pythonHas, serverAvailable } from './servers.js';

const hasPython = serverAvailable('python3', () => pythonHas('re, ast'), 'apt-get install -y python3');
const hasGrepP = serverAvailable(
  'grep -P (PCRE)',
  () => hasCommand('grep') && spawnSync('grep', ['-P', 'x'], { input: 'x' }).status === 0,
  'apt-get install -y grep',
);

const ORIGINS = [
  'https://app.example.com',
  'http://localhost:3000',
  'https://*.example.org',
  'https://api.example.net:*',
];
const policy = createCors({ origins: ORIGINS, allowInsecureOrigins: true });
const o = policy.options;

const PROBES = [
  'https://app.example.com',
  'https://app.example.com.evil.net',
  'https://evil-app.example.com',
  'https://appxexample.com',
  'https://app.example.com:8443',
  'http://app.example.com',
  'https://app.example.com\n',
  'http://localhost:3000',
  'http://localhost:30000',
  'http://localhost:3000.evil.net',
  'https://a.example.org',
  'https://a.b.example.org',
  'https://example.org',
  'https://a.example.org.evil.net',
  'https://a.example.org\n',
  'https://aexample.org',
  'https://api.example.net',
  'https://api.example.net:8443',
  'https://api.example.net:8443/',
  'https://xapi.example.net',
];
const expected = PROBES.map((p) => policy.allowsOrigin(p) === true);

/** Every regex a target may be given: each exact origin and pattern alone, all in one, patterns only. */
function regexes(
  dialect: 'js' | 'pcre' | 'python' | 'java' | 'dotnet' | 're2',
): { label: string; re: string; allows: boolean[] }[] {
  const exactOnly = (origin: string) => PROBES.map((p) => p === origin);
  const patternOnly = createCors({ origins: o.patterns.map((p) => p.source) });
  return [
    ...o.exactOrigins.map((e) => ({ label: `exact ${e}`, re: exactRegex(e, dialect), allows: exactOnly(e) })),
    ...o.patterns.map((p) => ({
      label: `pattern ${p.source}`,
      re: patternRegex(p, dialect),
      allows: PROBES.map((x) => createCors({ origins: [p.source] }).allowsOrigin(x) === true),
    })),
    { label: 'combined', re: combinedRegex(o, dialect), allows: expected },
    {
      label: 'combined, patterns only',
      re: combinedRegex(o, dialect, false),
      allows: PROBES.map((x) => patternOnly.allowsOrigin(x) === true),
    },
  ];
}

describe('origin regexes in every dialect decide as the policy does', () => {
  it('JavaScript, read as a regex literal', () => {
    for (const { label, re, allows } of regexes('js')) {
      const literal = new Function(`return /${re}/;`)() as RegExp;
      expect(
        PROBES.map((p) => literal.test(p)),
        label,
      ).toEqual(allows);
    }
  });

  it('RE2 (re2js, Caddy and Traefik)', () => {
    for (const { label, re, allows } of regexes('re2')) {
      const r = RE2JS.compile(re);
      // `$` in RE2 without multi-line mode is the end of the text: no newline slips past it.
      expect(
        PROBES.map((p) => r.matcher(p).find()),
        label,
      ).toEqual(allows);
    }
  });

  it('Java and .NET, with `\\z` read as JavaScript reads `$` (the end of the input)', () => {
    for (const d of ['java', 'dotnet'] as const)
      for (const { label, re, allows } of regexes(d)) {
        expect(re.endsWith('\\z'), `${d} ${label}`).toBe(true);
        const r = new RegExp(`${re.slice(0, -2)}$`);
        expect(
          PROBES.map((p) => r.test(p)),
          `${d} ${label}`,
        ).toEqual(allows);
      }
  });

  it.skipIf(!hasPython)(
    "Python's re (a search, as Django and flask-cors run it), one python3 for all",
    () => {
      const all = regexes('python');
      const script =
        'import sys, json, re\nrs, ps = json.load(sys.stdin)\nprint(json.dumps([[bool(re.search(r, p)) for p in ps] for r in rs]))\n';
      const r = spawnSync(PYTHON, ['-c', script], {
        input: JSON.stringify([all.map((x) => x.re), PROBES]),
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      const got = JSON.parse(r.stdout) as boolean[][];
      all.forEach(({ label, allows }, i) => {
        expect(got[i], label).toEqual(allows);
      });
    },
  );

  it.skipIf(!hasPython)(
    "FastAPI's allow_origin_regex, taken from the generated file by Python's own parser",
    () => {
      const files = generateConfig('fastapi', { origins: ORIGINS, allowInsecureOrigins: true }).files;
      const source = files.find((f) => f.path.endsWith('.py'))!.content;
      // Starlette: re.compile(allow_origin_regex).fullmatch(origin), beside allow_origins for exact ones.
      const script = `import sys, json, re, ast
src, ps = json.load(sys.stdin)
found = [k.value.value for n in ast.walk(ast.parse(src)) if isinstance(n, ast.Call) for k in n.keywords if k.arg == 'allow_origin_regex']
print(json.dumps([[bool(re.compile(r).fullmatch(p)) for p in ps] for r in found]))
`;
      const r = spawnSync(PYTHON, ['-c', script], {
        input: JSON.stringify([source, PROBES]),
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      const got = JSON.parse(r.stdout) as boolean[][];
      expect(got).toHaveLength(1);
      const patternOnly = createCors({ origins: o.patterns.map((p) => p.source) });
      expect(got[0]).toEqual(PROBES.map((x) => patternOnly.allowsOrigin(x) === true));
    },
  );

  it.skipIf(!hasGrepP)('PCRE (grep -P, nginx and Apache), a search anchored only by the regex', () => {
    // grep reads lines: the trailing-newline probes are left to the other engines.
    const lines = PROBES.filter((p) => !p.includes('\n'));
    for (const { label, re, allows } of regexes('pcre')) {
      const g = spawnSync('grep', ['-P', '-n', '-e', re], {
        input: `${lines.join('\n')}\n`,
        encoding: 'utf8',
      });
      expect(g.status === 0 || g.status === 1, g.stderr).toBe(true);
      const hit = new Set(g.stdout.split('\n').map((l) => Number(l.split(':')[0])));
      expect(
        lines.map((_, i) => hit.has(i + 1)),
        label,
      ).toEqual(
        PROBES.map((p, i) => [p, allows[i]] as const)
          .filter(([p]) => !p.includes('\n'))
          .map(([, a]) => a),
      );
    }
  });
});

// One rulebook (src/policy/rulebook.ts) for validation, scan and generate: for every policy in a table
// and a fast-check sample of combinations, validation refuses exactly the rules the rulebook refuses and
// warns about exactly the ones it warns about; generate writes a configuration exactly when validation
// accepts and prints the same warnings; and scan, run against a server answering with that very policy,
// finds every risk the policy states, each at the rulebook's severity, and none that validation passed
// over silently unless the rulebook calls it informational.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanTarget } from '../../src/audit/index.js';
import type { HttpRequest } from '../../src/exchange.js';
import { generateConfig } from '../../src/generate/index.js';
import {
  type CorsOptions,
  createCors,
  policyAction,
  policyWarnings,
  RULES,
  type RuleId,
  respondTo,
  ruleSeverity,
  validateCorsOptions,
} from '../../src/policy/index.js';

const TRUSTED = 'https://app.example.com';
const TARGET = 'https://api.example.com/me';

/** Origins with the rule each one states (scan proves each with one of its probes). */
const ORIGINS: readonly (readonly [string, RuleId | null])[] = [
  [TRUSTED, null],
  ['http://localhost:3000', 'localhost-origin'],
  ['http://localhost:*', 'localhost-origin'],
  ['https://*.example.com', 'any-subdomain'],
  ['http://app.example.com', 'insecure-origin'],
  ['null', 'null-origin'],
  ['https://*.github.io', 'third-party-origin'],
];
const EXPOSED: readonly (readonly [string, RuleId | null])[] = [
  ['X-Request-Id', null],
  ['X-Debug-Info', 'sensitive-exposed-header'],
  ['X-Internal-Host', 'sensitive-exposed-header'],
  ['Set-Cookie', 'set-cookie-exposed'],
];

interface Case {
  readonly origins: readonly string[] | '*';
  readonly exposed: readonly string[];
  readonly credentials: boolean;
  readonly allowInsecureOrigins: boolean;
}

function optionsOf(c: Case): CorsOptions {
  return {
    origins: c.origins,
    exposedHeaders: c.exposed,
    credentials: c.credentials,
    allowInsecureOrigins: c.allowInsecureOrigins,
  } as CorsOptions;
}

/** The rules a case states, by the table above. */
function stated(c: Case): Set<RuleId> {
  const rules = new Set<RuleId>();
  if (c.origins === '*' || (c.origins.length === 1 && c.origins[0] === '*'))
    rules.add(c.credentials ? 'wildcard-credentials' : 'wildcard-origin');
  else for (const o of c.origins) for (const [v, r] of ORIGINS) if (v === o && r) rules.add(r);
  for (const h of c.exposed) for (const [v, r] of EXPOSED) if (v === h && r) rules.add(r);
  return rules;
}

function expectedCodes(c: Case, action: 'refuse' | 'warn'): string[] {
  const codes = [...stated(c)]
    .filter((r) => policyAction(r, c.credentials, c) === action)
    .map((r) => RULES[r].policy?.code);
  return [...new Set(codes)].sort() as string[];
}

const send = (policy: ReturnType<typeof createCors>) => async (request: HttpRequest) =>
  respondTo(policy, request);

async function checkCase(c: Case): Promise<void> {
  const options = optionsOf(c);
  const errors = [...new Set(validateCorsOptions(options).map((i) => i.code))].sort();
  expect(errors, 'validation refuses what the rulebook refuses').toEqual(expectedCodes(c, 'refuse'));
  if (errors.length > 0) {
    expect(() => generateConfig('express', options)).toThrow(/Invalid CORS configuration/);
    return;
  }
  const policy = createCors(options);
  const warned = [...new Set(policyWarnings(policy).map((w) => w.code))].sort();
  expect(warned, 'validation warns about what the rulebook warns about').toEqual(expectedCodes(c, 'warn'));
  const notes = generateConfig('express', options).warnings.map((n) => n.code);
  for (const code of warned) expect(notes, 'generate prints the warnings').toContain(code);
  const result = await scanTarget(TARGET, { send: send(policy), trustedOrigin: TRUSTED });
  const found = new Map(result.findings.map((f) => [f.id, f]));
  for (const rule of stated(c)) {
    const f = found.get(rule);
    expect(f, `scan finds ${rule}`).toBeDefined();
    expect(f?.severity, `${rule} at the rulebook's severity`).toBe(ruleSeverity(rule, c.credentials));
  }
  for (const f of result.findings) {
    expect(stated(c).has(f.id), `scan finds nothing the policy does not state (${f.id})`).toBe(true);
    // What validation passed over silently is informational for scan too.
    if (!warned.includes(RULES[f.id].policy?.code ?? '')) expect(f.severity).toBe('info');
  }
}

const TABLE: readonly (readonly [string, Case])[] = [
  ['exact origin', { origins: [TRUSTED], exposed: [], credentials: true, allowInsecureOrigins: false }],
  [
    'localhost with credentials: a warning and a low finding (both sides moved)',
    {
      origins: [TRUSTED, 'http://localhost:3000'],
      exposed: [],
      credentials: true,
      allowInsecureOrigins: false,
    },
  ],
  [
    'localhost without credentials: accepted, informational',
    { origins: ['http://localhost:*'], exposed: [], credentials: false, allowInsecureOrigins: false },
  ],
  [
    'subdomains with credentials',
    { origins: ['https://*.example.com'], exposed: [], credentials: true, allowInsecureOrigins: false },
  ],
  [
    'http origin with credentials: refused',
    { origins: ['http://app.example.com'], exposed: [], credentials: true, allowInsecureOrigins: false },
  ],
  [
    'http origin with credentials, allowInsecureOrigins: a warning, scan medium',
    { origins: ['http://app.example.com'], exposed: [], credentials: true, allowInsecureOrigins: true },
  ],
  ['null: refused', { origins: ['null'], exposed: [], credentials: false, allowInsecureOrigins: false }],
  [
    "['*'] with credentials: refused",
    { origins: ['*'], exposed: [], credentials: true, allowInsecureOrigins: false },
  ],
  [
    "'*' without credentials",
    { origins: '*', exposed: ['X-Debug-Info'], credentials: false, allowInsecureOrigins: false },
  ],
  [
    'Set-Cookie exposed: refused',
    { origins: [TRUSTED], exposed: ['Set-Cookie'], credentials: true, allowInsecureOrigins: false },
  ],
  [
    'debug header exposed',
    {
      origins: [TRUSTED],
      exposed: ['X-Request-Id', 'X-Debug-Info'],
      credentials: true,
      allowInsecureOrigins: false,
    },
  ],
];

describe('validation, generate and scan agree with the rulebook', () => {
  it.each(TABLE)('%s', async (_name, c) => {
    await checkCase(c);
  });

  it('on any combination of the listed origins, exposed headers and flags', async () => {
    const origins = fc.oneof(
      fc.constant('*' as const),
      fc.subarray(
        ORIGINS.map(([o]) => o),
        { minLength: 1 },
      ),
    );
    const exposed = fc.subarray(EXPOSED.map(([h]) => h));
    await fc.assert(
      fc.asyncProperty(origins, exposed, fc.boolean(), fc.boolean(), async (o, e, credentials, insecure) => {
        await checkCase({ origins: o, exposed: e, credentials, allowInsecureOrigins: insecure });
      }),
      { numRuns: 40 },
    );
  });

  it('the convention: refuse what is broken or rated medium or worse, warn on low, accept info', () => {
    for (const id of Object.keys(RULES) as RuleId[])
      for (const credentials of [true, false]) {
        const severity = ruleSeverity(id, credentials);
        const action = policyAction(id, credentials);
        if (RULES[id].broken) expect(action).toBe('refuse');
        else if (severity === 'info') expect(action).toBe('accept');
        else if (severity === 'low') expect(action).toBe('warn');
        else expect(action).toBe('refuse');
      }
  });
});

describe('docs/security.md states the rulebook', () => {
  const rows = readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8')
    .split('\n')
    .map((l) =>
      /^\| `([a-z-]+)` \| (\w+)(?: \(low[^|]*\))? \| (\w+)(?: \(info\))? \|([^|]*)\| *`?([A-Z_]*)`? *\|$/.exec(
        l,
      ),
    )
    .filter((m): m is RegExpExecArray => m !== null);

  it('has one row per rule, with its severities and validation code', () => {
    expect(rows.map((m) => m[1]).sort()).toEqual(Object.keys(RULES).sort());
    for (const [, id, withCreds, without, , code] of rows) {
      const rule = RULES[id as RuleId];
      expect([withCreds, without], id).toEqual([...rule.severity]);
      expect(code, id).toBe(rule.policy?.code ?? '');
    }
  });
});

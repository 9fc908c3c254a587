import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEMO_CONFIG,
  demoCorsHeaders,
  normalizeDemoConfig,
} from '../../src/ui/shared/demo-config.js';
import { presets } from '../../src/ui/shared/presets.js';

const PAGE = 'http://127.0.0.1:4000';

describe('normalizeDemoConfig', () => {
  it('fills missing fields from the default', () => {
    const r = normalizeDemoConfig({ originMode: 'any' });
    expect(r).toEqual({ ok: true, config: { ...DEFAULT_DEMO_CONFIG, originMode: 'any' } });
  });

  it.each([
    ['not an object', 'x', '$'],
    ['unknown field', { allowOrigin: '*' }, 'allowOrigin'],
    ['wrong type', { credentials: 'yes' }, 'credentials'],
    ['bad origin mode', { originMode: 'all' }, 'originMode'],
    ['status below 200', { status: 101 }, 'status'],
    ['status not an integer', { preflightStatus: 204.5 }, 'preflightStatus'],
    ['redirect status not a redirect', { redirectStatus: 300 }, 'redirectStatus'],
    ['bad redirect mode', { redirect: 'both' }, 'redirect'],
    ['line break in a value', { allowHeaders: 'X-A\r\nSet-Cookie: a=b' }, 'allowHeaders'],
    ['non-ASCII value', { originValue: 'http://bücher.example' }, 'originValue'],
    ['too long', { exposeHeaders: 'a'.repeat(301) }, 'exposeHeaders'],
  ])('refuses %s', (_name, input, field) => {
    const r = normalizeDemoConfig(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.field)).toContain(field);
  });

  it('never lets a value that could split a header line through (property)', () => {
    const key = fc.constantFrom('originValue', 'allowMethods', 'allowHeaders', 'exposeHeaders', 'maxAge');
    fc.assert(
      fc.property(key, fc.string({ unit: 'binary', maxLength: 40 }), (k, value) => {
        const r = normalizeDemoConfig({ [k]: value, originMode: 'exact' });
        if (!r.ok) return;
        for (const [, v] of demoCorsHeaders(r.config, 'preflight', PAGE)) expect(v).toMatch(/^[\x20-\x7e]*$/);
        for (const [, v] of demoCorsHeaders(r.config, 'actual', PAGE)) expect(v).toMatch(/^[\x20-\x7e]*$/);
      }),
    );
  });

  it('accepts every preset', () => {
    for (const p of presets(PAGE)) expect(normalizeDemoConfig(p.config).ok, p.id).toBe(true);
  });
});

describe('demoCorsHeaders', () => {
  const names = (lines: readonly (readonly [string, string])[]) => lines.map(([n]) => n);
  it.each([
    ['reflect', { originMode: 'reflect' as const }, PAGE],
    ['any', { originMode: 'any' as const }, '*'],
    ['exact', { originMode: 'exact' as const, originValue: `${PAGE}/` }, `${PAGE}/`],
  ])('Access-Control-Allow-Origin for %s', (_n, patch, expected) => {
    const lines = demoCorsHeaders({ ...DEFAULT_DEMO_CONFIG, ...patch }, 'actual', PAGE);
    expect(lines.filter(([n]) => n === 'Access-Control-Allow-Origin')).toEqual([
      ['Access-Control-Allow-Origin', expected],
    ]);
  });

  it('sends no Access-Control-Allow-Origin in mode none', () => {
    expect(
      names(demoCorsHeaders({ ...DEFAULT_DEMO_CONFIG, originMode: 'none' }, 'actual', PAGE)),
    ).not.toContain('Access-Control-Allow-Origin');
  });

  it('puts methods, headers and max-age on preflights only, expose on actual responses only', () => {
    const c = { ...DEFAULT_DEMO_CONFIG, exposeHeaders: 'X-Request-Id', maxAge: '60', credentials: true };
    const pre = names(demoCorsHeaders(c, 'preflight', PAGE));
    const act = names(demoCorsHeaders(c, 'actual', PAGE));
    expect(pre).toEqual(
      expect.arrayContaining([
        'Access-Control-Allow-Methods',
        'Access-Control-Allow-Headers',
        'Access-Control-Max-Age',
      ]),
    );
    expect(pre).not.toContain('Access-Control-Expose-Headers');
    expect(act).toContain('Access-Control-Expose-Headers');
    expect(act).not.toContain('Access-Control-Allow-Methods');
    expect(pre).toContain('Access-Control-Allow-Credentials');
    expect(act).toContain('Access-Control-Allow-Credentials');
  });

  it('omits a header whose value is empty', () => {
    const pre = names(
      demoCorsHeaders({ ...DEFAULT_DEMO_CONFIG, allowMethods: '', allowHeaders: '' }, 'preflight', PAGE),
    );
    expect(pre).not.toContain('Access-Control-Allow-Methods');
    expect(pre).not.toContain('Access-Control-Allow-Headers');
  });
});

describe('presets', () => {
  it('covers the classic mistakes of the issue', () => {
    const ids = presets(PAGE).map((p) => p.id);
    for (const id of [
      'missing-header',
      'wildcard-credentials',
      'authorization-not-allowed',
      'put-not-allowed',
      'preflight-404',
      'mismatch-trailing-slash',
      'mismatch-www',
      'mismatch-scheme',
      'mismatch-port',
    ])
      expect(ids).toContain(id);
  });

  it('makes each mismatch preset a near miss of the page origin, never the origin itself', () => {
    for (const p of presets(PAGE).filter((x) => x.id.startsWith('mismatch-'))) {
      expect(p.config.originMode).toBe('exact');
      expect(p.config.originValue).not.toBe(PAGE);
      expect(p.allowed).toBe(false);
    }
  });
});

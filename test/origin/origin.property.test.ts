import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isPublicSuffix,
  isSameOrigin,
  isSameSite,
  originOfUrl,
  parseOrigin,
  parseSerializedOrigin,
  registrableDomain,
  serializeOrigin,
} from '../../src/origin/index.js';

const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.webUrl(),
  fc.constantFrom('null', 'https://', 'blob:', '[::1]'),
);

describe('origin properties', () => {
  it('no function throws on arbitrary strings', () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        const oa = originOfUrl(a);
        const ob = originOfUrl(b);
        serializeOrigin(oa);
        parseOrigin(a);
        parseSerializedOrigin(a);
        isSameOrigin(oa, ob);
        isSameSite(oa, ob);
        registrableDomain(a);
        isPublicSuffix(a);
      }),
      { numRuns: 2000 },
    );
  });

  it('serialize → strict parse → serialize round-trips for every web URL', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const o = originOfUrl(url);
        const s = serializeOrigin(o);
        const strict = parseSerializedOrigin(s);
        expect(strict).toMatchObject({ ok: true, serialized: s });
        if (s !== 'null') expect(parseOrigin(s)).toEqual(o);
        expect(isSameOrigin(o, originOfUrl(s)) || s === 'null').toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('whatever the strict parser accepts is already serialized, byte for byte', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyText,
          fc.webUrl().map((u) => u.replace(/\/$/, '')),
        ),
        (s) => {
          const r = parseSerializedOrigin(s);
          if (r.ok) expect(serializeOrigin(r.origin)).toBe(s);
          else expect(r.message.length + r.fix.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('same-origin implies same-site', () => {
    fc.assert(
      fc.property(fc.webUrl(), fc.webUrl(), (a, b) => {
        const oa = originOfUrl(a);
        const ob = originOfUrl(b);
        if (isSameOrigin(oa, ob)) expect(isSameSite(oa, ob)).toBe(true);
        expect(isSameSite(oa, ob)).toBe(isSameSite(ob, oa));
      }),
    );
  });

  // Linear time is guarded statically (test/arch/regexp-linear.test.ts) and measured by `npm run bench`.
  it('diagnoses 64 KiB hostile origin strings by their first defect', () => {
    const hostile = `https://${'a.'.repeat(32 * 1024)}com${':'.repeat(10)}`;
    const codes = [hostile, `${hostile}/`, `https://${'@'.repeat(65536)}`, ' '.repeat(65536)].map((s) => {
      const r = parseSerializedOrigin(s);
      return r.ok ? 'ok' : r.code;
    });
    expect(codes).toEqual([
      'ORIGIN_INVALID_PORT',
      'ORIGIN_TRAILING_SLASH',
      'ORIGIN_HAS_USERINFO',
      'ORIGIN_WHITESPACE',
    ]);
  });
});

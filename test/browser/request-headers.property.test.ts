import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyRequest } from '../../src/browser/classify.js';
import { parseMimeType } from '../../src/browser/mime.js';
import { chromium, firefox, spec } from '../../src/browser/profile.js';
import { buildActualRequest, buildPreflightRequest } from '../../src/browser/request-builders.js';
import {
  corsUnsafeRequestHeaderNames,
  forbiddenRequestHeaderReason,
  getDecodeAndSplit,
  isCorsSafelistedRequestHeader,
  isHeaderValue,
  normalizeHeaderValue,
} from '../../src/browser/request-headers.js';
import type { HeaderLine } from '../../src/exchange.js';
import { isHeaderName } from '../../src/fetch/header-names.js';
import { isForbiddenMethod, isMethod, normalizeMethod } from '../../src/fetch/methods.js';

const profiles = [chromium, firefox, spec];
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom(...'"\\,;= \t\r\n/abcbytes-0123456789') }),
);
const name = fc.oneof(
  text,
  fc.constantFrom(
    'Accept',
    'Content-Type',
    'Range',
    'Accept-Language',
    'DPR',
    'ECT',
    'X-HTTP-Method-Override',
    'Cookie',
  ),
);

describe('request-side properties', () => {
  it('no function throws on arbitrary strings', () => {
    fc.assert(
      fc.property(name, text, fc.constantFrom(...profiles), (n, v, p) => {
        isHeaderName(n);
        isHeaderValue(v);
        normalizeHeaderValue(v);
        isCorsSafelistedRequestHeader(n, v, p);
        forbiddenRequestHeaderReason(n, v, p);
        getDecodeAndSplit(v);
        parseMimeType(v);
        isMethod(v);
        isForbiddenMethod(v);
        normalizeMethod(v);
        corsUnsafeRequestHeaderNames([[n, v]], p);
      }),
      { numRuns: 3000 },
    );
  });

  it('classifyRequest and the builders never throw and always produce valid wire headers', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.webUrl(), text),
        fc.oneof(fc.webUrl(), text, fc.constant('null')),
        fc.oneof(fc.constantFrom('get', 'PUT', 'patch', 'TRACE'), text),
        fc.array(fc.tuple(name, text), { maxLength: 6 }),
        (url, pageOrigin, method, headers) => {
          const c = classifyRequest({ url, pageOrigin, method, headers }, chromium);
          for (const [n, v] of c.headers) {
            expect(isHeaderName(n)).toBe(true);
            // A combined value may end in ', ' (two empty values), as Headers' "get" makes it.
            expect(isHeaderValue(normalizeHeaderValue(v))).toBe(true);
            expect(n).toBe(n.toLowerCase());
          }
          expect([...c.unsafeHeaderNames].sort()).toEqual(c.unsafeHeaderNames);
          if (c.needsPreflight) expect(c.sameOrigin).toBe(false);
          buildPreflightRequest(c, c.origin);
          buildActualRequest(c, 'null');
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('normalized values are fixed points and mime parsing is idempotent on the essence', () => {
    fc.assert(
      fc.property(text, (v) => {
        const n = normalizeHeaderValue(v);
        expect(normalizeHeaderValue(n)).toBe(n);
        const m = parseMimeType(v);
        if (m) expect(parseMimeType(m.essence)?.essence).toBe(m.essence);
      }),
    );
  });
});

/** Fastest of a few runs of `f`, in ms: the minimum is the measure least disturbed by GC and other load. */
function time(f: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 9; i++) {
    const t = performance.now();
    f();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

// Grows 16× from 4 KiB to 64 KiB: linear work grows ~16×, quadratic ~256×. The bound (64×, plus a small
// floor for timer noise) catches quadratic behaviour without flaking on a busy 2-core machine.
function expectLinear(make: (size: number) => () => void): void {
  make(4 * 1024)(); // warm up the JIT
  const small = time(make(4 * 1024));
  const big = time(make(64 * 1024));
  expect(big).toBeLessThan(Math.max(small, 0.05) * 64 + 3);
}

const hostile: Record<string, (n: number) => string> = {
  quotes: (n) => '"'.repeat(n),
  backslashes: (n) => `"${'\\'.repeat(n)}`,
  commas: (n) => ','.repeat(n),
  semicolons: (n) => `text/plain${';'.repeat(n)}`,
  params: (n) => `text/plain${';a="\\'.repeat(n / 5)}`,
  equals: (n) => `text/plain;${'a='.repeat(n / 2)}`,
  whitespace: (n) => `${' \t'.repeat(n / 2)}x${' \t'.repeat(n / 2)}`,
  digits: (n) => `bytes=${'0'.repeat(n)}-${'0'.repeat(n)}`,
  quotedCommas: (n) => `"${',a'.repeat(n / 2)}`,
};

describe('linear time on hostile values up to 64 KiB', () => {
  for (const [label, gen] of Object.entries(hostile)) {
    it(`isCorsSafelistedRequestHeader, parseMimeType, getDecodeAndSplit: ${label}`, () => {
      expectLinear((size) => {
        const v = gen(size);
        return () => {
          for (const n of ['Accept', 'Content-Type', 'Range', 'Accept-Language', 'DPR']) {
            isCorsSafelistedRequestHeader(n, v, chromium);
          }
          parseMimeType(v);
          getDecodeAndSplit(v);
          forbiddenRequestHeaderReason('X-HTTP-Method-Override', v, spec);
          normalizeHeaderValue(v);
        };
      });
    });
  }

  it('corsUnsafeRequestHeaderNames over many headers and huge values', () => {
    expectLinear((size) => {
      const headers: HeaderLine[] = [];
      for (let i = 0; i < size / 64; i++) headers.push([i % 2 ? 'Accept' : `X-H${i}`, 'a'.repeat(60)]);
      headers.push(['Content-Type', hostile.params?.(size) ?? '']);
      return () => {
        corsUnsafeRequestHeaderNames(headers, chromium);
      };
    });
  });

  it('classifyRequest with a 64 KiB header value', () => {
    expectLinear((size) => {
      const v = `  ${'a,"\\'.repeat(size / 4)}  `;
      return () => {
        classifyRequest(
          {
            pageOrigin: 'https://app.example.com',
            url: 'https://api.example.com/',
            headers: [
              ['X-HTTP-Method-Override', v],
              ['Content-Type', v],
              ['Accept', v],
            ],
          },
          chromium,
        );
      };
    });
  });
});

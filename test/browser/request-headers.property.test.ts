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

// The cost of these inputs as they grow is a bench figure (`npm run bench:hostile`), and every RegExp in
// src/ is checked to be linear-time statically (test/arch/regexp-linear.test.ts): here, what they decide.
describe('hostile values of 64 KiB', () => {
  const SIZE = 64 * 1024;
  for (const [label, gen] of Object.entries(hostile)) {
    it(`are never safelisted, never forbidden, and normalize to a fixed point: ${label}`, () => {
      const v = gen(SIZE);
      for (const n of ['Accept', 'Content-Type', 'Range', 'Accept-Language', 'DPR']) {
        expect(isCorsSafelistedRequestHeader(n, v, chromium)).toBe(false);
      }
      expect(forbiddenRequestHeaderReason('X-HTTP-Method-Override', v, spec)).toBeNull();
      const n = normalizeHeaderValue(v);
      expect(normalizeHeaderValue(n)).toBe(n);
      expect(getDecodeAndSplit(v).join(',').length).toBeLessThanOrEqual(v.length);
      const mime = parseMimeType(v);
      if (mime) expect(mime.essence).toBe('text/plain');
    });
  }

  it('corsUnsafeRequestHeaderNames lists every unsafe name once, over many headers', () => {
    const headers: HeaderLine[] = [];
    for (let i = 0; i < SIZE / 64; i++) headers.push([i % 2 ? 'Accept' : `X-H${i}`, 'a'.repeat(60)]);
    headers.push(['Content-Type', hostile.params?.(SIZE) ?? '']);
    const names = corsUnsafeRequestHeaderNames(headers, chromium);
    // 'Accept' is unsafe here only because the combined value of its 512 lines exceeds 128 bytes.
    expect(names.length).toBe(SIZE / 128 + 2);
    expect(names.slice(0, 3)).toEqual(['accept', 'content-type', 'x-h0']);
    expect(new Set(names).size).toBe(names.length);
  });

  it('classifyRequest keeps a 64 KiB value whole and needs a preflight for it', () => {
    const v = `  ${'a,"\\'.repeat(SIZE / 4)}  `;
    const c = classifyRequest(
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
    expect(c.refusal).toBeNull();
    expect(c.needsPreflight).toBe(true);
    expect(c.unsafeHeaderNames).toEqual(['accept', 'content-type', 'x-http-method-override']);
    expect(c.headers.every(([, value]) => value === v.trim())).toBe(true);
  });
});

// Hostile response headers: the response-side parsers never throw and stay linear (several CVEs in
// CORS code came from quadratic splitting of attacker-controlled header values).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corsCheck } from '../../src/browser/cors-check.js';
import { exposedHeaderNames } from '../../src/browser/exposed-headers.js';
import { parseMaxAge } from '../../src/browser/max-age.js';
import { checkPreflightResponse } from '../../src/browser/preflight-check.js';
import { chromium, firefox } from '../../src/browser/profile.js';
import type { HeaderList } from '../../src/exchange.js';
import { parseTokenList } from '../../src/fetch/header-list.js';

const NAMES = [
  'Access-Control-Allow-Origin',
  'Access-Control-Allow-Credentials',
  'Access-Control-Allow-Methods',
  'Access-Control-Allow-Headers',
  'Access-Control-Max-Age',
  'Access-Control-Expose-Headers',
  'Location',
];
const headerList = fc.array(fc.tuple(fc.constantFrom(...NAMES), fc.string({ maxLength: 200 })), {
  maxLength: 8,
});

describe('response-side parsers on arbitrary input', () => {
  it('never throw', () => {
    fc.assert(
      fc.property(headerList, fc.integer({ min: 0, max: 999 }), fc.boolean(), (headers, status, include) => {
        for (const p of [chromium, firefox]) {
          corsCheck(headers, 'https://a.example', include, p);
          parseMaxAge(headers, p);
          checkPreflightResponse(
            { status, headers },
            {
              origin: 'https://a.example',
              include,
              method: 'PUT',
              unsafeHeaderNames: ['x-a'],
              hasAuthorization: false,
            },
            p,
          );
        }
        exposedHeaderNames(headers, include);
      }),
      { numRuns: 500 },
    );
  });

  it('parseTokenList accepts exactly comma lists of tokens', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,10}$/), { maxLength: 10 }),
        (tokens) => {
          const r = parseTokenList(tokens.join(' , '));
          expect(r).toEqual({ ok: true, items: tokens });
        },
      ),
    );
  });
});

// Their cost as they grow is a bench figure (`npm run bench:hostile`); here, what the checks decide.
describe('64 KiB hostile response values', () => {
  const n = 65536;
  const commas = ','.repeat(n);
  const tokens = 'a,'.repeat(n / 2);
  const headers: HeaderList = [
    ['Access-Control-Allow-Origin', `${' '.repeat(n)}x`],
    ['Access-Control-Allow-Methods', commas],
    ['Access-Control-Allow-Headers', tokens],
    ['Access-Control-Expose-Headers', tokens],
    ['Access-Control-Max-Age', '9'.repeat(n)],
  ];
  it('fail the preflight on the origin value, not on the size', () => {
    const r = checkPreflightResponse(
      { status: 204, headers },
      {
        origin: 'https://a.example',
        include: false,
        method: 'PUT',
        unsafeHeaderNames: [],
        hasAuthorization: false,
      },
      chromium,
    );
    expect(r.ok).toBe(false);
    expect(r.ok ? undefined : r.failure.code).toBe('PreflightInvalidAllowOriginValue');
  });
  it('parse as token lists only where every element is a token', () => {
    expect(parseTokenList(`${commas}${tokens} b c`)).toEqual({ ok: false, invalid: 'b c' });
    const list = parseTokenList(commas + tokens);
    expect(list.ok && list.items.length).toBe(n / 2);
    expect(Array.isArray(exposedHeaderNames(headers, false))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { corsCheck } from '../../src/browser/cors-check.js';
import { chromium, firefox, spec } from '../../src/browser/profile.js';
import type { HeaderList } from '../../src/exchange.js';

const O = 'https://app.example.com';
const acao = (...values: string[]): HeaderList =>
  values.map((v) => ['Access-Control-Allow-Origin', v] as const);

describe('corsCheck (Fetch Standard §4.9, Chromium CheckAccessInternal order)', () => {
  // [name, headers, include, chromium code, firefox code]
  const table: [string, HeaderList, boolean, string | null, string | null][] = [
    ['missing header', [], false, 'MissingAllowOriginHeader', 'MissingAllowOriginHeader'],
    ['wildcard without credentials', acao('*'), false, null, null],
    ['wildcard with credentials', acao('*'), true, 'WildcardOriginNotAllowed', 'WildcardOriginNotAllowed'],
    ['exact origin', acao(O), false, null, null],
    ['exact origin, OWS around it', acao(`  ${O}\t`), false, null, null],
    ['trailing slash', acao(`${O}/`), false, 'AllowOriginMismatch', 'AllowOriginMismatch'],
    ['uppercase host', acao('https://APP.example.com'), false, 'AllowOriginMismatch', 'AllowOriginMismatch'],
    ['other origin', acao('https://evil.example'), false, 'AllowOriginMismatch', 'AllowOriginMismatch'],
    ['null value', acao('null'), false, 'AllowOriginMismatch', 'AllowOriginMismatch'],
    [
      'list in one line',
      acao(`${O}, https://b.example`),
      false,
      'MultipleAllowOriginValues',
      'AllowOriginMismatch',
    ],
    [
      'space-separated list',
      acao(`${O} https://b.example`),
      false,
      'MultipleAllowOriginValues',
      'AllowOriginMismatch',
    ],
    ['two identical lines', acao(O, O), false, 'MultipleAllowOriginValues', 'MultipleAllowOriginValues'],
    ['two lines * and origin', acao('*', O), false, 'MultipleAllowOriginValues', 'MultipleAllowOriginValues'],
    ['invalid value', acao('not a url'), false, 'MultipleAllowOriginValues', 'AllowOriginMismatch'],
    ['invalid value without space', acao('nope'), false, 'InvalidAllowOriginValue', 'AllowOriginMismatch'],
    ['empty value', acao(''), false, 'InvalidAllowOriginValue', 'AllowOriginMismatch'],
    ['credentials without ACAC', acao(O), true, 'InvalidAllowCredentials', 'InvalidAllowCredentials'],
  ];
  for (const [name, headers, include, chromiumCode, firefoxCode] of table) {
    it(`${name}: chromium ${chromiumCode ?? 'pass'}, firefox ${firefoxCode ?? 'pass'}`, () => {
      expect(corsCheck(headers, O, include, chromium)?.code ?? null).toBe(chromiumCode);
      expect(corsCheck(headers, O, include, firefox)?.code ?? null).toBe(firefoxCode);
    });
  }

  it('Access-Control-Allow-Credentials must be exactly `true`', () => {
    const ok: HeaderList = [...acao(O), ['Access-Control-Allow-Credentials', 'true']];
    expect(corsCheck(ok, O, true, chromium)).toBeNull();
    for (const v of ['True', 'TRUE', '1', 'yes', '']) {
      const h: HeaderList = [...acao(O), ['Access-Control-Allow-Credentials', v]];
      expect(corsCheck(h, O, true, chromium)).toMatchObject({ code: 'InvalidAllowCredentials', value: v });
    }
    const twice: HeaderList = [
      ...acao(O),
      ['Access-Control-Allow-Credentials', 'true'],
      ['access-control-allow-credentials', 'true'],
    ];
    expect(corsCheck(twice, O, true, spec)?.code).toBe('InvalidAllowCredentials');
  });

  it('ACAC is ignored when credentials are not included', () => {
    expect(
      corsCheck([...acao(O), ['Access-Control-Allow-Credentials', 'nope']], O, false, chromium),
    ).toBeNull();
  });

  it('a tainted request (origin null) passes only with `null` or `*`', () => {
    expect(corsCheck(acao('null'), 'null', false, chromium)).toBeNull();
    expect(corsCheck(acao('*'), 'null', false, chromium)).toBeNull();
    expect(corsCheck(acao(O), 'null', false, chromium)?.code).toBe('AllowOriginMismatch');
  });

  it('header names are case-insensitive and the value is reported joined', () => {
    const f = corsCheck(
      [
        ['access-control-allow-origin', 'a'],
        ['ACCESS-CONTROL-ALLOW-ORIGIN', 'b'],
      ],
      O,
      false,
      chromium,
    );
    expect(f).toEqual({ code: 'MultipleAllowOriginValues', value: 'a, b', lines: 2 });
  });
});

describe('corsCheck: the facts a failure carries', () => {
  it('a missing header has no value and no line', () => {
    expect(corsCheck([], O, false, chromium)).toEqual({
      code: 'MissingAllowOriginHeader',
      value: '',
      lines: 0,
    });
  });

  it('a missing Access-Control-Allow-Credentials is reported as the empty value', () => {
    expect(corsCheck(acao(O), O, true, chromium)).toEqual({
      code: 'InvalidAllowCredentials',
      value: '',
      lines: 1,
    });
  });

  it('Chromium reads header bytes as UTF-8: a lone latin1 byte makes the value invalid, text beyond a byte is a URL', () => {
    // conformance case simple-acao/non-ascii.*: the wire carries bytes, one code unit each.
    expect(corsCheck(acao('https://a.example/\u00fc'), O, false, chromium)?.code).toBe(
      'InvalidAllowOriginValue',
    );
    // The UTF-8 bytes of ü are a valid URL that is simply not the origin.
    expect(corsCheck(acao('https://a.example/\u00c3\u00bc'), O, false, chromium)?.code).toBe(
      'AllowOriginMismatch',
    );
    // A value given as text (not bytes, e.g. typed into `corsair check`) is parsed as it is.
    expect(corsCheck(acao('https://a.example/\u20ac'), O, false, chromium)?.code).toBe('AllowOriginMismatch');
  });
});

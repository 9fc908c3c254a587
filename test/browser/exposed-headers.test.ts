import { describe, expect, it } from 'vitest';
import { exposedHeaderNames } from '../../src/browser/exposed-headers.js';
import type { HeaderList } from '../../src/exchange.js';

const base: HeaderList = [
  ['Content-Type', 'text/plain'],
  ['Content-Length', '2'],
  ['Cache-Control', 'no-store'],
  ['X-Request-Id', '42'],
  ['X-Other', 'x'],
  ['Set-Cookie', 'a=b'],
  ['Date', 'now'],
];

describe('exposedHeaderNames (CORS-filtered response)', () => {
  it('exposes only the safelisted names by default', () => {
    expect(exposedHeaderNames(base, false)).toEqual(['cache-control', 'content-length', 'content-type']);
  });
  it('adds listed names, case-insensitively', () => {
    const h: HeaderList = [...base, ['Access-Control-Expose-Headers', 'x-REQUEST-id, , Date']];
    expect(exposedHeaderNames(h, false)).toEqual([
      'cache-control',
      'content-length',
      'content-type',
      'date',
      'x-request-id',
    ]);
  });
  it('`*` exposes everything but Set-Cookie without credentials', () => {
    const h: HeaderList = [...base, ['Access-Control-Expose-Headers', '*']];
    const names = exposedHeaderNames(h, false);
    expect(names).toContain('x-other');
    expect(names).toContain('access-control-expose-headers');
    expect(names).not.toContain('set-cookie');
  });
  it('`*` is a literal name with credentials', () => {
    const h: HeaderList = [...base, ['Access-Control-Expose-Headers', '*']];
    expect(exposedHeaderNames(h, true)).toEqual(['cache-control', 'content-length', 'content-type']);
  });
  it('Set-Cookie is never exposed even when listed', () => {
    const h: HeaderList = [...base, ['Access-Control-Expose-Headers', 'Set-Cookie']];
    expect(exposedHeaderNames(h, false)).not.toContain('set-cookie');
  });
  it('several Expose-Headers lines combine', () => {
    const h: HeaderList = [
      ...base,
      ['Access-Control-Expose-Headers', 'X-Other'],
      ['Access-Control-Expose-Headers', 'X-Request-Id'],
    ];
    expect(exposedHeaderNames(h, false)).toEqual(expect.arrayContaining(['x-other', 'x-request-id']));
  });
  it('listed names that the response lacks are not readable', () => {
    const h: HeaderList = [['Access-Control-Expose-Headers', 'X-Missing']];
    expect(exposedHeaderNames(h, false)).toEqual([]);
  });
});

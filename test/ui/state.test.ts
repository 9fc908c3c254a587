// The page's state in the URL fragment: links must round-trip exactly, and a damaged or hostile link
// must fall back to defaults field by field (the client modules are plain TypeScript, so Node runs them).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FIELDS } from '../../src/ui/client/policy-form.js';
import {
  DEFAULT_STATE,
  decodeState,
  encodeState,
  type PageState,
  parseHeaderLines,
} from '../../src/ui/client/state.js';
import { DEFAULT_DEMO_CONFIG } from '../../src/ui/shared/demo-config.js';

const text = fc.string({ unit: 'grapheme', maxLength: 60 });
// One set of policy fields: the top level and each route hold the same ones.
const fields = {
  origins: text,
  methods: fc.subarray(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']),
  methodsOther: text,
  allowedHeaders: text,
  exposedHeaders: text,
  credentials: fc.boolean(),
  maxAge: fc.string({ maxLength: 20 }),
  preflightStatus: fc.string({ maxLength: 20 }),
};
const state: fc.Arbitrary<PageState> = fc.record({
  view: fc.constantFrom('tester', 'explain', 'builder'),
  preset: fc.constantFrom('', 'put-not-allowed'),
  request: fc.record({
    url: text,
    method: fc.string({ maxLength: 32 }),
    headers: text,
    credentials: fc.constantFrom('omit', 'same-origin', 'include'),
    body: text,
  }),
  demo: fc.record({
    ...Object.fromEntries(Object.entries(DEFAULT_DEMO_CONFIG).map(([k, v]) => [k, fc.constant(v)])),
    originMode: fc.constantFrom('none', 'reflect', 'any', 'exact'),
    originValue: fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      maxLength: 40,
    }),
    credentials: fc.boolean(),
    status: fc.integer({ min: 200, max: 599 }),
  }) as unknown as fc.Arbitrary<PageState['demo']>,
  explain: text,
  builder: fc.record({
    ...fields,
    routes: fc.array(fc.record({ ...fields, path: fc.string({ maxLength: 40 }), off: fc.boolean() }), {
      maxLength: 4,
    }),
    defaults: fc.boolean(),
    target: fc.constantFrom('policy', 'nginx', 'express:corsair'),
  }),
});

describe('page state in the URL fragment', () => {
  it('round-trips any state exactly (property)', () => {
    fc.assert(
      fc.property(state, (s) => {
        expect(decodeState(encodeState(s))).toEqual(s);
      }),
    );
  });

  it('keeps the default state short', () => {
    expect(encodeState(DEFAULT_STATE)).toBe('#view=tester');
    expect(decodeState('#view=tester')).toEqual(DEFAULT_STATE);
  });

  it.each([
    ['an empty fragment', ''],
    ['garbage base64', '#view=tester&s=%%%'],
    ['JSON that is not an object', `#view=tester&s=${btoa('42')}`],
    ['an unknown view', '#view=admin'],
  ])('falls back to the defaults for %s', (_n, hash) => {
    expect(decodeState(hash)).toEqual(DEFAULT_STATE);
  });

  it('drops hostile fields one by one', () => {
    const hostile = {
      request: { credentials: 'sometimes', method: 42 },
      demo: { allowHeaders: 'a\r\nb' },
      builder: {
        methods: 'GET',
        defaults: 'no',
        routes: [42, null, [], { path: 7, off: 'yes', methods: 'PUT', origins: '*' }],
      },
    };
    const s = decodeState(`#view=builder&s=${btoa(JSON.stringify(hostile))}`);
    expect(s.view).toBe('builder');
    expect(s.request).toEqual(DEFAULT_STATE.request);
    expect(s.demo).toEqual(DEFAULT_DEMO_CONFIG);
    expect(s.builder.methods).toEqual(DEFAULT_STATE.builder.methods);
    expect(s.builder.defaults).toBe(true);
    // Only the object survives, each bad field back at its default.
    expect(s.builder.routes).toEqual([{ ...DEFAULT_FIELDS, path: '', off: false, origins: '*' }]);
  });

  it('keeps at most 50 routes from a link', () => {
    const routes = Array.from({ length: 80 }, (_, i) => ({ path: `/r${i}/*` }));
    const s = decodeState(`#view=builder&s=${btoa(JSON.stringify({ builder: { routes } }))}`);
    expect(s.builder.routes.map((r) => r.path)).toEqual(routes.slice(0, 50).map((r) => r.path));
  });
});

describe('parseHeaderLines', () => {
  it.each([
    ['', []],
    ['Content-Type: application/json', [['Content-Type', 'application/json']]],
    [
      '  X-A:1 \n\nX-B: a: b',
      [
        ['X-A', '1'],
        ['X-B', 'a: b'],
      ],
    ],
  ])('reads %j', (input, lines) => {
    expect(parseHeaderLines(input)).toEqual({ ok: true, lines });
  });

  it.each(['no colon', ': value', 'Bad Name: x', 'X-(A): y'])('refuses %j', (input) => {
    expect(parseHeaderLines(input).ok).toBe(false);
  });
});

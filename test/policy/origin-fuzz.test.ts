// Differential fuzz of origin matching (issue 13 "Proof"): hundreds of thousands of seeded mutations of
// allowed origins (case, ports, dots, prefixes and suffixes, unicode, IDNA, userinfo, trailing dots,
// paths, whitespace, repeated values) go through the engine's matcher and through the reference model
// (test/policy/reference.ts: WHATWG URL and the options alone). They must agree on every one. Bounded
// by count, not by clock; the seed makes a failure reproducible.
import { describe, expect, it } from 'vitest';
import { type CorsOptions, createCors } from '../../src/index.js';
import { intendsOrigin } from './reference.js';

const POLICIES: readonly CorsOptions[] = [
  {
    origins: [
      'https://app.example.com',
      'https://admin.example.com:8443',
      'https://*.example.org',
      'https://*.api.example.net:*',
      'http://localhost:*',
      'http://127.0.0.1:3000',
      'http://[::1]:8080',
      'https://xn--bcher-kva.example',
      'https://app.example.com.',
    ],
  },
  {
    origins: [
      'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
      'moz-extension://2c127fa4-62c7-7e4f-90e5-472b45eecfdc',
      'capacitor://localhost',
      'tauri://localhost',
      'https://*.alice.github.io',
      'http://app.localhost:5173',
    ],
    credentials: true,
  },
];

/** mulberry32: a small seeded generator, so every run draws the same mutations. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = [
  '.',
  '-',
  '_',
  'x',
  'evil',
  'é',
  'ı',
  'ſ',
  'ｅ',
  '．',
  '。',
  '%2e',
  '\u200b',
  ' ',
  '\t',
  '@',
  ':',
  '/',
  '*',
  'EVIL',
];

type Mutation = (s: string, r: () => number) => string;
const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)]!;
const at = (s: string, r: () => number) => Math.floor(r() * (s.length + 1));
const hostStart = (s: string) => s.indexOf('//') + 2;

const MUTATIONS: readonly Mutation[] = [
  (s, r) => {
    const i = Math.floor(r() * s.length);
    const c = s[i] ?? '';
    return s.slice(0, i) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + s.slice(i + 1);
  },
  (s, r) => `${s}:${pick(['0', '1', '80', '443', '3000', '8080', '8443', '65535', '65536', '08080', ''], r)}`,
  (s) => s.replace(/:\d+$/, ''),
  (s) => `${s}.`,
  (s) => `${s}..`,
  (s, r) =>
    `${s}${pick(['.evil.com', '-evil.com', 'evil.com', '.com', '/', '/path', '?q', '#f', ', https://evil.com'], r)}`,
  (s, r) => {
    const h = hostStart(s);
    return `${s.slice(0, h)}${pick(['evil.', 'evil', 'a.b.', 'xn--', 'user@', 'user:pw@', '.', '*.'], r)}${s.slice(h)}`;
  },
  (s, r) => {
    const i = at(s, r);
    return s.slice(0, i) + pick(INSERTS, r) + s.slice(i);
  },
  (s, r) => {
    const dots = [...s.matchAll(/\./g)].map((m) => m.index ?? 0);
    if (dots.length === 0) return s;
    const i = pick(dots, r);
    return s.slice(0, i) + pick(['x', '-', '', '..', '．'], r) + s.slice(i + 1);
  },
  (s, r) => {
    const i = Math.floor(r() * s.length);
    return s.slice(0, i) + s.slice(i + 1);
  },
  (s) => s.replace(/^https:/, 'http:').replace(/^http:\/\/(?!.*https)/, 'https://'),
  (s, r) =>
    s.replace(
      /^[a-z-]+:/,
      pick(['https:', 'http:', 'wss:', 'HTTPS:', 'file:', 'capacitor:', 'chrome-extension:'], r),
    ),
  (s) => s.replace('xn--bcher-kva', 'bücher'),
  (s) => `${s}\u0000`,
  (s, r) => ` ${s}${pick([' ', '', '\n'], r)}`,
];

function mutate(seed: string, r: () => number): string {
  let s = seed;
  const n = 1 + Math.floor(r() * 3);
  for (let k = 0; k < n; k++) s = pick(MUTATIONS, r)(s, r);
  return s;
}

/**
 * A host with an `xn--` label that is not valid punycode: the URL parser (and so every browser) refuses
 * the URL, so no page sends it. The request-time matcher runs no IDNA (it is never needed for what a
 * browser sends), so on these the engine's answer does not matter.
 */
function unsendablePunycode(origin: string): boolean {
  if (!origin.includes('xn--')) return false;
  try {
    new URL(origin);
    return false;
  } catch {
    return /^[a-z][a-z0-9+.-]*:\/\/[a-z0-9_.-]+(:\d+)?$/.test(origin);
  }
}

const seedsOf = (o: CorsOptions): string[] =>
  (o.origins as string[]).map((e) => e.replace('*.', 'a.b.').replace(/:\*$/, ':4000'));

describe('origin matching agrees with the reference model (differential fuzz)', () => {
  it.each(POLICIES.map((p, i) => [i, p] as const))('policy %i: 150,000 seeded mutations', (i, options) => {
    const policy = createCors(options);
    const r = rng(0xc0ffee + i);
    const seeds = seedsOf(options);
    const disagreements: string[] = [];
    let allowed = 0;
    for (let k = 0; k < 150_000; k++) {
      const origin = mutate(pick(seeds, r), r);
      const engine = policy.allowsOrigin(origin) === true;
      if (engine) allowed++;
      const differs = engine !== intendsOrigin(options, origin) && !unsendablePunycode(origin);
      if (differs && disagreements.length < 5) disagreements.push(JSON.stringify(origin));
    }
    expect(disagreements).toEqual([]);
    // The mutations reach both sides of the decision, not only refusals.
    expect(allowed).toBeGreaterThan(1000);
  });
});

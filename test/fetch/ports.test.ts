import { describe, expect, it } from 'vitest';
import { chromium, firefox, spec } from '../../src/browser/index.js';
import { badPortOf, FETCH_BAD_PORTS } from '../../src/fetch/index.js';

describe('bad ports (Fetch Standard "port blocking")', () => {
  it.each([
    ['http://127.0.0.1:6000/', 6000],
    ['https://api.example.com:10080/x', 10080],
    ['http://example.com:25', 25],
    ['http://example.com/', null],
    ['https://example.com:443/', null],
    ['http://localhost:8080/', null],
    ['ftp://example.com:6000/', null],
  ])('%s → %s', (url, port) => {
    expect(badPortOf(url)).toBe(port);
  });

  it('the spec list has the 2024 additions; Chromium lacks them, Firefox and the spec profile have them', () => {
    expect(FETCH_BAD_PORTS.size).toBe(82);
    for (const p of [4190, 6679]) {
      expect(FETCH_BAD_PORTS.has(p)).toBe(true);
      expect(badPortOf(`http://h.example:${p}/`, chromium.badPorts)).toBeNull();
      expect(badPortOf(`http://h.example:${p}/`, firefox.badPorts)).toBe(p);
    }
    expect(spec.badPorts ?? FETCH_BAD_PORTS).toBe(FETCH_BAD_PORTS);
    expect([...FETCH_BAD_PORTS].filter((p) => !chromium.badPorts?.has(p))).toEqual([4190, 6679]);
  });
});

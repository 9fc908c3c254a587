// Every pasted message of test/fixtures/explain/: engine.json (generated from the engine's own
// templates, see generate.ts there) and real-world.json (lines as people pasted them in public
// questions and issues, older Chromium wordings, Safari lines, paraphrases, non-CORS lines).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePaste } from '../../src/browser/explain/text.js';
import { explainPaste } from '../../src/browser/explain.js';

interface Case {
  id: string;
  text: string;
  /** The failure reported, 'unknown' (not a CORS failure) or 'no-reason' (a failure, reason not stated). */
  code: string;
  more?: string[];
  /** Codes an ambiguous message must also list among its candidates. */
  candidates?: string[];
  expect?: Record<string, string | number | null>;
}

const load = (name: string): Case[] =>
  JSON.parse(readFileSync(new URL(`../fixtures/explain/${name}`, import.meta.url), 'utf8')) as Case[];
const corpus = [...load('engine.json'), ...load('real-world.json')];

describe('explain corpus', () => {
  it('holds at least 300 messages, each with a unique id', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    expect(new Set(corpus.map((c) => c.id)).size).toBe(corpus.length);
  });

  it.each(corpus.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const r = explainPaste(c.text);
    if (c.code === 'unknown') {
      expect(r.messages).toEqual([]);
      expect(r.reasonless).toEqual([]);
      return;
    }
    if (c.code === 'no-reason') {
      expect(r.messages).toEqual([]);
      expect(r.reasonless.length).toBeGreaterThan(0);
      if (c.expect) expect(r.reasonless[0]).toMatchObject(c.expect);
      return;
    }
    expect(r.messages.map((m) => m.code)).toEqual([c.code, ...(c.more ?? [])]);
    const m = r.messages[0];
    if (!m) return;
    // Every part the case states must be recognised as such, and every part it leaves out as null.
    for (const [k, v] of Object.entries(c.expect ?? {}))
      expect(m.recognised[k as keyof typeof m.recognised], k).toBe(v);
    for (const code of c.candidates ?? []) expect(m.candidates.map((x) => x.code)).toContain(code);
  });
});

describe('explain states nothing the paste does not', () => {
  // One test per case: a single loop over the corpus outlasts the per-test timeout under mutation.
  it.each(corpus.map((c) => [c.id, c] as const))(
    'every recognised URL, origin, method and header is in the pasted text: %s',
    (_id, c) => {
      const text = normalizePaste(c.text);
      for (const m of explainPaste(c.text).messages) {
        const { url, origin, method, header } = m.recognised;
        for (const v of [url, origin, method, header]) if (v !== null) expect(text, c.id).toContain(v);
        if (m.recognised.status !== null) expect(text, c.id).toContain(String(m.recognised.status));
      }
    },
  );

  const whole = corpus.filter((c) => c.id.startsWith('chromium/fetch/') && c.id.endsWith('/full'));
  it('re-wrapping, re-quoting and DevTools prefixes do not change the failure', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...whole),
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.boolean(),
        fc.constantFrom('', 'index.html:1 ', '[Error] ', 'main.js:12 ', 'VM123:1 '),
        (c, breaks, curly, prefix) => {
          let text = curly ? c.text.replace(/'([^']*)'/g, '‘$1’') : c.text;
          // Break lines where spaces are, as a narrow console or a chat does.
          for (const b of breaks) {
            const spaces = [...text.matchAll(/ /g)].map((m) => m.index ?? 0);
            const at = spaces[b % Math.max(1, spaces.length)];
            if (at !== undefined) text = `${text.slice(0, at)}\n${text.slice(at + 1)}`;
          }
          const m = explainPaste(prefix + text).messages;
          expect(m.map((x) => x.code)).toEqual([c.code]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

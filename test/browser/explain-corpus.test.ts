// Every pasted message of test/fixtures/explain/: engine.json (generated from the engine's own
// templates, see generate.ts there) and real-world.json (lines as people pasted them in public
// questions and issues, older Chromium wordings, Safari lines, paraphrases, non-CORS lines).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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

// docs/origin.md's table of extension and app-shell platforms is the list the strict parser knows
// (APP_ORIGIN_PLATFORMS): the same schemes, in the same order, each row naming who sends it.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { APP_ORIGIN_PLATFORMS } from '../../src/origin/app-origin.js';

it('docs/origin.md lists every app-origin platform, in order, with who sends it', () => {
  const doc = readFileSync(new URL('../../docs/origin.md', import.meta.url), 'utf8');
  const rows = [...doc.matchAll(/^\| `([a-z-]+):\/\/[^`]*` \| ([^|]+) \|/gm)].map((m) => ({
    scheme: m[1],
    sentBy: m[2]?.trim(),
  }));
  expect(rows.map((r) => r.scheme)).toEqual(APP_ORIGIN_PLATFORMS.map((p) => p.scheme));
  for (const [i, p] of APP_ORIGIN_PLATFORMS.entries()) {
    expect(rows[i]?.sentBy, p.scheme).toContain(p.sentBy.split(' (')[0]);
  }
});

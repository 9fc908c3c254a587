// The HTTP benchmark (bench/http.ts) run for real, as small as it goes: node:http's six servers on
// loopback, the load generator (autocannon in its own process), two rounds of short slices. No timed
// assertions: what is checked is that every server is measured on what its figures are used for, that
// each figure comes from a slice that completed requests without errors, and how the run is reported,
// never how large a figure is.
import { describe, expect, it } from 'vitest';
import { checkHeadersOverHttp, type HttpCell, KINDS, KINDS_OF, runHttp } from '../../bench/http.js';
import { httpSection, targetsSection } from '../../bench/report.js';
import { FRAMEWORKS, variantsOf } from '../../bench/scenarios.js';

describe('a real HTTP run on node:http', () => {
  const log: string[] = [];
  // Two rounds, so that a cell gathers one slice per round (and the order of the variants rotates).
  const run = runHttp({
    seconds: 0.2,
    warmupSeconds: 0.2,
    rounds: 2,
    frameworks: ['node'],
    log: (s) => log.push(s),
  });

  it('keeps, for every variant, one slice per round of each kind its figures are used for', async () => {
    const cells = await run;
    const kindsOf = (v: string) => cells.filter((c) => c.variant === v).map((c) => c.kind);
    for (const v of variantsOf('node')) expect(kindsOf(v).sort()).toEqual([...KINDS_OF[v]].sort());
    expect(cells).toHaveLength(variantsOf('node').reduce((n, v) => n + KINDS_OF[v].length, 0));
    for (const c of cells) {
      expect(c.framework).toBe('node');
      expect(c.slices).toHaveLength(2);
      for (const s of c.slices) {
        // Every request answered (a refused origin gets 200 without CORS headers on this route).
        expect(s).toMatchObject({ errors: 0, non2xx: 0 });
        expect(s.requests).toBeGreaterThan(0);
        expect(s.rps).toBeGreaterThan(0);
        // A slice lasts what it was asked for, not up to autocannon's next one-second tick (0.2 s here;
        // the bound leaves room for a loaded machine).
        expect(s.requests / s.rps).toBeLessThan(0.9);
        // The server's own CPU time over the slice, per request: positive and finite.
        expect(Number.isFinite(s.cpuUs) && s.cpuUs > 0).toBe(true);
      }
    }
  }, 180_000);

  it('checks headers only against corsair before measuring, and says how the processes are pinned', async () => {
    await run;
    expect(log.filter((l) => l.includes('headers only and corsair both answer'))).toHaveLength(4);
    expect(log[0]).toMatch(/^HTTP: (server pinned to core 0|NOT pinned)/);
    expect(log).toContain('  node: round 2 of 2 done');
  }, 180_000);

  it('reports a row per request kind with every column filled, and judges the HTTP goals', async () => {
    const cells: HttpCell[] = await run;
    const lines = httpSection(cells, { seconds: 0.2, rounds: 2, pin: 'pinned' });
    const rows = lines.filter((l) => l.startsWith('| node (cors) |'));
    expect(rows).toHaveLength(KINDS.length);
    const ratio = /^\d+\.\d\d \(\d+\.\d\d–\d+\.\d\d\)$/;
    for (const row of rows) {
      const cols = row.split(' | ');
      expect(cols[2]).toMatch(ratio); // corsair ratio
      expect(cols[7]).toMatch(ratio); // peer ratio
    }
    expect(lines.join('\n')).not.toContain('Errors or non-2xx');
    const targets = targetsSection([], cells).filter((l) => l.includes('| HTTP (pinned core) |'));
    expect(targets.length).toBeGreaterThanOrEqual(4);
    for (const t of targets) expect(t).toMatch(/\| (met|\*\*missed\*\*) \|$/);
  }, 180_000);
});

// The headers-only variant is a cost comparison only if it sends what corsair sends: every framework's,
// for every request kind (a refused origin and no Origin get `Vary: Origin` alone), over real HTTP.
describe('headers only answers as corsair in every framework', () => {
  for (const fw of FRAMEWORKS.filter((f) => f !== 'node'))
    it(fw, async () => {
      const log: string[] = [];
      await checkHeadersOverHttp(fw, (s) => log.push(s));
      expect(log.map((l) => l.split(' with ')[0])).toEqual(
        KINDS.map((k) => `  ${fw}: headers only and corsair both answer ${k}`),
      );
      expect(log.find((l) => l.includes('refused'))).toMatch(/ with 200 vary: Origin$/);
    }, 60_000);
});

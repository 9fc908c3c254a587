// The 20-route rows of `npm run bench`: the per-call scenarios take the routes their names say, and the
// report judges the routes goal on what routing adds per request (per call) and on the '20 routes ÷
// corsair' ratios (per method). No timed assertions: chosen figures in, rendered lines out.
import { describe, expect, it } from 'vitest';
import { type DecisionResult, medianResult, SCENARIOS } from '../../bench/decisions.js';
import type { CpuCell, RequestKind } from '../../bench/http.js';
import { perCallSection, targetsSection } from '../../bench/report.js';
import { OPTIONS, ROUTED, type Variant } from '../../bench/scenarios.js';
import { createCors, type Decision } from '../../src/index.js';

function decision(scenario: string, extra: Partial<DecisionResult> = {}): DecisionResult {
  return {
    scenario,
    corsairEngine: 20,
    corsairNode: 500,
    cors: 2000,
    fakes: 15,
    writes: 450,
    realCorsairNode: 1000,
    realCors: 2000,
    realWrites: 800,
    realAlone: 500,
    honoBareApp: 8000,
    honoWithCorsair: 8500,
    honoWithHonoCors: 20000,
    ...extra,
  };
}

const PLAIN = decision('actual, allowed (1 origin)');
const LAST = decision('20 routes, last route', { routesAdd: { engine: 60, node: 75 } });
const ESCAPED = decision('20 routes, percent-escaped path', { routesAdd: { engine: 6000, node: 5900 } });

describe('one scenario measured by several processes', () => {
  it('takes the median of every figure over the processes, the routes too', () => {
    const a = decision('s', { corsairNode: 900, cors: 1000, routesAdd: { engine: 5, node: 50 } });
    const b = decision('s', { corsairNode: 300, cors: 4000, routesAdd: { engine: 9, node: 10 } });
    const c = decision('s', { corsairNode: 600, cors: 2000, routesAdd: { engine: 7, node: 30 } });
    const m = medianResult([a, b, c]);
    expect(m).toEqual(decision('s', { corsairNode: 600, cors: 2000, routesAdd: { engine: 7, node: 30 } }));
    expect(medianResult([PLAIN, PLAIN, PLAIN])).toEqual(PLAIN);
    expect('routesAdd' in medianResult([PLAIN])).toBe(false);
    // Two processes: the mean of the two, not the slower one.
    expect(medianResult([a, b]).corsairNode).toBe(600);
    expect(medianResult([a, b]).routesAdd).toEqual({ engine: 7, node: 30 });
  });
});

describe('the per-call rows', () => {
  it('show what routing adds to the engine and the middleware, and a dash where there are no routes', () => {
    const lines = perCallSection([PLAIN, LAST], 3);
    expect(lines.find((l) => l.startsWith('| 20 routes, last route |'))).toMatch(/ \| \+60 ns, \+75 ns \|$/);
    expect(lines.find((l) => l.startsWith('| actual, allowed (1 origin) |'))).toMatch(/ \| — \|$/);
    const noisy = decision('20 routes, no route', { routesAdd: { engine: -3, node: 12 } });
    expect(perCallSection([noisy], 3).find((l) => l.startsWith('| 20 routes'))).toMatch(
      / \| −3 ns, \+12 ns \|$/,
    );
  });

  it('a middleware cost at or below 0 (noise around nothing) reads as nothing measurable, not a ratio', () => {
    const free = decision('preflight, disallowed (1 origin)', { corsairNode: -4, realCorsairNode: -10 });
    const rows = perCallSection([free], 3).filter((l) => l.startsWith('| preflight, disallowed'));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toContain('| corsair: nothing measurable |');
    for (const row of rows) expect(row).not.toMatch(/-\d+(\.\d+)?x/);
    const ten = targetsSection([free, PLAIN, LAST], []).find((l) => l.includes('10x faster'));
    expect(ten).toContain('worst on fakes: 4.0x (actual, allowed (1 origin))');
  });

  it('judge the goal on the engine figure against Hono’s own per-request cost: at most 1%', () => {
    const met = targetsSection([PLAIN, LAST], []).find((l) => l.includes('| per call (added'));
    expect(met).toContain('20 routes, last route +60 ns (middleware +75 ns); worst 0.8% of Hono');
    expect(met).toMatch(/\| met \|$/);
    // 81 ns is just above 1% of 8 µs.
    const over = decision('20 routes, no route', { routesAdd: { engine: 81, node: 70 } });
    expect(targetsSection([over], []).find((l) => l.includes('| per call (added'))).toMatch(
      /above 1%: 20 routes, no route \| \*\*missed\*\* \|$/,
    );
    const missed = targetsSection([PLAIN, LAST, ESCAPED], []).find((l) => l.includes('| per call (added'));
    expect(missed).toContain("worst 75.0% of Hono's 8.00 µs");
    expect(missed).toMatch(/above 1%: 20 routes, percent-escaped path \| \*\*missed\*\* \|$/);
  });

  it('divides by the median of the scenarios’ bare Hono figures, not by one row’s own', () => {
    // One process's draw read Hono at 4 µs in the routed row: 60 ns is 1.5% of that, 0.75% of the median.
    const low = decision('20 routes, last route', { routesAdd: { engine: 60, node: 75 }, honoBareApp: 4000 });
    const row = targetsSection([PLAIN, low, decision('x')], []).find((l) => l.includes('| per call (added'));
    expect(row).toContain("worst 0.8% of Hono's 8.00 µs (the median over the scenarios)");
    expect(row).toMatch(/\| met \|$/);
  });

  it('without route scenarios there is no routes row', () => {
    expect(targetsSection([PLAIN], []).some((l) => l.includes('per-path routes'))).toBe(false);
  });
});

/** HTTP cells of one framework: CPU µs per request in each round, per variant, actual and preflight. */
function cells(us: Partial<Record<Variant, number[]>>): CpuCell[] {
  return Object.entries(us).flatMap(([v, rounds]) =>
    (['actual', 'preflight'] as RequestKind[]).map((kind) => ({
      framework: 'node' as const,
      variant: v as Variant,
      kind,
      slices: rounds!.map((cpuUs) => ({ cpuUs, requests: 1, rps: 1, non2xx: 0, errors: 0 })),
    })),
  );
}

describe('the routes ratio per method', () => {
  it('is 20 routes ÷ corsair without them, round by round, met at ≥ 0.97', () => {
    const row = (c: CpuCell[]) => targetsSection([], c).find((l) => l.includes('20 routes ÷ corsair'));
    const cheap = row(cells({ bare: [10, 10, 10], corsair: [10.2, 10.2, 10.2], routes: [10.2, 10.3, 10.4] }));
    expect(cheap).toContain(
      '| HTTP (pinned core) | node actual 0.99 (0.98–1.00), node preflight 0.99 (0.98–1.00)',
    );
    expect(cheap).toMatch(/\| met \|$/);
    const costly = row(cells({ bare: [10, 10], corsair: [10, 10], routes: [11, 11] }));
    expect(costly).toContain('node actual 0.91 (0.91–0.91)');
    expect(costly).toMatch(/\| \*\*missed\*\* \|$/);
  });
});

describe('the per-call route scenarios measure what their names say', () => {
  const routed = createCors(ROUTED);
  const plain = createCors(OPTIONS);
  const scenarios = SCENARIOS.filter((s) => s.withoutRoutes !== undefined);
  // Each route's policy differs from the defaults only in its max age: 600 + the route's index.
  const maxAge = (target: string) =>
    (routed.decideValues('OPTIONS', 'https://app.example.com', 'PUT', null, target) as Decision).headers.find(
      ([n]) => n === 'Access-Control-Max-Age',
    )?.[1];

  it('every routed scenario takes the route its name says: the last one (max age 619) or none (600)', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(4);
    for (const s of scenarios) {
      expect(s.corsair).toBe(ROUTED);
      expect(s.withoutRoutes).toBe(OPTIONS);
      expect(maxAge(s.url!), s.name).toBe(s.name.includes('no route') ? '600' : '619');
    }
  });

  it('with and without routes the answer is the same (a like-for-like comparison)', () => {
    for (const s of scenarios) {
      const h = s.headers;
      const args = [
        s.method,
        h.origin,
        h['access-control-request-method'],
        h['access-control-request-headers'],
      ];
      const a = routed.decideValues(...(args as [string, string, string, string]), s.url) as Decision;
      const b = plain.decideValues(...(args as [string, string, string, string]), s.url) as Decision;
      const noAge = (d: Decision) => d.headers.filter(([n]) => n !== 'Access-Control-Max-Age');
      expect(noAge(a), s.name).toEqual(noAge(b));
      expect(a.varyValue).toBe(b.varyValue);
    }
  });
});

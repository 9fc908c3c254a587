// The reproduction behind the upstream reports (bench/upstream/): a comparison is only fair if every
// variant of a framework sends the same answer but for the three lines, and if the "framework" and "raw"
// variants really send them. Checked on the bytes node serialized. The measuring loop runs once, small;
// what it measures is never asserted (no timed tests).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a standalone .mjs script without types, kept so for maintainers to run as it is
import { appOf, LINES, measure, sent, VARIANTS } from '../../bench/upstream/headers.mjs';

type Listener = (req: unknown, res: unknown) => void;
const THREE = (LINES as [string, string][]).map(([n, v]) => `${n}: ${v}`.toLowerCase());

/** Status line, the header lines (lowercased, no Date), and the body. */
function parts(raw: string) {
  const [head, body] = raw.split('\r\n\r\n');
  const [status, ...lines] = head!.split('\r\n');
  return { status, lines: lines.map((l) => l.toLowerCase()).filter((l) => !l.startsWith('date:')), body };
}

const variants = VARIANTS as Record<string, string[]>;

describe.each(Object.keys(variants))('%s', (framework) => {
  it('every variant answers 200 ok; framework and raw add exactly the three lines, the others none', async () => {
    const bare = parts(await sent((await appOf(framework, 'bare')) as Listener));
    expect(bare.status).toBe('HTTP/1.1 200 OK');
    expect(bare.body).toBe('ok');
    for (const line of THREE) expect(bare.lines).not.toContain(line);
    for (const v of variants[framework]!) {
      const got = parts(await sent((await appOf(framework, v)) as Listener));
      const adds = v === 'framework' || v === 'raw';
      expect(got.status, v).toBe(bare.status);
      expect(got.body, v).toBe(bare.body);
      const others = got.lines.filter((l) => !THREE.includes(l));
      expect(others.sort(), v).toEqual([...bare.lines].sort());
      expect(got.lines.filter((l) => THREE.includes(l)).sort(), v).toEqual(adds ? [...THREE].sort() : []);
    }
  });
});

describe('the measuring loop', () => {
  it('reports CPU microseconds per request from batches that all ended', async () => {
    const us = await measure((await appOf('koa', 'framework')) as Listener, 4, 10);
    expect(Number.isFinite(us) && us > 0).toBe(true);
  });

  it('refuses an unknown framework or variant', async () => {
    await expect(appOf('node', 'framework')).rejects.toThrow(/unknown: node framework/);
    await expect(appOf('rails', 'bare')).rejects.toThrow(/unknown/);
  });

  it('runs as a script: one figure, or the bytes sent with --check', () => {
    const script = new URL('../../bench/upstream/headers.mjs', import.meta.url).pathname;
    const figure = execFileSync(process.execPath, [script, 'node', 'raw'], {
      env: { ...process.env, BATCHES: '4' },
    });
    expect(String(figure).trim()).toMatch(/^\d+\.\d{3}$/);
    const bytes = String(execFileSync(process.execPath, [script, 'hono', 'raw', '--check']));
    expect(parts(bytes).lines).toEqual(expect.arrayContaining(THREE));
  });
});

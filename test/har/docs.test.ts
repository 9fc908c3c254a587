// docs/har.md: every fence runs. `sh` fences run in a scratch folder with `corsair` (the built CLI) on
// PATH, against HARs made here and a live loopback server for --probe; a `text` fence right after an
// `sh` fence is that command's exact output (CORSAIR_UPDATE_GOLDEN=1 rewrites it); `ts` fences run with
// the package's import rewritten to src/. A fence that cannot run says `not-runnable: <reason>`.
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devtoolsEntry, devtoolsHar } from './fixtures.js';
import { listen, type Running } from './pages.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DOC = join(ROOT, 'docs/har.md');
const APP = 'https://app.example.com';
const API = 'https://api.example.com';

interface Fence {
  readonly lang: string;
  readonly info: string;
  readonly body: string;
  /** Offsets of the body in the document (for rewriting a transcript). */
  readonly start: number;
  readonly end: number;
}

function fences(doc: string): Fence[] {
  const out: Fence[] = [];
  const re = /^```([^\n]*)\n([\s\S]*?)^```$/gm;
  for (let m = re.exec(doc); m; m = re.exec(doc)) {
    const info = m[1]!.trim();
    const start = m.index + 3 + m[1]!.length + 1;
    out.push({ lang: info.split(/\s+/)[0] ?? '', info, body: m[2]!, start, end: start + m[2]!.length });
  }
  return out;
}

/** The HAR the transcript shows: an allowed GET, a refused preflight, and a failure without its response. */
function pageHar(): string {
  const o = { Origin: APP, Referer: `${APP}/` };
  return devtoolsHar([
    devtoolsEntry({
      url: `${APP}/`,
      resourceType: 'document',
      requestHeaders: { 'Sec-Fetch-Dest': 'document' },
    }),
    devtoolsEntry({
      url: `${API}/items`,
      requestHeaders: o,
      responseHeaders: { 'Access-Control-Allow-Origin': '*' },
      at: 20,
    }),
    devtoolsEntry({
      method: 'OPTIONS',
      url: `${API}/items/7`,
      resourceType: 'preflight',
      requestHeaders: {
        ...o,
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'content-type',
      },
      status: 204,
      responseHeaders: {
        'Access-Control-Allow-Origin': APP,
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Allow-Headers': 'content-type',
      },
      at: 40,
    }),
    devtoolsEntry({
      method: 'PUT',
      url: `${API}/items/7`,
      requestHeaders: { 'Content-Type': 'application/json', Referer: `${APP}/` },
      status: 0,
      error: 'net::ERR_FAILED',
      at: 41,
    }),
    devtoolsEntry({
      url: `${API}/me`,
      requestHeaders: { Referer: `${APP}/` },
      status: 0,
      error: 'net::ERR_FAILED',
      at: 60,
    }),
  ]);
}

/** A Playwright-shaped HAR of a page on `page` calling the live `api`: one allowed, one blocked without its response. */
function e2eHar(page: string, api: string): string {
  const entry = (path: string, blocked: boolean, at: number) => {
    const e = devtoolsEntry({
      url: `${api}${path}`,
      requestHeaders: blocked
        ? { Referer: `${page}/` }
        : { Origin: page, Referer: `${page}/`, 'Sec-Fetch-Mode': 'cors' },
      status: blocked ? -1 : 200,
      responseHeaders: blocked ? {} : { 'Access-Control-Allow-Origin': '*' },
      at,
    }) as { response: Record<string, unknown> };
    if (blocked) e.response._failureText = 'net::ERR_FAILED';
    return e;
  };
  return JSON.stringify({
    log: {
      version: '1.2',
      creator: { name: 'Playwright', version: '1.65.1' },
      browser: { name: 'chromium', version: '156.0.0.0' },
      pages: [{ id: 'page@1', title: 'app', startedDateTime: '2026-01-01T00:00:00.000Z' }],
      entries: [entry('/public', false, 0), entry('/private', true, 10)],
    },
  });
}

const dir = mkdtempSync(join(tmpdir(), 'corsair-har-docs-'));
let api: Running;
const TSX = import.meta.resolve('tsx');

function sh(command: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(
      'bash',
      ['-o', 'pipefail', '-c', command],
      {
        cwd: dir,
        env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}`, NO_COLOR: '1' },
        timeout: 60_000,
      },
      (err, stdout, stderr) =>
        res({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  api = await listen((req, res) => {
    if (req.url === '/public') res.setHeader('Access-Control-Allow-Origin', '*');
    res.end('{}');
  }, 'localhost');
  mkdirSync(join(dir, 'bin'));
  writeFileSync(
    join(dir, 'bin/corsair'),
    `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'dist/cli/main.js')}" "$@"\n`,
  );
  chmodSync(join(dir, 'bin/corsair'), 0o755);
  writeFileSync(join(dir, 'page.har'), pageHar());
  writeFileSync(join(dir, 'e2e.har'), e2eHar('http://127.0.0.1:9', api.origin));
});

afterAll(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('docs/har.md', () => {
  const doc = readFileSync(DOC, 'utf8');
  const all = fences(doc);

  it('marks every fence it cannot run, with a reason', () => {
    for (const f of all) {
      if (f.info.includes('not-runnable')) expect(f.info, f.body).toMatch(/not-runnable: \S.{5,}/);
      else
        expect(['sh', 'ts', 'text'], `a \`${f.lang}\` fence: run it here or mark it not-runnable`).toContain(
          f.lang,
        );
    }
    expect(all.filter((f) => f.lang === 'sh' && !f.info.includes('not-runnable')).length).toBeGreaterThan(4);
  });

  const runnable = all
    .map((f, i) => [i, f] as const)
    .filter(([, f]) => !f.info.includes('not-runnable') && f.lang !== 'text');
  it.each(runnable.map(([i, f]) => [f.body.trim().split('\n')[0]!, i] as const))(
    'runs: %s',
    async (_label, i) => {
      const f = all[i]!;
      if (f.lang === 'sh') {
        const r = await sh(f.body);
        expect(r.stderr).toBe('');
        expect([0, 1], `exit ${r.code}`).toContain(r.code);
        const next = all[i + 1];
        if (next?.lang === 'text' && doc.slice(f.end, next.start).trim() === '```\n\n```text'.trim()) {
          if (process.env.CORSAIR_UPDATE_GOLDEN === '1') {
            const current = readFileSync(DOC, 'utf8');
            writeFileSync(DOC, current.replace(next.body, r.stdout));
          } else expect(r.stdout).toBe(next.body);
        }
        return;
      }
      const file = join(dir, `snippet-${i}.mts`);
      writeFileSync(file, f.body.replaceAll("'corsair-cors/audit'", `'${join(ROOT, 'src/audit/index.ts')}'`));
      const r = await sh(`"${process.execPath}" --import ${TSX} ${file}`);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('https://api.example.com/items/7 MethodDisallowedByPreflightResponse');
    },
  );

  it('--probe completes what the Playwright HAR lacks', async () => {
    const r = await sh('corsair har e2e.har --probe --json');
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ crossOrigin: 2, blocked: 1, unknown: 0, probed: 1 });
    expect(report.requests[1].check.error.code).toBe('MissingAllowOriginHeader');
  });
});

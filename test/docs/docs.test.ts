// Every fenced code block of README.md and docs/*.md runs, or says why it cannot (`not-runnable:`).
// TypeScript/JavaScript snippets are type-checked and run against the built package; `corsair`
// transcripts are replayed against loopback servers and their output compared; policy files are parsed.
// Fences owned by other tests: a fence marked `run-by: <test file>`, docs/generate.md's generated section (test/generate/docs.test.ts) and
// examples/ files shown verbatim (test/edge/docs.test.ts, run by the edge suites).
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicyFile } from '../../src/policy/index.js';
import { run } from '../cli/run.js';
import { DOC_OWNERS, docFiles, type Fence, parseFences, ROOT, runnerOf } from './fences.js';
import { startTranscriptServers, TRANSCRIPT_POLICY, type TranscriptServers } from './servers.js';
import {
  readResults,
  removeSnippets,
  runnerScript,
  type SnippetFile,
  typeCheckCommand,
  writeSnippets,
} from './snippets.js';
import { matchesShown, parseTranscript, type Step, updateTranscript } from './transcripts.js';

const exec = promisify(execFile);
/** CORSAIR_UPDATE_DOCS=1 rewrites transcript outputs shown in full (not those elided with …). */
const UPDATE = process.env.CORSAIR_UPDATE_DOCS === '1';
const FENCES = docFiles().flatMap((f) => parseFences(f));
const where = (f: Fence) => `${f.file}:${f.line}`;
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, unknown>;
};

describe('every fence in README.md and docs/', () => {
  it('is run by a test, or marked `not-runnable: <reason>`', () => {
    const orphans = FENCES.filter((f) => runnerOf(f) === null).map(
      (f) => `${where(f)} \`\`\`${f.info || '(no language)'}`,
    );
    expect(
      orphans,
      'runnable but not run: make it run, or add `not-runnable: <reason>` after the language',
    ).toEqual([]);
    const unexplained = FENCES.filter((f) => f.notRunnable !== null && f.notRunnable.split(/\s+/).length < 2);
    expect(unexplained.map(where), '`not-runnable:` needs a reason of a few words').toEqual([]);
  });

  it('is owned, when another test runs a doc, by a test that exists', () => {
    for (const test of Object.values(DOC_OWNERS)) expect(existsSync(join(ROOT, test)), test).toBe(true);
    for (const f of FENCES.filter((x) => x.runBy !== null))
      expect(existsSync(join(ROOT, f.runBy as string)), `${f.file}:${f.line} run-by`).toBe(true);
  });

  it('imports only entry points the package exports, by the package name', () => {
    const bad: string[] = [];
    for (const f of FENCES) {
      for (const m of f.body.matchAll(/from '(corsair[^']*)'|npm:(corsair[^@"]*)@[^/"]*(\/[^"]*)?/g)) {
        const [name, sub] = m[1]
          ? [m[1].split('/')[0], m[1].split('/').slice(1).join('/')]
          : [m[2], (m[3] ?? '').slice(1)];
        const subpath = sub ? `./${sub}` : '.';
        if (name !== PACKAGE.name || !(subpath in PACKAGE.exports)) bad.push(`${where(f)}: ${m[0]}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('policy files shown in the docs', () => {
  const policies = FENCES.filter((f) => runnerOf(f) === 'policy');
  it.each(policies.map((f) => [where(f), f] as const))('%s is a valid policy file', (_w, f) => {
    expect(() => parsePolicyFile(f.body, where(f))).not.toThrow();
  });
});

describe('TypeScript and JavaScript snippets', () => {
  const fences = FENCES.filter((f) => runnerOf(f) === 'snippet');
  let files: SnippetFile[] = [];
  let tscOutput = '';
  let results: { path: string; error: string | null }[] = [];
  let servers: TranscriptServers | undefined;

  beforeAll(async () => {
    // docs/cli.md's corsair-cors/audit example talks to the transcripts' servers.
    servers = await startTranscriptServers();
    const live = servers.ports;
    files = writeSnippets(fences, (src) =>
      src.replace(/127\.0\.0\.1:(808[1-4])\b/g, (_m, p: string) => `127.0.0.1:${live.get(Number(p))}`),
    );
    const resultFile = join(mkdtempSync(join(tmpdir(), 'corsair-docs-results-')), 'results.json');
    const script = join(ROOT, '.docs-run', 'run.mjs');
    writeFileSync(script, runnerScript(files, resultFile, 20_000));
    const [tsc, tscArgs] = typeCheckCommand();
    await Promise.all([
      exec(tsc, tscArgs, { cwd: ROOT, timeout: 240_000 }).then(
        () => undefined,
        (e: { stdout?: string; message: string }) => {
          tscOutput = e.stdout || e.message;
        },
      ),
      exec(process.execPath, ['--import', 'tsx', script], {
        cwd: ROOT,
        timeout: 240_000,
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, NO_COLOR: '1' },
      }),
    ]);
    results = readResults(resultFile);
  }, 300_000);

  afterAll(() => {
    servers?.close();
    removeSnippets();
  });

  it('type-check (strict) against the package’s published types', () => {
    const errors = tscOutput
      .split('\n')
      .filter((l) => /error TS\d+/.test(l))
      .map((l) => {
        const file = files.find((f) => l.includes(relative(ROOT, f.path)) || l.includes(f.path));
        return file
          ? `${where(file.fence)} (snippet line ${/\((\d+),/.exec(l)?.[1]}): ${l.replace(/^[^:]*: /, '')}`
          : l;
      });
    expect(errors).toEqual([]);
  });

  it.each(fences.map((f) => [where(f), f] as const))('%s runs, and gives the values it shows', (_w, f) => {
    const file = files.find((s) => s.fence === f);
    const result = results.find((r) => r.path === file?.path);
    expect(result, 'the runner did not report on this snippet').toBeDefined();
    expect(result?.error ?? null).toBeNull();
  });
});

describe('`corsair` transcripts', () => {
  const steps = FENCES.filter((f) => runnerOf(f) === 'transcript').flatMap((f) =>
    parseTranscript(f.file, f.body).map((s) => [`${where(f)} $ ${s.shown.slice(0, 90)}`, s] as const),
  );
  let servers: TranscriptServers;
  let cwd = '';

  beforeAll(async () => {
    servers = await startTranscriptServers();
    cwd = mkdtempSync(join(tmpdir(), 'corsair-docs-transcripts-'));
    writeFileSync(join(cwd, 'cors.json'), `${JSON.stringify(TRANSCRIPT_POLICY, null, 2)}\n`);
  });
  afterAll(() => {
    servers?.close();
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  /** The shown ports → the ports listened on, and back for the output. */
  function toLive(s: string): string {
    return s.replace(
      /127\.0\.0\.1:(808[1-4])\b/g,
      (_m, p: string) => `127.0.0.1:${servers.ports.get(Number(p))}`,
    );
  }
  function toShown(s: string): string {
    let out = s;
    for (const [shown, live] of servers.ports)
      out = out.replaceAll(`127.0.0.1:${live}`, `127.0.0.1:${shown}`);
    return out;
  }

  it.each(steps)('%s', async (_name, step: Step) => {
    const r = await run(
      step.argv.map((a) => toLive(a)),
      cwd,
    );
    const output = toShown(`${r.stdout}${r.stderr}`).trimEnd();
    if (UPDATE && step.output !== '' && !step.output.includes('…')) updateTranscript(step, output, r.code);
    if (step.exit !== null) expect(r.code, output).toBe(step.exit);
    else expect(r.code, output).toBe(0);
    if (step.output !== '')
      expect(output).toSatisfy((o: string) => matchesShown(o, step.output), step.output);
  });
});

describe("README's Quick start", () => {
  it("`npm start` prints npm's script banners, then `corsair ui: <url>` as the first line of its own", async () => {
    // --ignore-scripts skips prestart's build (the suite built dist/ already; a rebuild would race other
    // tests) and still runs `start` itself.
    const child = spawn('npm', ['start', '--ignore-scripts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', NO_COLOR: '1', npm_config_update_notifier: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    try {
      await new Promise<void>((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`no URL in 30 s: ${out}`)), 30_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (/corsair ui: .*\n/.test(out)) {
            clearTimeout(timer);
            done();
          }
        });
        child.on('exit', (code) => fail(new Error(`npm start exited with ${code}: ${out}`)));
      });
    } finally {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    }
    const own = out.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('> '));
    expect(out).toMatch(/^\s*> corsair-cors@\S+ start\n/);
    expect(own[0]).toMatch(/^corsair ui: http:\/\/127\.0\.0\.1:\d+\/$/);
  }, 60_000);
});

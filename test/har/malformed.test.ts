// Malformed HARs, made by hand as people break them: each is a coded HAR_* error, exit 2, one line on
// stderr, nothing on stdout, no stack; 200 MB files are read in bounded memory.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { HarError, readHar } from '../../src/audit/har/index.js';
import { run } from '../cli/run.js';
import { devtoolsEntry, devtoolsHar } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'corsair-har-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ok = devtoolsEntry({
  url: 'https://api.example.com/x',
  requestHeaders: { Origin: 'https://app.example.com' },
});
interface Mutable {
  request: Record<string, unknown>;
  response: Record<string, unknown>;
  [key: string]: unknown;
}
const withEntry = (patch: (e: Mutable) => void) => {
  const e = structuredClone(ok) as unknown as Mutable;
  patch(e);
  return devtoolsHar([e]);
};

const CASES: [string, string | Buffer, string, RegExp][] = [
  ['empty file', '', 'HAR_EMPTY', /empty/],
  ['only whitespace', ' \n\t ', 'HAR_EMPTY', /empty/],
  ['binary junk', Buffer.from([0, 1, 2, 0xff, 0xfe, 7, 8]), 'HAR_NOT_JSON', /binary data/],
  ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'HAR_NOT_JSON', /binary data/],
  ['a ZIP archive', Buffer.from('PK\x03\x04page.har'), 'HAR_NOT_JSON', /ZIP/],
  ['UTF-16 text', Buffer.from('\ufeff{"log":{}}', 'utf16le'), 'HAR_NOT_JSON', /UTF-16/],
  ['plain text', 'GET /api HTTP/1.1', 'HAR_NOT_JSON', /text starting with 'G'/],
  ['broken JSON', '{"log": {"entries": [}', 'HAR_NOT_JSON', /near byte/],
  ['a broken gzip', Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6]), 'HAR_NOT_JSON', /gzip/],
  ['cut short', devtoolsHar([ok]).slice(0, 300), 'HAR_TRUNCATED', /cut short/],
  ['a JSON array', '[{"log": {}}]', 'HAR_NOT_HAR', /array/],
  ['JSON without log', '{"entries": []}', 'HAR_NOT_HAR', /no "log"/],
  ['log is an array', '{"log": []}', 'HAR_WRONG_TYPE', /^log is an array/],
  [
    'no entries',
    '{"log": {"version": "1.2", "creator": {"name": "x", "version": "1"}}}',
    'HAR_MISSING_FIELD',
    /log\.entries is missing/,
  ],
  ['entries is an object', '{"log": {"entries": {}}}', 'HAR_WRONG_TYPE', /log\.entries is an object/],
  ['entry is a string', '{"log": {"entries": ["GET /"]}}', 'HAR_WRONG_TYPE', /log\.entries\[0\] is a string/],
  [
    'no request',
    withEntry((e) => Reflect.deleteProperty(e, 'request')),
    'HAR_MISSING_FIELD',
    /log\.entries\[0\]\.request is missing/,
  ],
  [
    'no response',
    withEntry((e) => Reflect.deleteProperty(e, 'response')),
    'HAR_MISSING_FIELD',
    /log\.entries\[0\]\.response is missing/,
  ],
  ['no url', withEntry((e) => delete e.request.url), 'HAR_MISSING_FIELD', /request\.url is missing/],
  ['no method', withEntry((e) => delete e.request.method), 'HAR_MISSING_FIELD', /request\.method is missing/],
  [
    'no request headers',
    withEntry((e) => delete e.request.headers),
    'HAR_MISSING_FIELD',
    /request\.headers is missing/,
  ],
  [
    'no status',
    withEntry((e) => delete e.response.status),
    'HAR_MISSING_FIELD',
    /response\.status is missing/,
  ],
  [
    'no startedDateTime',
    withEntry((e) => Reflect.deleteProperty(e, 'startedDateTime')),
    'HAR_MISSING_FIELD',
    /startedDateTime is missing/,
  ],
  [
    'status as a string',
    withEntry((e) => (e.response.status = '200')),
    'HAR_WRONG_TYPE',
    /response\.status is a string/,
  ],
  ['url as a number', withEntry((e) => (e.request.url = 42)), 'HAR_WRONG_TYPE', /request\.url is a number/],
  [
    'headers as an object',
    withEntry((e) => (e.response.headers = { 'Access-Control-Allow-Origin': '*' })),
    'HAR_WRONG_TYPE',
    /response\.headers is an object/,
  ],
  [
    'header value a number',
    withEntry((e) => (e.request.headers = [{ name: 'X', value: 1 }])),
    'HAR_WRONG_TYPE',
    /request\.headers\[0\]\.value is a number/,
  ],
  [
    'header without name',
    withEntry((e) => (e.request.headers = [{ value: 'x' }])),
    'HAR_MISSING_FIELD',
    /request\.headers\[0\]\.name is missing/,
  ],
  ['empty method', withEntry((e) => (e.request.method = ' ')), 'HAR_WRONG_TYPE', /method is empty/],
  [
    'date that is not a date',
    withEntry((e) => (e.startedDateTime = 'yesterday')),
    'HAR_WRONG_TYPE',
    /not an ISO 8601 date/,
  ],
  ['pages as a string', '{"log": {"pages": "p", "entries": []}}', 'HAR_WRONG_TYPE', /log\.pages is a string/],
];

describe('malformed HARs: coded errors from the library', () => {
  it.each(CASES)('%s → %s', async (_name, content, code, message) => {
    const err = await readHar([typeof content === 'string' ? Buffer.from(content) : content]).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HarError);
    expect((err as HarError).code).toBe(code);
    expect((err as HarError).message).toMatch(message);
    expect((err as HarError).fix.length).toBeGreaterThan(10);
  });
});

function expectOneLineError(r: { code: number; stdout: string; stderr: string }, code: string) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(new RegExp(`^corsair: error ${code}: [^\\n]+ Fix: [^\\n]+\\n$`));
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('malformed HARs: corsair har exits 2 with one line', () => {
  it.each(CASES)('%s', async (name, content, code) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.har`);
    writeFileSync(file, content);
    expectOneLineError(await run(['har', file]), code);
  });

  it('a missing file and a directory are HAR_UNREADABLE', async () => {
    expectOneLineError(await run(['har', join(dir, 'nope.har')]), 'HAR_UNREADABLE');
    expectOneLineError(await run(['har', dir]), 'HAR_UNREADABLE');
  });

  it('a HAR with no page origin anywhere asks for --origin', async () => {
    const file = join(dir, 'no-origin.har');
    const e = devtoolsEntry({ url: 'https://api.example.com/x' });
    writeFileSync(
      file,
      JSON.stringify({
        log: { version: '1.2', creator: { name: 'WebInspector', version: '1' }, entries: [e] },
      }),
    );
    expectOneLineError(await run(['har', file]), 'HAR_NO_ORIGIN');
    const r = await run(['har', file, '--origin', 'https://app.example.com', '--json']);
    expect(JSON.parse(r.stdout).requests[0].pageOrigin).toBe('https://app.example.com');
  });

  it('a gzip-compressed HAR is read as the HAR inside', async () => {
    const file = join(dir, 'page.har.gz');
    writeFileSync(
      file,
      gzipSync(
        devtoolsHar([
          devtoolsEntry({
            url: 'https://api.example.com/x',
            requestHeaders: { Origin: 'https://app.example.com' },
            responseHeaders: { 'Access-Control-Allow-Origin': '*' },
          }),
        ]),
      ),
    );
    const r = await run(['har', file, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.allowed).toBe(1);
  });
});

// 200 MB: the CLI runs in a child process whose heap is capped far below the file's size, so reading the
// whole file (JSON.parse, or keeping bodies) would crash it.
const MAIN = resolve(import.meta.dirname, '../../src/cli/main.ts');
const HEAP_MB = 96;
function runCapped(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', `--max-old-space-size=${HEAP_MB}`, MAIN, ...args],
      {
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => res({ code: code ?? 99, stdout, stderr }));
  });
}

async function writeBig(file: string, opts: { close: boolean; hugeHeader?: boolean }): Promise<void> {
  const out = createWriteStream(file);
  const body = 'A'.repeat(1 << 20);
  out.write('{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"entries":[');
  for (let i = 0; i < 200; i++) {
    const e = devtoolsEntry({
      url: `https://api.example.com/x${i}`,
      requestHeaders: { Origin: 'https://app.example.com' },
      responseHeaders: { 'Access-Control-Allow-Origin': i === 7 ? 'https://evil.example' : '*' },
      at: i,
    }) as { response: { content: { text?: string } } };
    e.response.content.text = body;
    let text = JSON.stringify(e);
    if (opts.hugeHeader && i === 199) text = text.replace('"value":"*"', `"value":"${body.repeat(4)}"`);
    if (!out.write((i ? ',' : '') + text)) await once(out, 'drain');
  }
  out.end(opts.close ? ']}}' : '');
  await once(out, 'finish');
}

describe('200 MB HARs', () => {
  it(`a valid 200 MB HAR is decided with a ${HEAP_MB} MB heap`, async () => {
    const file = join(dir, 'big.har');
    await writeBig(file, { close: true });
    const r = await runCapped(['har', file, '--json']);
    rmSync(file);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ crossOrigin: 200, allowed: 199, blocked: 1 });
    expect(report.requests[7].check.error.code).toBe('AllowOriginMismatch');
    expect(r.code).toBe(1);
  }, 120_000);

  it('a 200 MB HAR cut short is HAR_TRUNCATED, exit 2, one line', async () => {
    const file = join(dir, 'big-cut.har');
    await writeBig(file, { close: false });
    const r = await runCapped(['har', file]);
    rmSync(file);
    expectOneLineError(r, 'HAR_TRUNCATED');
  }, 120_000);

  it('a multi-megabyte header value is HAR_VALUE_TOO_LARGE with its path', async () => {
    const file = join(dir, 'big-header.har');
    await writeBig(file, { close: true, hugeHeader: true });
    const r = await runCapped(['har', file]);
    rmSync(file);
    expectOneLineError(r, 'HAR_VALUE_TOO_LARGE');
    expect(r.stderr).toContain('log.entries[199].response.headers[0].value');
  }, 120_000);

  it('200 MB of binary junk is refused at the first bytes', async () => {
    const junk = Buffer.alloc(1 << 20, 0xa7);
    let chunks = 0;
    const source = (function* () {
      for (; chunks < 200; chunks++) yield junk;
    })();
    const err = await readHar(source).catch((e: unknown) => e);
    expect((err as HarError).code).toBe('HAR_NOT_JSON');
    expect(chunks).toBeLessThan(3);
  });
});

// The pieces that keep a scan of 100,000 targets in flat memory: reports written target by target must
// equal the whole-array reporters; results files read back by position across chunk boundaries; input
// lines split anywhere; path patterns and shards.
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FINDING_TEXT,
  type FindingId,
  formatScanText,
  pathPattern,
  SEVERITIES,
  type TargetResult,
  toJUnit,
  toSarif,
} from '../../src/audit/index.js';
import { writeScanReport } from '../../src/audit/report/stream.js';
import { forEachLine, ResultsFile } from '../../src/audit/scan-results.js';
import { inShard, readTargets } from '../../src/audit/target-input.js';

const dir = mkdtempSync(join(tmpdir(), 'corsair-scan-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = fc.string({ unit: 'binary', maxLength: 30 });
const finding = (target: string) =>
  fc.record({
    id: fc.constantFrom(...(Object.keys(FINDING_TEXT) as FindingId[])),
    severity: fc.constantFrom(...SEVERITIES),
    title: text,
    target: fc.constant(target),
    origin: text,
    credentials: fc.boolean(),
    preflight: fc.boolean(),
    description: text,
    fix: text,
    evidence: fc.constant([
      {
        kind: 'actual' as const,
        exchange: {
          request: { method: 'GET', url: target, headers: [['Origin', 'null'] as const] },
          response: { status: 200, headers: [['Access-Control-Allow-Origin', 'null'] as const] },
        },
      },
    ]),
  });
const result: fc.Arbitrary<TargetResult> = fc.webUrl().chain((target) =>
  fc.oneof(
    fc.record({
      target: fc.constant(target),
      findings: fc.uniqueArray(finding(target), { maxLength: 4, selector: (f) => f.id }),
      error: fc.constant(null),
      requests: fc.nat(60),
    }),
    fc.record({
      target: fc.constant(target),
      findings: fc.constant([]),
      error: fc.record({ code: fc.constant('HTTP_TIMEOUT'), message: text, fix: text }),
      requests: fc.constant(0),
    }),
  ),
);

function streamed(results: readonly TargetResult[], format: 'text' | 'json' | 'sarif' | 'junit') {
  let out = '';
  const write = (s: string) => {
    out += s;
  };
  const outcome = writeScanReport(() => results, { format, failOn: 'high', write });
  return { out, outcome };
}

describe('reports written target by target', () => {
  it('equal the whole-array reporters (text and JUnit byte for byte, SARIF and JSON as values)', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 6 }), (results) => {
        expect(streamed(results, 'text').out).toBe(formatScanText(results));
        expect(streamed(results, 'junit').out).toBe(toJUnit(results, 'high'));
        expect(JSON.parse(streamed(results, 'sarif').out)).toEqual(toSarif(results));
        const json = JSON.parse(streamed(results, 'json').out);
        expect(json.schemaVersion).toBe(1);
        expect(json.results).toEqual(results);
        const failed = results.some((r) =>
          r.findings.some((f) => f.severity === 'critical' || f.severity === 'high'),
        );
        expect(json.summary).toMatchObject({
          targets: results.length,
          unreachable: results.filter((r) => r.error).length,
          failed,
        });
        expect(streamed(results, 'text').outcome.failed).toBe(failed);
      }),
      { numRuns: 150 },
    );
  });
});

describe('results files', () => {
  it('read back every record by position, records far larger than a read chunk included', () => {
    const path = join(dir, 'big.jsonl');
    const file = ResultsFile.open(path);
    const big = (n: number): TargetResult => ({
      target: `http://a.test/${n}`,
      findings: [],
      error: { code: 'HTTP_TIMEOUT', message: 'x'.repeat(n), fix: 'é€😀' },
      requests: n,
    });
    const sizes = [1, 70_000, 5, 200_000, 65_535, 3];
    const at = sizes.map((n) => file.append(big(n)));
    expect(at.map((a) => file.read(a).requests)).toEqual(sizes);
    file.close();
    // Indexed again from disk, line by line.
    const fd = openSync(path, 'r');
    const lens: number[] = [];
    forEachLine(fd, (line) => void lens.push(JSON.parse(line.toString('utf8')).requests));
    closeSync(fd);
    expect(lens).toEqual(sizes);
  });

  it('an earlier run: records without error count as done (the last one wins), a cut-off line is mended', () => {
    const path = join(dir, 'resume.jsonl');
    const ok = (t: string, requests: number) =>
      JSON.stringify({ target: t, findings: [], error: null, requests });
    const failed = JSON.stringify({
      target: 'http://c.test/',
      findings: [],
      error: { code: 'HTTP_TIMEOUT', message: 'm', fix: 'f' },
      requests: 0,
    });
    writeFileSync(
      path,
      `${ok('http://a.test/', 1)}\n${failed}\n${ok('http://a.test/', 2)}\nnot json\n${ok('http://b.test/', 3).slice(0, 20)}`,
    );
    const file = ResultsFile.open(path);
    expect([...file.done.keys()]).toEqual(['http://a.test/']);
    expect(file.read(file.done.get('http://a.test/')!).requests).toBe(2);
    const at = file.append({ target: 'http://b.test/', findings: [], error: null, requests: 4 });
    expect(file.read(at).requests).toBe(4);
    file.close();
    expect(ResultsFile.open(path).done.size).toBe(2);
  });
});

describe('input lines', () => {
  it('are the same however the bytes are cut into chunks (multi-byte characters, CRLF, BOM)', async () => {
    const body = '\ufeffhttps://a.test/é\r\n# note\r\nhttps://b.test/😀  # trailing\r\n\r\nhttps://c.test/€';
    const bytes = Buffer.from(body, 'utf8');
    const expected = ['https://a.test/é', 'https://b.test/😀', 'https://c.test/€'];
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 8 }),
        async (cuts) => {
          const at = [0, ...cuts.sort((a, b) => a - b), bytes.length];
          const chunks = at.slice(1).map((end, i) => bytes.subarray(at[i], end));
          const got: string[] = [];
          for await (const t of readTargets(
            (async function* () {
              yield* chunks;
            })(),
            'x',
          ))
            got.push(t);
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('path patterns (--dedupe) and shards', () => {
  it.each([
    [
      'https://api.example.com/users/42/orders?page=2&sort=a',
      'https://api.example.com/users/{n}/orders?page&sort',
    ],
    ['https://api.example.com/u/3fa85f64-5717-4562-b3fc-2c963f66afa6', 'https://api.example.com/u/{uuid}'],
    ['https://api.example.com/blob/9f86d081884c7d65', 'https://api.example.com/blob/{hex}'],
    ['https://api.example.com/s/aZ3kL9qW2xY7mN4p', 'https://api.example.com/s/{id}'],
    ['https://api.example.com/users/me', 'https://api.example.com/users/me'],
    ['HTTPS://API.example.com:443/users/7', 'https://api.example.com/users/{n}'],
    ['not a url', null],
  ])('%s -> %s', (url, pattern) => {
    expect(pathPattern(url)).toBe(pattern);
  });

  it('every target falls in exactly one shard, for any N', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 64 }), (target, n) => {
        const hits = Array.from({ length: n }, (_, k) => inShard(target, { index: k + 1, count: n }));
        expect(hits.filter(Boolean)).toHaveLength(1);
      }),
    );
  });
});

// `npm run bench:hostile`: how the parsers' cost grows on hostile input, from 4 KiB to 64 KiB (16×).
// Linear work grows ~16×, quadratic ~256×: a growth above 64× is reported as super-linear and the run
// exits 1. These were timed assertions in the unit suites; timing belongs here, where a busy machine
// makes a figure noisy instead of a test red. (Every RegExp in src/ is also checked statically, by
// test/arch/regexp-linear.test.ts.)

import { classifyRequest } from '../src/browser/classify.js';
import { explainMessage } from '../src/browser/explain.js';
import { exposedHeaderNames } from '../src/browser/exposed-headers.js';
import { parseMimeType } from '../src/browser/mime.js';
import { checkPreflightResponse } from '../src/browser/preflight-check.js';
import { chromium, spec } from '../src/browser/profile.js';
import {
  corsUnsafeRequestHeaderNames,
  forbiddenRequestHeaderReason,
  getDecodeAndSplit,
  isCorsSafelistedRequestHeader,
  normalizeHeaderValue,
} from '../src/browser/request-headers.js';
import type { HeaderLine } from '../src/exchange.js';
import { parseTokenList } from '../src/fetch/header-list.js';
import { parseSerializedOrigin } from '../src/origin/index.js';
import { parseRoutePattern, type RoutePattern } from '../src/policy/routes/pattern.js';
import { compileRouteTable } from '../src/policy/routes/table.js';

const LIMIT = 64;

/** Process CPU time of the fastest of 9 runs, in ms: other work on the machine only ever adds to it. */
function cpuMs(f: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 9; i++) {
    const t = process.cpuUsage();
    f();
    const d = process.cpuUsage(t);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best;
}

const requestValue: Record<string, (n: number) => string> = {
  quotes: (n) => '"'.repeat(n),
  backslashes: (n) => `"${'\\'.repeat(n)}`,
  commas: (n) => ','.repeat(n),
  semicolons: (n) => `text/plain${';'.repeat(n)}`,
  params: (n) => `text/plain${';a="\\'.repeat(n / 5)}`,
  equals: (n) => `text/plain;${'a='.repeat(n / 2)}`,
  whitespace: (n) => `${' \t'.repeat(n / 2)}x${' \t'.repeat(n / 2)}`,
  digits: (n) => `bytes=${'0'.repeat(n)}-${'0'.repeat(n)}`,
  quotedCommas: (n) => `"${',a'.repeat(n / 2)}`,
};

const cases: [string, (n: number) => () => void][] = [
  ...Object.entries(requestValue).map(([label, gen]): [string, (n: number) => () => void] => [
    `request header value: ${label}`,
    (n) => {
      const v = gen(n);
      return () => {
        for (const h of ['Accept', 'Content-Type', 'Range', 'Accept-Language', 'DPR'])
          isCorsSafelistedRequestHeader(h, v, chromium);
        parseMimeType(v);
        getDecodeAndSplit(v);
        forbiddenRequestHeaderReason('X-HTTP-Method-Override', v, spec);
        normalizeHeaderValue(v);
      };
    },
  ]),
  [
    'corsUnsafeRequestHeaderNames, many headers',
    (n) => {
      const headers: HeaderLine[] = [];
      for (let i = 0; i < n / 64; i++) headers.push([i % 2 ? 'Accept' : `X-H${i}`, 'a'.repeat(60)]);
      headers.push(['Content-Type', requestValue.params?.(n) ?? '']);
      return () => corsUnsafeRequestHeaderNames(headers, chromium);
    },
  ],
  [
    'classifyRequest, one huge value',
    (n) => {
      const v = `  ${'a,"\\'.repeat(n / 4)}  `;
      const headers: HeaderLine[] = [
        ['X-HTTP-Method-Override', v],
        ['Content-Type', v],
        ['Accept', v],
      ];
      return () =>
        classifyRequest(
          { pageOrigin: 'https://app.example.com', url: 'https://api.example.com/', headers },
          chromium,
        );
    },
  ],
  [
    'preflight response check, exposed headers, token lists',
    (n) => {
      const commas = ','.repeat(n);
      const tokens = 'a,'.repeat(n / 2);
      const headers: HeaderLine[] = [
        ['Access-Control-Allow-Origin', `${' '.repeat(n)}x`],
        ['Access-Control-Allow-Methods', commas],
        ['Access-Control-Allow-Headers', tokens],
        ['Access-Control-Expose-Headers', tokens],
        ['Access-Control-Max-Age', '9'.repeat(n)],
      ];
      const request = {
        origin: 'https://a.example',
        include: false,
        method: 'PUT',
        unsafeHeaderNames: [],
        hasAuthorization: false,
      };
      return () => {
        checkPreflightResponse({ status: 204, headers }, request, chromium);
        exposedHeaderNames(headers, false);
        parseTokenList(commas + tokens);
      };
    },
  ],
  [
    'parseSerializedOrigin',
    (n) => {
      const inputs = [
        `https://${'a.'.repeat(n / 2)}com${':'.repeat(10)}`,
        `https://${'@'.repeat(n)}`,
        ' '.repeat(n),
      ];
      return () => {
        for (const s of inputs) parseSerializedOrigin(s);
      };
    },
  ],
  [
    'route table, hostile request paths',
    (n) => {
      const patterns = ['/public/*', '/api/:v/items', '/a/b/*', '/:x/a'];
      const lookup = compileRouteTable(patterns.map((p) => parseRoutePattern(p) as RoutePattern));
      const paths = [
        `/api/${'%C3%A9'.repeat(n / 6)}`, // escapes that spell no literal: one walk
        `/${'%61'.repeat(n / 3)}/a`, // one long escaped segment, decoded where literals are compared
        '/%61'.repeat(n / 4), // escaped literals in every segment: every reading
        `/public${'/..'.repeat(n / 3)}`,
        `/a${'/'.repeat(n)}b`,
        `/${'%25'.repeat(n / 3)}32e`,
      ];
      return () => {
        for (const p of paths) lookup(p);
      };
    },
  ],
  [
    'explainMessage',
    (n) => {
      const big = `Access to fetch at '${'a'.repeat(n)}' from origin '${"'".repeat(n)}' has been blocked by CORS policy: ${'x '.repeat(n / 2)}`;
      const firefox = `Cross-Origin Request Blocked: ${'‘'.repeat(n)}`;
      return () => {
        explainMessage(big);
        explainMessage(firefox);
      };
    },
  ],
];

let worst = 0;
console.log('| input | 4 KiB | 64 KiB | growth (16× input) |\n|---|---|---|---|');
for (const [label, make] of cases) {
  make(4096)(); // warm up the JIT
  const small = Math.max(cpuMs(make(4096)), 0.05); // below the CPU clock's resolution
  const big = cpuMs(make(65536));
  worst = Math.max(worst, big / small);
  console.log(`| ${label} | ${small.toFixed(2)} ms | ${big.toFixed(2)} ms | ${(big / small).toFixed(1)}× |`);
}
console.log(`\nworst growth ${worst.toFixed(1)}× (linear ~16×, quadratic ~256×; limit ${LIMIT}×)`);
if (worst > LIMIT) process.exitCode = 1;

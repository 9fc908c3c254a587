// Preflights of every kind (allowed, unlisted, malformed, refused origin) and corsair's own answer to
// each, for comparing generated code with the policy engine request by request.
import { createCors } from '../../src/policy/create.js';
import type { CorsOptions } from '../../src/policy/types.js';
import { PROOF_POLICIES } from './policies.js';

export const POLICIES: readonly { readonly name: string; readonly options: CorsOptions }[] = [
  ...PROOF_POLICIES,
  {
    name: "methods and headers '*' with credentials (echoed)",
    options: { origins: ['https://app.example.com'], methods: '*', allowedHeaders: '*', credentials: true },
  },
  {
    name: 'preflightStatus 200, no custom header',
    options: { origins: ['https://app.example.com'], methods: ['PUT'], preflightStatus: 200, maxAge: 5 },
  },
];

export type Lines = [string, string][];

/** Preflights of every kind: allowed, unlisted, malformed, refused origin. */
export function preflights(origin: string): { label: string; headers: Lines }[] {
  const pf = (label: string, method: string, requested?: string, from = origin) => ({
    label,
    headers: [
      ['Origin', from],
      ['Access-Control-Request-Method', method],
      ...(requested === undefined ? [] : [['Access-Control-Request-Headers', requested]]),
    ] as Lines,
  });
  return [
    pf('GET', 'GET'),
    pf('PUT', 'PUT'),
    pf('DELETE with Content-Type', 'DELETE', 'content-type'),
    pf('PATCH (often unlisted)', 'PATCH'),
    pf('PROPFIND (unlisted)', 'PROPFIND'),
    pf('get in lowercase (unlisted: methods compare case-sensitively)', 'get'),
    pf('an unlisted header', 'POST', 'x-corsair-unlisted'),
    pf('a listed and an unlisted header', 'POST', 'x-api-key, authorization, x-custom, x-corsair-unlisted'),
    pf('listed headers', 'POST', 'X-Api-Key,X-Custom'),
    pf('an empty header list', 'POST', ''),
    pf('a malformed method', 'G@T'),
    pf('a method longer than 64', 'M'.repeat(65)),
    pf('a malformed header list', 'POST', 'x-a b'),
    pf('unlisted, then malformed (the first problem wins)', 'POST', 'x-corsair-unlisted, @bad'),
    pf('malformed, then unlisted', 'POST', '@bad, x-corsair-unlisted'),
    pf('an unlisted method, then a malformed header list (the method is read first)', 'PROPFIND', '@bad'),
    pf(
      'empty items, tabs and spaces around names (none first or last: fetch trims those)',
      'POST',
      ', X-Api-Key ,,\tx-custom\t,',
    ),
    pf('two names without a comma between them', 'POST', 'x-api-key x-custom'),
    pf('longer than corsair reads (4096 characters)', 'POST', 'x-api-key,'.repeat(410)),
    pf('a refused origin', 'PROPFIND', undefined, 'https://evil.example'),
    pf('a refused origin, allowed method', 'GET', undefined, 'https://evil.example'),
  ];
}

/** What an answer holds that a browser reads: status, the CORS headers and Vary, names lowercased. */
export function shape(
  status: number | undefined,
  lines: Lines,
): { status: number | undefined; headers: Lines } {
  const headers = lines
    .filter(([k]) => /^(access-control-|vary$)/i.test(k))
    .map(([k, v]): [string, string] => [k.toLowerCase(), v])
    // Vary is a list: `a,b` (Apache's `Header merge`) and `a, b` say the same.
    .map(([k, v]): [string, string] => [
      k,
      k === 'vary'
        ? v
            .split(',')
            .map((x) => x.trim())
            .join(', ')
        : v,
    ])
    .sort(([a], [b]) => a.localeCompare(b));
  return { status, headers };
}

/** corsair's own answer to a preflight (at `url`, for a policy with routes), in the `shape` form. */
export function corsairAnswer(options: CorsOptions, headers: Lines, url?: string) {
  const d = createCors(options).decide({ method: 'OPTIONS', headers, ...(url === undefined ? {} : { url }) });
  if (d instanceof Promise) throw new Error('sync policy');
  const lines: Lines = [...d.headers.map(([k, v]): [string, string] => [k, v])];
  if (d.varyValue !== '') lines.push(['Vary', d.varyValue]);
  return shape(d.status, lines);
}

/**
 * A preflight sent over real HTTP (undici's fetch sends malformed values as written), its answer in
 * the `shape` form.
 */
export async function preflightOver(url: string, headers: Lines) {
  const response = await fetch(url, { method: 'OPTIONS', headers });
  await response.arrayBuffer();
  const lines: Lines = [];
  response.headers.forEach((v, k) => {
    lines.push([k, v]);
  });
  return shape(response.status, lines);
}

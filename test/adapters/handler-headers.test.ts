// Issue 13 item 9: the policy alone decides the CORS headers of a response, whatever the handler sets
// after the middleware ran and however the framework builds an error response. Over real HTTP, every
// adapter. And item 4: with origins '*' every response answers alike, so nothing varies on Origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAll, getCombined } from '../../src/policy/index.js';
import { HAS_ERROR_RESPONSES, START_APP } from './app-servers.js';
import { ADAPTERS, type RawResponse, type Running, send } from './servers.js';

const APP = 'https://app.example.com';
const EVIL = 'https://evil.example';

function varyNames(r: RawResponse): string[] {
  return getAll(r.headers, 'vary')
    .flatMap((v) => v.split(','))
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/** The response's Access-Control-* lines, names lowercased, sorted (web Headers sort them). */
function cors(r: RawResponse): [string, string][] {
  return r.headers
    .filter(([n]) => n.toLowerCase().startsWith('access-control-'))
    .map(([n, v]): [string, string] => [n.toLowerCase(), v])
    .sort(([a], [b]) => a.localeCompare(b));
}

describe.each(ADAPTERS)('%s: a credentialed allowlist, headers set by the handler', (name) => {
  let server: Running;
  beforeAll(async () => {
    server = await START_APP[name]({ policy: { origins: [APP], credentials: true } });
  });
  afterAll(() => server.close());

  it("merges the handler's Vary with Vary: Origin and replaces its Access-Control-* with the policy's", async () => {
    const r = await send(`${server.url}/own-headers`, 'GET', [['Origin', APP]]);
    expect(r.body).toBe('own');
    expect(varyNames(r).sort()).toEqual(['accept-encoding', 'origin']);
    expect(cors(r)).toEqual([
      ['access-control-allow-credentials', 'true'],
      ['access-control-allow-origin', APP],
    ]);
  });

  it('a refused origin gets none of the handler’s Access-Control-* (no ACAO * with ACAC true)', async () => {
    const r = await send(`${server.url}/own-headers`, 'GET', [['Origin', EVIL]]);
    expect(r.body).toBe('own');
    expect(cors(r)).toEqual([]);
    expect(varyNames(r)).toContain('origin');
  });

  it('a request without Origin gets none of them either (a cache could serve it to any page)', async () => {
    const r = await send(`${server.url}/own-headers`, 'GET', []);
    expect(cors(r)).toEqual([]);
    expect(varyNames(r).sort()).toEqual(['accept-encoding', 'origin']);
  });
});

// Only the frameworks that build error responses themselves (an adapter without one has nothing to test).
describe.each(ADAPTERS.filter((a) => HAS_ERROR_RESPONSES.has(a)))('%s: its own error response', (name) => {
  let server: Running;
  beforeAll(async () => {
    server = await START_APP[name]({ policy: { origins: [APP], credentials: true } });
  });
  afterAll(() => server.close());

  it('keeps the CORS headers and Vary', async () => {
    const r = await send(`${server.url}/boom`, 'GET', [['Origin', APP]]);
    expect(r.status).toBe(500);
    expect(getCombined(r.headers, 'access-control-allow-origin')).toBe(APP);
    expect(getCombined(r.headers, 'access-control-allow-credentials')).toBe('true');
    expect(varyNames(r)).toContain('origin');
  });
});

describe.each(ADAPTERS)("%s: origins '*' without credentials", (name) => {
  let server: Running;
  beforeAll(async () => {
    server = await START_APP[name]({ policy: { origins: '*' } });
  });
  afterAll(() => server.close());

  it('credentials never appear, even when the handler sets them', async () => {
    const r = await send(`${server.url}/own-headers`, 'GET', [['Origin', EVIL]]);
    expect(cors(r)).toEqual([['access-control-allow-origin', '*']]);
  });

  // A cache (CDN, browser) keys a response without Vary: Origin by URL alone, so it may serve the answer
  // to a request without Origin (or a malformed one) to any page: that answer must be the same `*`.
  it.each<[string, [string, string][]]>([
    ['a valid Origin', [['Origin', EVIL]]],
    ['no Origin', []],
    ['a malformed Origin', [['Origin', 'https://a.example/path']]],
    [
      'two Origin lines',
      [
        ['Origin', APP],
        ['Origin', EVIL],
      ],
    ],
  ])('%s gets Access-Control-Allow-Origin: * and no Vary: Origin', async (_what, headers) => {
    const r = await send(`${server.url}/any`, 'GET', headers);
    expect(r.status).toBe(200);
    expect(getAll(r.headers, 'access-control-allow-origin')).toEqual(['*']);
    expect(varyNames(r)).not.toContain('origin');
  });
});

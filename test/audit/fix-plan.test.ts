// The fix `check --server` recommends: what the server already allows, widened by what the failing
// request needs, never narrowed, validated. Servers here are hand-written handlers in-process (the
// browser engine's table transport); the fixed server is corsair's policy engine playing the planned
// policy (respondTo). The real servers of the same cases are in test/audit/fix-servers.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEndpoint, diagnoseBlocked } from '../../src/audit/index.js';
import type { CorsRequestInit } from '../../src/browser/types.js';
import type { HttpRequest, HttpResponse } from '../../src/exchange.js';
import { getCombined } from '../../src/fetch/header-list.js';
import { createCors, validateCorsOptions } from '../../src/policy/create.js';
import { respondTo } from '../../src/policy/respond.js';
import { policyWarnings } from '../../src/policy/validate/warnings.js';

const APP = 'https://app.example.com';
const URL_ = 'https://api.example.com/api/items';

type Send = (r: HttpRequest) => Promise<HttpResponse>;

interface Hand {
  methods: string[];
  headers: string[];
  credentials: boolean;
  /** How OPTIONS is answered: right, without ACAO (nginx add_header in if), or by the router (no CORS at all). */
  options: 'ok' | 'no-acao' | 'router';
  server?: string;
}

/** A hand-written server as the guides write them: reflects APP only, lists on the preflight. */
function handWritten(h: Hand): Send {
  return async (req) => {
    const origin = getCombined(req.headers, 'origin');
    const cors: [string, string][] =
      origin === APP
        ? [
            ['Access-Control-Allow-Origin', APP],
            ...(h.credentials ? ([['Access-Control-Allow-Credentials', 'true']] as [string, string][]) : []),
          ]
        : [];
    const base: [string, string][] = h.server ? [['Server', h.server]] : [];
    if (req.method === 'OPTIONS') {
      if (h.options === 'router')
        return { status: 200, headers: [...base, ['Allow', 'GET,HEAD,PUT,DELETE']] };
      const lists: [string, string][] = [
        ['Access-Control-Allow-Methods', h.methods.join(', ')],
        ['Access-Control-Allow-Headers', h.headers.join(', ')],
      ];
      return { status: 204, headers: [...base, ...(h.options === 'ok' ? cors : []), ...lists] };
    }
    return { status: 200, headers: [...base, ...cors, ['Vary', 'Origin']] };
  };
}

const policyServer =
  (options: Parameters<typeof createCors>[0]): Send =>
  async (req) =>
    respondTo(createCors(options), req);

async function passes(send: Send, init: CorsRequestInit): Promise<boolean> {
  return (await checkEndpoint(init, { send })).allowed;
}

async function plan(send: Send, init: CorsRequestInit) {
  const report = await checkEndpoint(init, { send });
  expect(report.allowed).toBe(false);
  return diagnoseBlocked(init, report, send);
}

const req = (method: string, headers: [string, string][] = [], include = false): CorsRequestInit => ({
  pageOrigin: APP,
  url: URL_,
  method,
  headers,
  credentials: include ? 'include' : 'same-origin',
});

describe('planFix: widen what the server allows, never narrow', () => {
  it('a DELETE failure keeps the PUT and the JSON Content-Type the server already allows', async () => {
    const server = handWritten({
      methods: ['GET', 'POST', 'PUT'],
      headers: ['Content-Type', 'Authorization'],
      credentials: true,
      options: 'ok',
    });
    const put = req('PUT', [['Content-Type', 'application/json']], true);
    expect(await passes(server, put)).toBe(true);
    const del = req('DELETE', [['Authorization', 'Bearer x']], true);
    const d = await plan(server, del);
    expect(d.plan.policy).toMatchObject({
      origins: [APP],
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['Content-Type', 'Authorization'],
      credentials: true,
    });
    expect(d.plan.added).toContain('methods DELETE (this request)');
    const fixed = policyServer(d.plan.policy!);
    expect(await passes(fixed, del)).toBe(true);
    expect(await passes(fixed, put)).toBe(true);
  });

  it('lists the server never sent are said to be unknown, not guessed', async () => {
    const bare: Send = async (r) => ({ status: r.method === 'OPTIONS' ? 404 : 200, headers: [] });
    const d = await plan(bare, req('PATCH', [['X-Request-Id', '1']]));
    expect(d.plan.unknown.join('\n')).toMatch(/methods: the server's answers list none/);
    expect(d.plan.unknown.join('\n')).toMatch(/headers: the server's answers list none/);
    expect(d.plan.policy).toMatchObject({ methods: ['PATCH'], allowedHeaders: ['x-request-id'] });
  });

  it("the methods of the router's automatic OPTIONS answer (Allow) are kept", async () => {
    const d = await plan(
      handWritten({ methods: [], headers: [], credentials: false, options: 'router' }),
      req('PATCH'),
    );
    expect(d.plan.policy).toMatchObject({ methods: ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH'] });
    expect(d.plan.kept.join('\n')).toContain('methods GET, HEAD, PUT, DELETE (Allow of the preflight)');
  });

  it("a header a page can never send is left out with the validator's reason", async () => {
    const server = handWritten({
      methods: ['GET'],
      headers: ['DNT', 'Content-Type'],
      credentials: false,
      options: 'ok',
    });
    const d = await plan(server, req('PATCH'));
    expect(d.plan.dropped.join('\n')).toMatch(/^DNT: 'DNT' is a forbidden request header/);
    expect(d.plan.policy?.allowedHeaders).toEqual(['Content-Type']);
  });

  it('origin null: no configuration, the sandbox/file: cause and the right fix instead', async () => {
    const send: Send = async () => ({ status: 200, headers: [] });
    const init = { ...req('GET'), pageOrigin: 'null' };
    const report = await checkEndpoint(init, { send });
    expect(report.error?.fix).not.toMatch(/with `Access-Control-Allow-Origin: null`/);
    expect(report.error?.fix).toMatch(/Do not allow the origin null/);
    const d = await diagnoseBlocked(init, report, send);
    expect(d.plan.policy).toBeNull();
    expect(d.plan.refused?.code).toBe('ORIGIN_NULL');
    expect(d.plan.refused?.message).toMatch(/sandboxed iframe/);
    expect(d.plan.refused?.fix).toMatch(/real origin/);
  });

  it('a server that echoes any requested header (the cors package default) keeps allowing any: headers *', async () => {
    const echo: Send = async (r) => {
      const acrh = getCombined(r.headers, 'access-control-request-headers');
      const cors: [string, string][] = [
        ['Access-Control-Allow-Origin', APP],
        ['Access-Control-Allow-Credentials', 'true'],
      ];
      if (r.method !== 'OPTIONS') return { status: 200, headers: cors };
      return {
        status: 204,
        headers: [
          ...cors,
          ['Access-Control-Allow-Methods', 'GET, POST'],
          ...(acrh ? ([['Access-Control-Allow-Headers', acrh]] as [string, string][]) : []),
        ],
      };
    };
    const d = await plan(echo, req('PUT', [['X-Request-Id', '1']], true));
    expect(d.plan.policy).toMatchObject({
      methods: ['GET', 'POST', 'PUT'],
      allowedHeaders: '*',
      credentials: true,
    });
    expect(d.plan.kept).toContain('headers * (the server echoes any header a preflight asks for)');
    const fixed = policyServer(d.plan.policy!);
    expect(
      await passes(
        fixed,
        req(
          'POST',
          [
            ['Authorization', 'x'],
            ['X-Other', '2'],
          ],
          true,
        ),
      ),
    ).toBe(true);
  });

  it('exposed headers the rulebook flags are left out with its reason; the others are kept', async () => {
    const send: Send = async (r) => ({
      status: r.method === 'OPTIONS' ? 404 : 200,
      headers: [
        ['Access-Control-Allow-Origin', APP],
        ['Access-Control-Expose-Headers', 'X-Request-Id, X-Debug-Token'],
      ],
    });
    const d = await plan(send, req('GET', [], true));
    expect(d.plan.policy?.exposedHeaders).toEqual(['X-Request-Id']);
    expect(d.plan.dropped.join('\n')).toMatch(/^X-Debug-Token: the rulebook's sensitive-exposed-header/);
    expect(policyWarnings(createCors(d.plan.policy!))).toEqual([]);
  });

  it('a loopback page origin with credentials: the fix it needs, with the rulebook warning shown', async () => {
    const send: Send = async () => ({ status: 200, headers: [] });
    const init = { ...req('GET', [], true), pageOrigin: 'http://localhost:5173' };
    const report = await checkEndpoint(init, { send });
    const d = await diagnoseBlocked(init, report, send);
    expect(d.plan.policy).toMatchObject({ origins: ['http://localhost:5173'], credentials: true });
    expect(d.plan.warnings.join('\n')).toMatch(/^POLICY_LOOPBACK_WITH_CREDENTIALS: /);
  });

  it("'*' without credentials stays '*'; with credentials it cannot, and the user is told to list origins", async () => {
    const star: Send = async (r) =>
      r.method === 'OPTIONS'
        ? {
            status: 204,
            headers: [
              ['Access-Control-Allow-Origin', '*'],
              ['Access-Control-Allow-Methods', 'GET, PUT'],
            ],
          }
        : { status: 200, headers: [['Access-Control-Allow-Origin', '*']] };
    const open = await plan(star, req('DELETE'));
    expect(open.plan.policy?.origins).toBe('*');
    const cred = await plan(star, req('GET', [], true));
    expect(cred.plan.policy?.origins).toEqual([APP]);
    expect(cred.plan.unknown.join('\n')).toMatch(/answers \* today, which cannot go with credentials/);
  });

  const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
  const HEADERS = ['content-type', 'authorization', 'x-request-id', 'x-api-key'];
  const request = fc.record({
    method: fc.constantFrom(...METHODS),
    headers: fc.subarray(HEADERS),
    include: fc.boolean(),
  });
  const toInit = (r: { method: string; headers: string[]; include: boolean }) =>
    req(
      r.method,
      r.headers.map((h) => [h, h === 'content-type' ? 'application/json' : 'v'] as [string, string]),
      r.include,
    );

  it('property: the fixed server passes the failing request and every request that passed before', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          methods: fc.subarray(METHODS),
          headers: fc.subarray(HEADERS),
          credentials: fc.boolean(),
          options: fc.constantFrom<Hand['options']>('ok', 'no-acao', 'router'),
        }),
        request,
        fc.array(request, { minLength: 1, maxLength: 6 }),
        async (hand, failing, others) => {
          const before = handWritten(hand);
          const init = toInit(failing);
          fc.pre(!(await passes(before, init)));
          const report = await checkEndpoint(init, { send: before });
          const d = await diagnoseBlocked(init, report, before);
          expect(d.plan.policy).not.toBeNull();
          // Nothing the validator or the rulebook (what scan rates) would flag.
          expect(validateCorsOptions(d.plan.policy)).toEqual([]);
          expect(policyWarnings(createCors(d.plan.policy!))).toEqual([]);
          expect(d.plan.warnings).toEqual([]);
          const after = policyServer(d.plan.policy!);
          expect(await passes(after, init)).toBe(true);
          for (const o of others.map(toInit))
            if (await passes(before, o)) expect(await passes(after, o), JSON.stringify(o)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});

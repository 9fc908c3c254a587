// The one writer of a decision: headers, Vary merging, answering, with the draft sink (proxy,
// respondTo) and a Fetch `Headers` sink (the web adapters' shape). Real frameworks: test/adapters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CorsOptions,
  createCors,
  DEFAULT_PREFLIGHT_STATUS,
  type Decision,
  draftSink,
  type HeaderLine,
  type HeaderSink,
  respondTo,
  responseDraft,
  writeCorsHeaders,
  writeDecision,
} from '../../src/index.js';

const APP = 'https://app.example.com';
const ACRM: HeaderLine = ['Access-Control-Request-Method', 'PUT'];

function decide(options: CorsOptions, method: string, headers: HeaderLine[]): Decision {
  return createCors(options).decide({ method, headers }) as Decision;
}

const actual = (options: CorsOptions = { origins: [APP], credentials: true }) =>
  decide(options, 'GET', [['Origin', APP]]);

const headersSink: HeaderSink<Headers> = {
  set: (h, n, v) => h.set(n, v),
  remove: (h, n) => h.delete(n),
  vary: (h) => h.get('vary'),
};

describe('writeCorsHeaders', () => {
  it('sets the decision lines in order, then Vary', () => {
    const draft = responseDraft();
    writeCorsHeaders(draftSink, draft, actual());
    expect(draft.headers).toEqual([
      ['Access-Control-Allow-Origin', APP],
      ['Access-Control-Allow-Credentials', 'true'],
      ['Vary', 'Origin'],
    ]);
    expect(draft.status).toBe(0);
  });

  it("merges into the handler's own Vary, case-insensitively, without duplicates", () => {
    const draft = responseDraft([
      ['Content-Type', 'text/plain'],
      ['vary', 'Accept-Encoding, origin'],
    ]);
    writeCorsHeaders(draftSink, draft, decide({ origins: [APP] }, 'OPTIONS', [['Origin', APP]]));
    expect(draft.headers).toEqual([
      ['Content-Type', 'text/plain'],
      ['Access-Control-Allow-Origin', APP],
      ['Vary', 'Accept-Encoding, origin, Access-Control-Request-Method, Access-Control-Request-Headers'],
    ]);
  });

  it('folds repeated Vary lines into one that keeps every name', () => {
    const draft = responseDraft([
      ['Vary', 'Accept-Encoding'],
      ['X-Kept', '1'],
      ['VARY', 'Accept-Language'],
    ]);
    writeCorsHeaders(draftSink, draft, actual());
    expect(draft.headers.filter(([n]) => n.toLowerCase() === 'vary')).toEqual([
      ['Vary', 'Accept-Encoding, Accept-Language, Origin'],
    ]);
    expect(draft.headers).toContainEqual(['X-Kept', '1']);
  });

  it('keeps Vary: * (it already covers everything)', () => {
    const draft = responseDraft([['Vary', '*']]);
    writeCorsHeaders(draftSink, draft, actual());
    expect(draft.headers.filter(([n]) => n.toLowerCase() === 'vary')).toEqual([['Vary', '*']]);
  });

  it("replaces the handler's own CORS lines, even repeated ones, so a browser sees exactly one", () => {
    const draft = responseDraft([
      ['Access-Control-Allow-Origin', '*'],
      ['access-control-allow-origin', 'https://evil.example'],
      ['Access-Control-Allow-Credentials', 'false'],
    ]);
    writeCorsHeaders(draftSink, draft, actual());
    expect(draft.headers).toEqual([
      ['Access-Control-Allow-Origin', APP],
      ['Access-Control-Allow-Credentials', 'true'],
      ['Vary', 'Origin'],
    ]);
  });

  it('leaves the handler Vary alone when the answer does not vary (origins: *)', () => {
    const draft = responseDraft([['Vary', 'Accept-Encoding']]);
    writeCorsHeaders(draftSink, draft, actual({ origins: '*' }));
    expect(draft.headers).toEqual([
      ['Vary', 'Accept-Encoding'],
      ['Access-Control-Allow-Origin', '*'],
    ]);
  });

  it('works the same on Fetch Headers, where repeated lines read back joined', () => {
    const h = new Headers([
      ['Vary', 'Accept-Encoding'],
      ['Vary', 'Accept-Language'],
      ['Access-Control-Allow-Origin', '*'],
    ]);
    writeCorsHeaders(headersSink, h, actual());
    expect([...h]).toEqual([
      ['access-control-allow-credentials', 'true'],
      ['access-control-allow-origin', APP],
      ['vary', 'Accept-Encoding, Accept-Language, Origin'],
    ]);
  });

  it('for any handler Vary lines: one Vary line, the handler names as sent, then ours it lacked', () => {
    const name = fc.constantFrom('Accept', 'accept-encoding', 'Origin', 'ORIGIN', 'Cookie', 'X-Y');
    const d = decide({ origins: [APP] }, 'OPTIONS', [['Origin', APP], ACRM]);
    fc.assert(
      fc.property(fc.array(fc.array(name, { maxLength: 3 }), { maxLength: 3 }), (lines) => {
        const draft = responseDraft(lines.map((names): HeaderLine => ['Vary', names.join(', ')]));
        writeCorsHeaders(draftSink, draft, d);
        const vary = draft.headers.filter(([n]) => n.toLowerCase() === 'vary');
        expect(vary).toHaveLength(1);
        const got = vary[0]![1]
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const theirs = lines.flat();
        const have = new Set(theirs.map((n) => n.toLowerCase()));
        expect(got).toEqual([...theirs, ...d.vary.filter((n) => !have.has(n.toLowerCase()))]);
      }),
    );
  });
});

describe('writeDecision', () => {
  it('answers a preflight with its status and returns true', () => {
    const draft = responseDraft();
    const d = decide({ origins: [APP], methods: ['PUT'] }, 'OPTIONS', [['Origin', APP], ACRM]);
    expect(writeDecision(draftSink, draft, d)).toBe(true);
    expect(draft.status).toBe(204);
    expect(draft.body).toBeUndefined();
  });

  it('answers with preflightStatus when set', () => {
    const draft = responseDraft();
    const d = decide({ origins: [APP], methods: ['PUT'], preflightStatus: 200 }, 'OPTIONS', [
      ['Origin', APP],
      ACRM,
    ]);
    writeDecision(draftSink, draft, d);
    expect(draft.status).toBe(200);
  });

  it('with debug, a refused preflight gets a text body with its Content-Type', () => {
    const draft = responseDraft();
    const d = decide({ origins: [APP], debug: () => {} }, 'OPTIONS', [
      ['Origin', 'https://evil.example'],
      ACRM,
    ]);
    expect(writeDecision(draftSink, draft, d)).toBe(true);
    expect(draft.status).toBe(403);
    expect(draft.body).toContain("the origin 'https://evil.example' is not allowed");
    expect(draft.headers).toContainEqual(['Content-Type', 'text/plain; charset=utf-8']);
  });

  it('leaves actual requests and passed-on preflights to the application', () => {
    expect(writeDecision(draftSink, responseDraft(), actual())).toBe(false);
    const passed = decide({ origins: [APP], methods: ['PUT'], preflightContinue: true }, 'OPTIONS', [
      ['Origin', APP],
      ACRM,
    ]);
    const draft = responseDraft();
    expect(writeDecision(draftSink, draft, passed)).toBe(false);
    expect(draft.status).toBe(0);
    expect(draft.headers).toContainEqual(['Access-Control-Allow-Methods', 'PUT']);
  });

  it('a host with nothing behind it answers a passed-on preflight with the one default status', () => {
    const options: CorsOptions = { origins: [APP], methods: ['PUT'], preflightContinue: true };
    const passed = decide(options, 'OPTIONS', [['Origin', APP], ACRM]);
    const draft = responseDraft();
    expect(writeDecision(draftSink, draft, passed, true)).toBe(true);
    expect(draft.status).toBe(DEFAULT_PREFLIGHT_STATUS);
    expect(DEFAULT_PREFLIGHT_STATUS).toBe(204);
    // …and so does respondTo, the in-process server, while actual requests get the application's 200.
    const url = 'https://api.example.com/x';
    const policy = createCors(options);
    expect(respondTo(policy, { method: 'OPTIONS', url, headers: [['Origin', APP], ACRM] })).toMatchObject({
      status: 204,
    });
    expect(respondTo(policy, { method: 'GET', url, headers: [['Origin', APP]] })).toMatchObject({
      status: 200,
    });
    // Never for actual requests, even with answerEveryPreflight.
    expect(writeDecision(draftSink, responseDraft(), actual(), true)).toBe(false);
  });
});

// What another middleware, a handler or an upstream may already have put on the response.
const STALE_CORS: readonly HeaderLine[] = [
  ['Access-Control-Allow-Origin', '*'],
  ['access-control-allow-credentials', 'true'],
  ['Access-Control-Allow-Methods', 'DELETE'],
  ['ACCESS-CONTROL-ALLOW-HEADERS', 'X-Stale'],
  ['Access-Control-Expose-Headers', 'X-Secret'],
  ['Access-Control-Max-Age', '86400'],
];
const PNA: HeaderLine = ['Access-Control-Allow-Private-Network', 'true'];
const DECIDED_NAMES = STALE_CORS.map(([n]) => n.toLowerCase());
const isDecidedName = (n: string) => DECIDED_NAMES.includes(n.toLowerCase());

// Valid policies that between them write every CORS header, and leave each one out.
const POLICIES: readonly CorsOptions[] = [
  { origins: [APP] },
  { origins: '*' },
  { origins: [APP], credentials: true, exposedHeaders: ['X-Request-Id', 'ETag'], maxAge: 600 },
  { origins: [APP], methods: ['PUT', 'PATCH'], allowedHeaders: [] },
  { origins: [APP], methods: ['PUT'], allowedHeaders: ['Content-Type', 'X-A'], maxAge: 0 },
  { origins: '*', methods: '*', allowedHeaders: '*', exposedHeaders: '*' },
  { origins: [APP], credentials: true, methods: '*', allowedHeaders: '*' },
  { origins: [APP], methods: ['PUT'], preflightContinue: true },
  { origins: [APP], methods: ['PUT'], debug: () => {} },
];

const requestArb = fc.record({
  method: fc.constantFrom('GET', 'POST', 'OPTIONS'),
  origin: fc.constantFrom(APP, 'https://evil.example', 'null', undefined),
  acrm: fc.constantFrom('PUT', 'GET', 'PROPFIND', undefined),
  acrh: fc.constantFrom('content-type', 'x-a', 'x-b', 'x-a,content-type', '', undefined),
});

function requestLines(r: { origin?: string; acrm?: string; acrh?: string }): HeaderLine[] {
  const lines: HeaderLine[] = [];
  if (r.origin !== undefined) lines.push(['Origin', r.origin]);
  if (r.acrm !== undefined) lines.push(['Access-Control-Request-Method', r.acrm]);
  if (r.acrh !== undefined) lines.push(['Access-Control-Request-Headers', r.acrh]);
  return lines;
}

describe('writeCorsHeaders: the policy alone decides the CORS headers on the wire', () => {
  it('for any policy, request and stale CORS lines: the response carries exactly the decision’s CORS lines', () => {
    const policies = POLICIES.map((o) => createCors(o));
    fc.assert(
      fc.property(
        fc.constantFrom(...policies),
        requestArb,
        fc.subarray([...STALE_CORS, PNA]),
        (policy, r, stale) => {
          const d = policy.decide({ method: r.method, headers: requestLines(r) }) as Decision;
          const draft = responseDraft([['Content-Type', 'text/html'], ...stale]);
          writeCorsHeaders(draftSink, draft, d);
          const cors = draft.headers.filter(([n]) => isDecidedName(n));
          // Same names and values (a browser reads names case-insensitively), one line each.
          expect(cors.map(([n, v]) => [n.toLowerCase(), v]).sort()).toEqual(
            d.headers
              .filter(([n]) => isDecidedName(n))
              .map(([n, v]) => [n.toLowerCase(), v])
              .sort(),
          );
          // Private Network Access is the application's to answer: kept as it was.
          expect(draft.headers.filter(([n]) => n === PNA[0])).toEqual(stale.includes(PNA) ? [PNA] : []);
          expect(draft.headers[0]).toEqual(['Content-Type', 'text/html']);
        },
      ),
    );
  });

  it('removes a stale Allow-Credentials and Expose-Headers the policy does not send', () => {
    const draft = responseDraft([
      ['Access-Control-Allow-Credentials', 'true'],
      ['Access-Control-Expose-Headers', 'X-Secret'],
    ]);
    writeCorsHeaders(draftSink, draft, actual({ origins: [APP] }));
    expect(draft.headers).toEqual([
      ['Access-Control-Allow-Origin', APP],
      ['Vary', 'Origin'],
    ]);
  });

  it('removes a stale Allow-Headers beside its own Allow-Methods (two names of one length)', () => {
    const draft = responseDraft([['Access-Control-Allow-Headers', '*']]);
    const d = decide({ origins: [APP], methods: ['PUT'], allowedHeaders: [] }, 'OPTIONS', [
      ['Origin', APP],
      ACRM,
    ]);
    writeCorsHeaders(draftSink, draft, d);
    expect(getNames(draft)).toEqual(['access-control-allow-origin', 'access-control-allow-methods', 'vary']);
  });

  // Every decided name is removed, the decision's own too, then the decision's lines are set: finding
  // which names a decision sets cost more than the two extra removes (bench: ~140 ns a request on a real
  // node ServerResponse, ~300 ns on Bun).
  it('asks the sink to remove every CORS header the policy decides, each once, then sets the decision’s lines', () => {
    const policies = POLICIES.map((o) => createCors(o));
    fc.assert(
      fc.property(fc.constantFrom(...policies), requestArb, (policy, r) => {
        const d = policy.decide({ method: r.method, headers: requestLines(r) }) as Decision;
        const calls: string[] = [];
        const recording: HeaderSink<null> = {
          set: (_, n) => {
            calls.push(`set ${n.toLowerCase()}`);
          },
          remove: (_, n) => {
            calls.push(`remove ${n.toLowerCase()}`);
          },
          vary: () => undefined,
        };
        writeCorsHeaders(recording, null, d);
        if (d.off === true) return expect(calls).toEqual([]);
        const removes = DECIDED_NAMES.length;
        expect(calls.slice(0, removes).sort()).toEqual(DECIDED_NAMES.map((n) => `remove ${n}`).sort());
        const sets = d.headers.map(([n]) => `set ${n.toLowerCase()}`);
        if (d.varyValue !== '') sets.push('set vary');
        expect(calls.slice(removes)).toEqual(sets);
      }),
    );
  });

  it('on a path where CORS is off, leaves the application’s own CORS headers and Vary alone', () => {
    const policy = createCors({ origins: [APP], routes: [{ path: '/webhooks/*', cors: false }] });
    const d = policy.decide({
      method: 'GET',
      url: '/webhooks/stripe',
      headers: [['Origin', APP]],
    }) as Decision;
    expect(d.off).toBe(true);
    const own: HeaderLine[] = [['Access-Control-Allow-Origin', '*'], ['Vary', 'Accept'], PNA];
    const draft = responseDraft([...own]);
    writeCorsHeaders(draftSink, draft, d);
    expect(draft.headers).toEqual(own);
  });

  it('a preflight answer on a fresh response varies on Origin and both preflight headers', () => {
    const draft = responseDraft();
    const d = decide({ origins: [APP], methods: ['PUT'] }, 'OPTIONS', [['Origin', APP], ACRM]);
    writeDecision(draftSink, draft, d);
    expect(draft.headers.filter(([n]) => n === 'Vary')).toEqual([
      ['Vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers'],
    ]);
  });

  it('the draft sink merges Vary from Vary lines only, not from other four-letter headers', () => {
    const draft = responseDraft([
      ['ETag', '"v1"'],
      ['Link', '</a.css>; rel=preload'],
      ['Date', 'Sat, 28 Nov 2026 12:00:00 GMT'],
    ]);
    writeCorsHeaders(draftSink, draft, actual());
    expect(draft.headers.filter(([n]) => n === 'Vary')).toEqual([['Vary', 'Origin']]);
    expect(draft.headers.slice(0, 3).map(([n]) => n)).toEqual(['ETag', 'Link', 'Date']);
  });
});

const getNames = (draft: { headers: HeaderLine[] }) => draft.headers.map(([n]) => n.toLowerCase());

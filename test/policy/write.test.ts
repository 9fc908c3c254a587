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

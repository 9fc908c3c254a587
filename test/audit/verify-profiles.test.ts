// verify judges every case under each browser profile, and a drift names the browsers when they do not
// all see it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseRequest, verifyDeployment } from '../../src/audit/index.js';
import { browserProfiles, chromium, getCombined, spec } from '../../src/browser/index.js';
import { createHttpTransport, type HttpTransport } from '../../src/http/index.js';
import type { CorsOptions } from '../../src/policy/types.js';

const APP = 'https://app.example.com';
const POLICY: CorsOptions = { origins: [APP], allowedHeaders: '*' };
const AUTH_CASE = `origin ${APP}: preflight with authorization ('*' never covers it)`;

// The policy answers `Access-Control-Allow-Headers: *, Authorization`; this deployment only `*`, which
// covers Authorization in Chromium and Firefox but not in the Fetch Standard.
const starOnly: http.RequestListener = (req, res) => {
  res.setHeader('Vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers');
  if (req.headers.origin === APP) {
    res.setHeader('Access-Control-Allow-Origin', APP);
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST');
      res.setHeader('Access-Control-Allow-Headers', '*');
      res.statusCode = 204;
      return void res.end();
    }
  }
  res.end('{}');
};

let server: http.Server;
let url: string;
let transport: HttpTransport;
beforeAll(async () => {
  transport = createHttpTransport({ timeoutMs: 5000 });
  server = http.createServer(starOnly);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(async () => {
  await transport.close();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('verify judges under every browser profile', () => {
  it('reports each shipped browser verdict for every case by default', async () => {
    const r = await verifyDeployment(url, POLICY, { send: transport.send });
    for (const c of r.cases)
      expect(c.browsers.map((b) => b.browser)).toEqual(browserProfiles.map((p) => p.name));
    // Chromium and Firefox both let `*` cover Authorization: no drift on that case.
    expect(r.cases.find((c) => c.case.name === AUTH_CASE)).toMatchObject({
      expectedAllowed: true,
      actualAllowed: true,
      drifts: [],
    });
  });

  it('a drift only one profile sees is reported, naming that profile', async () => {
    const r = await verifyDeployment(url, POLICY, { send: transport.send, profiles: [chromium, spec] });
    const c = r.cases.find((x) => x.case.name === AUTH_CASE)!;
    expect(c.browsers).toEqual([
      { browser: 'chromium', expectedAllowed: true, actualAllowed: true },
      { browser: 'spec', expectedAllowed: true, actualAllowed: false },
    ]);
    expect(c.actualAllowed).toBe(false);
    expect(c.drifts).toHaveLength(1);
    expect(c.drifts[0]).toMatchObject({
      kind: 'too-strict',
      message: `The deployment refuses what the policy allows: ${AUTH_CASE}. In Fetch Standard only.`,
      actual: 'refused (HeaderDisallowedByPreflightResponse, status 204)',
    });
    expect(r.ok).toBe(false);
  });
});

describe('verify sends the requests the browser engine builds', () => {
  it('preflights and actual requests carry Fetch Metadata; the case without Origin is a same-origin GET', async () => {
    const r = await verifyDeployment(url, POLICY, { send: transport.send });
    const pre = r.cases.find((c) => c.case.name === AUTH_CASE)!.exchange.request;
    expect(pre.method).toBe('OPTIONS');
    expect(getCombined(pre.headers, 'access-control-request-method')).toBe('POST');
    expect(getCombined(pre.headers, 'access-control-request-headers')).toBe('authorization');
    expect(getCombined(pre.headers, 'origin')).toBe(APP);
    expect(getCombined(pre.headers, 'sec-fetch-mode')).toBe('cors');
    const own = r.cases.find((c) => c.case.origin === null)!.exchange.request;
    expect(getCombined(own.headers, 'origin')).toBeNull();
    expect(getCombined(own.headers, 'sec-fetch-site')).toBe('same-origin');
  });

  it('lists safelisted names too when the case asks for them (every profile)', () => {
    for (const profile of browserProfiles) {
      const req = caseRequest(
        {
          name: 'x',
          kind: 'preflight',
          origin: APP,
          method: 'POST',
          headers: ['accept', 'content-type', 'dpr', 'x-a'],
          credentials: true,
        },
        'https://api.example.com/items',
        profile,
      );
      expect(getCombined(req.headers, 'access-control-request-headers'), profile.name).toBe(
        'accept,content-type,dpr,x-a',
      );
    }
  });
});

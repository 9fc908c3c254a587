// One policy per request: the first corsair policy to decide a request marks it, the same policy again
// is a no-op, and a different one refuses loudly instead of mixing its headers with the first one's.
import { describe, expect, it, vi } from 'vitest';
import { CorsairError } from '../../src/errors.js';
import { claimedBy, claimRequest, markDecided, takeClaim } from '../../src/policy/claim.js';
import { createCors } from '../../src/policy/create.js';
import { CorsUsageError } from '../../src/policy/errors.js';

const APP = 'https://app.example.com';

function stacked(run: () => unknown): CorsUsageError {
  try {
    run();
  } catch (e) {
    if (e instanceof CorsUsageError) return e;
    throw e;
  }
  throw new Error('the second policy decided the request without refusing');
}

describe('claimRequest', () => {
  it('claims a fresh request, then lets the same policy through as already decided', () => {
    const policy = createCors({ origins: [APP], credentials: true });
    const req = {};
    expect(claimRequest(req, policy)).toBe(true);
    expect(claimRequest(req, policy)).toBe(false);
    expect(claimRequest(req, policy)).toBe(false);
  });

  it('refuses a second, different policy with POLICY_MIDDLEWARE_STACKED and a routes fix', () => {
    const credentialed = createCors({ origins: [APP], credentials: true });
    const open = createCors({ origins: '*' });
    const req = {};
    expect(claimRequest(req, credentialed)).toBe(true);
    const e = stacked(() => claimRequest(req, open));
    expect(e).toBeInstanceOf(CorsairError);
    expect(e.name).toBe('CorsUsageError');
    expect(e.code).toBe('POLICY_MIDDLEWARE_STACKED');
    expect(e.message).toMatch(/Access-Control-Allow-Origin: \*/);
    expect(e.message).toMatch(/Access-Control-Allow-Credentials: true/);
    expect(e.fix).toMatch(/routes: \[\{ path: '\/public\/\*', origins: '\*' \}\]/);
    // The first claim stands: the refused policy did not take the request over.
    expect(claimRequest(req, credentialed)).toBe(false);
  });

  it('refuses even two policies built from the same options: each middleware is its own policy', () => {
    const req = {};
    claimRequest(req, createCors({ origins: [APP] }));
    expect(stacked(() => claimRequest(req, createCors({ origins: [APP] }))).code).toBe(
      'POLICY_MIDDLEWARE_STACKED',
    );
  });

  it('marks each request on its own', () => {
    const a = createCors({ origins: [APP] });
    const b = createCors({ origins: '*' });
    expect(claimRequest({}, a)).toBe(true);
    expect(claimRequest({}, b)).toBe(true);
  });

  it('sees the mark of another loaded copy of corsair (ESM beside CommonJS)', async () => {
    const first = createCors({ origins: [APP], credentials: true });
    const req = {};
    claimRequest(req, first);
    vi.resetModules();
    const copy = await import('../../src/policy/claim.js');
    const copyErrors = await import('../../src/policy/errors.js');
    expect(copy.claimRequest).not.toBe(claimRequest);
    expect(() => copy.claimRequest(req, createCors({ origins: '*' }))).toThrow(copyErrors.CorsUsageError);
    expect(copy.claimRequest(req, first)).toBe(false);
  });

  it('leaves the mark where another corsair version looks for it, and nowhere a framework would read', () => {
    // Older and newer corsair releases loaded side by side share this registered key: it is a protocol.
    const policy = createCors({ origins: [APP] });
    const req = {};
    claimRequest(req, policy);
    expect((req as Record<symbol, unknown>)[Symbol.for('corsair-cors.decided-by')]).toBe(policy);
    expect(Object.keys(req)).toEqual([]);
    expect(JSON.stringify(req)).toBe('{}');
  });
});

describe('claim marks on other holders (the node adapters mark the writeHead hook)', () => {
  it('takeClaim: free, the same policy, or refused', () => {
    const first = createCors({ origins: [APP], credentials: true });
    expect(takeClaim(undefined, first)).toBe(true);
    expect(takeClaim(first, first)).toBe(false);
    expect(stacked(() => takeClaim(first, createCors({ origins: '*' }))).code).toBe(
      'POLICY_MIDDLEWARE_STACKED',
    );
  });

  it('markDecided leaves on a function the mark claimedBy and claimRequest read, under the shared key', () => {
    const policy = createCors({ origins: [APP] });
    const hook = () => undefined;
    expect(claimedBy(hook)).toBeUndefined();
    markDecided(hook, policy);
    expect(claimedBy(hook)).toBe(policy);
    expect((hook as unknown as Record<symbol, unknown>)[Symbol.for('corsair-cors.decided-by')]).toBe(policy);
    expect(claimRequest(hook, policy)).toBe(false);
    expect(() => claimRequest(hook, createCors({ origins: '*' }))).toThrow(CorsUsageError);
    const req = {};
    claimRequest(req, policy);
    expect(claimedBy(req)).toBe(policy);
  });
});

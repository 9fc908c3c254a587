// verify with a policy with routes: one path per route and one no route matches, each judged by its
// own policy. The deployment is the three-route policy in-process (respondTo), then one that answers
// the webhook path with CORS headers it must not send.
import { describe, expect, it } from 'vitest';
import { verifyDeployment } from '../../src/audit/verify.js';
import type { HttpRequest } from '../../src/exchange.js';
import { createCors, respondTo } from '../../src/index.js';
import { THREE_ROUTES } from '../policy/three-routes.js';

describe('verify: a policy with routes', () => {
  const policy = createCors(THREE_ROUTES);

  it('probes every route and the unrouted path, and finds no drift on a faithful deployment', async () => {
    const sent: string[] = [];
    const send = async (r: HttpRequest) => {
      sent.push(new URL(r.url).pathname);
      return respondTo(policy, r);
    };
    const result = await verifyDeployment('https://api.example.com/', THREE_ROUTES, { send });
    expect(result.ok).toBe(true);
    expect([...new Set(sent)]).toEqual(['/public', '/private', '/webhooks', '/corsair-verify-no-route']);
    expect(new Set(result.cases.map((c) => c.route))).toEqual(
      new Set(['/public/*', '/private/*', '/webhooks/*', '(no route)']),
    );
  });

  it('reports a webhook path that answers with CORS headers as too permissive', async () => {
    const everywhere = createCors({ origins: ['https://app.example.com'], credentials: true });
    const send = async (r: HttpRequest) =>
      respondTo(new URL(r.url).pathname.startsWith('/webhooks') ? everywhere : policy, r);
    const result = await verifyDeployment('https://api.example.com/', THREE_ROUTES, { send });
    expect(result.ok).toBe(false);
    expect(result.drifts.every((d) => d.case.name.startsWith('/webhooks/*'))).toBe(true);
    expect(result.drifts.map((d) => d.kind)).toContain('too-permissive');
  });
});

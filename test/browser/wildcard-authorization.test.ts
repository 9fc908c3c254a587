// `*` in Access-Control-Allow-Headers and the Authorization header, per profile. The Fetch Standard keeps
// Authorization out of the wildcard (it must be listed by name); Chromium 156 and Firefox ESR 153 let `*`
// cover it (measured by the conformance suite). With credentials `*` is a literal name everywhere.
import { describe, expect, it } from 'vitest';
import {
  type BrowserProfile,
  checkPreflightResponse,
  chromium,
  firefox,
  spec,
} from '../../src/browser/index.js';

const ORIGIN = 'https://app.example';

function headerVerdict(profile: BrowserProfile, allowHeaders: string, include: boolean): string | null {
  const headers: [string, string][] = [
    ['Access-Control-Allow-Origin', include ? ORIGIN : '*'],
    ['Access-Control-Allow-Methods', 'PUT'],
    ['Access-Control-Allow-Headers', allowHeaders],
  ];
  if (include) headers.push(['Access-Control-Allow-Credentials', 'true']);
  const r = checkPreflightResponse(
    { status: 204, headers },
    { origin: ORIGIN, include, method: 'PUT', unsafeHeaderNames: ['authorization'], hasAuthorization: true },
    profile,
  );
  return r.ok ? null : ((r.failure as { header?: string }).header ?? r.failure.code);
}

describe('Authorization beside `*` in Access-Control-Allow-Headers', () => {
  it.each([
    // profile, Allow-Headers, credentials, expected header named (null = allowed)
    [spec, '*', false, 'authorization'],
    [spec, '*, Authorization', false, null],
    [spec, 'authorization, *', false, null],
    [spec, '*', true, 'authorization'],
    [spec, '*, authorization', true, null],
    [chromium, '*', false, null],
    [chromium, '*', true, 'authorization'],
    [chromium, '*, Authorization', true, null],
    [firefox, '*', false, null],
    [firefox, '*', true, 'authorization'],
    [firefox, 'AUTHORIZATION', true, null],
  ] as const)('%#', (profile, allowHeaders, include, expected) => {
    const label = `${profile.name} with "${allowHeaders}", credentials ${include}`;
    expect(headerVerdict(profile as BrowserProfile, allowHeaders, include), label).toBe(expected);
  });
});

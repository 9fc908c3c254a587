// The engine side of the comparison: `simulateCors` with the case's own script as its transport.
import { PreflightCache } from '../src/browser/preflight-cache.js';
import { getProfile, headersObjectInit } from '../src/browser/profile.js';
import type { Outcome, Transport } from '../src/browser/types.js';
import { type ConformanceCase, type Origins, resolveInit, respond } from './case.js';
import { type Observation, observeOutcome } from './observation.js';

/** The slice of `simulateCors` the suite calls. */
export type Simulate = (
  init: {
    pageOrigin: string;
    url: string;
    method: string;
    headers: readonly (readonly [string, string])[];
    credentials: 'omit' | 'same-origin' | 'include';
    initiator?: 'fetch' | 'xhr';
    body?: string;
  },
  options: { browser: 'chromium' | 'firefox' | 'webkit'; send: Transport; cache?: PreflightCache },
) => Promise<Outcome>;

/**
 * Load the engine, or `null` while `simulateCors` does not exist yet.
 *
 * @example
 * const simulate = await loadEngine();
 */
export async function loadEngine(): Promise<Simulate | null> {
  const mod = (await import('../src/browser/index.js')) as { simulateCors?: Simulate };
  return typeof mod.simulateCors === 'function' ? mod.simulateCors : null;
}

/**
 * The engine's observation for a case, or the error it threw (an engine crash is a disagreement too).
 *
 * @example
 * const p = await predict(simulate, c, server.origins, 'chromium');
 */
export async function predict(
  simulate: Simulate,
  c: ConformanceCase,
  origins: Origins,
  browser: 'chromium' | 'firefox' | 'webkit',
): Promise<{ observation: Observation; outcome: Outcome } | { crash: string }> {
  const { api, headersAs, ...rest } = resolveInit(c, origins);
  // A Headers object reaches the request as the browser reads it (profile.headersObjectInit).
  const headers =
    headersAs === 'headers' ? headersObjectInit(rest.headers, getProfile(browser)) : rest.headers;
  const init = { ...rest, headers, initiator: api };
  const send: Transport = (request) => respond(c, request, origins) ?? { status: 404, headers: [] };
  try {
    // A sequence shares one preflight cache, as the page's fetches share the browser's.
    const cache = new PreflightCache();
    const outcomes: Outcome[] = [];
    // The earlier fetches of a sequence carry no body (the page script sends none).
    const { body: _body, ...bodiless } = init;
    for (const earlier of init.before ?? [])
      outcomes.push(await simulate({ ...bodiless, ...earlier }, { browser, send, cache }));
    const outcome = await simulate(init, { browser, send, cache });
    outcomes.push(outcome);
    return { observation: observeOutcome(outcomes, browser), outcome };
  } catch (e) {
    return { crash: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

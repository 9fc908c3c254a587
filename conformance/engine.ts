// The engine side of the comparison: `simulateCors` with the case's own script as its transport.
import { PreflightCache } from '../src/browser/preflight-cache.js';
import { getProfile, headersObjectInit } from '../src/browser/profile.js';
import type { Outcome, Transport } from '../src/browser/types.js';
import { type ConformanceCase, isPreflight, type Origins, resolveInit, respond } from './case.js';
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
  options: {
    browser: 'chromium' | 'firefox' | 'webkit';
    send: Transport;
    cache?: PreflightCache;
    now?: () => number;
  },
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

/** What the real browser's clock saw during a case, in wall-clock milliseconds. */
export interface CaseTiming {
  /** When the page started each fetch of the case (`PageResult.startedAt`). */
  readonly fetchStartedAt: readonly number[];
  /** When the server answered each preflight, in order (`RecordedRequest.at`). */
  readonly preflightAnsweredAt: readonly number[];
}

/**
 * The engine's clock for a replayed case. The browser's preflight cache stores a result when the
 * preflight's answer arrives and looks it up when the next fetch starts, so the engine's cache reads
 * the page's start time of each fetch and the server's answer time of each preflight: it sees the time
 * that really passed (a loaded machine can take longer than Chromium's 5-second default between two
 * fetches), never a sleep. Without timing every step happens at one instant.
 */
function replayClock(timing: CaseTiming | undefined) {
  let now = timing?.fetchStartedAt[0] ?? 0;
  let answered = 0;
  return {
    now: () => now,
    fetchStarts(i: number): void {
      now = timing?.fetchStartedAt[i] ?? now;
    },
    preflightAnswered(): void {
      now = timing?.preflightAnsweredAt[answered++] ?? now;
    },
  };
}

/**
 * The engine's observation for a case, or the error it threw (an engine crash is a disagreement too).
 * `timing` (from the real run) gives the preflight cache the elapsed time the browser saw.
 *
 * @example
 * const p = await predict(simulate, c, server.origins, 'chromium');
 */
export async function predict(
  simulate: Simulate,
  c: ConformanceCase,
  origins: Origins,
  browser: 'chromium' | 'firefox' | 'webkit',
  timing?: CaseTiming,
): Promise<{ observation: Observation; outcome: Outcome } | { crash: string }> {
  const { api, headersAs, gapMs: _gap, ...rest } = resolveInit(c, origins);
  // A Headers object reaches the request as the browser reads it (profile.headersObjectInit).
  const headers =
    headersAs === 'headers' ? headersObjectInit(rest.headers, getProfile(browser)) : rest.headers;
  const init = { ...rest, headers, initiator: api };
  const clock = replayClock(timing);
  const send: Transport = (request) => {
    if (isPreflight(request)) clock.preflightAnswered();
    return respond(c, request, origins) ?? { status: 404, headers: [] };
  };
  try {
    // A sequence shares one preflight cache, as the page's fetches share the browser's.
    const options = { browser, send, cache: new PreflightCache(), now: clock.now };
    const outcomes: Outcome[] = [];
    // The earlier fetches of a sequence carry no body (the page script sends none).
    const { body: _body, ...bodiless } = init;
    const steps = [...(init.before ?? []).map((earlier) => ({ ...bodiless, ...earlier })), init];
    for (const [i, step] of steps.entries()) {
      clock.fetchStarts(i);
      outcomes.push(await simulate(step, options));
    }
    return { observation: observeOutcome(outcomes, browser), outcome: outcomes.at(-1)! };
  } catch (e) {
    return { crash: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

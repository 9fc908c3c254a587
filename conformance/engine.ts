// The engine side of the comparison: `simulateCors` with the case's own script as its transport.
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
  },
  options: { browser: 'chromium' | 'firefox'; send: Transport },
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
  browser: 'chromium' | 'firefox',
): Promise<{ observation: Observation; outcome: Outcome } | { crash: string }> {
  const init = resolveInit(c, origins);
  const send: Transport = (request) => respond(c, request, origins) ?? { status: 404, headers: [] };
  try {
    const outcome = await simulate(init, { browser, send });
    return { observation: observeOutcome(outcome, browser), outcome };
  } catch (e) {
    return { crash: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

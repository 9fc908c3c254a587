// A blocked check, diagnosed: the server's other answers, the root causes they show, and the fix.
import type { CorsRequestInit } from '../../browser/types.js';
import type { CheckReport } from '../check.js';
import type { Send } from '../types.js';
import { observeServer, type ServerObservations } from './observe.js';
import { type FixPlan, planFix } from './plan.js';
import { findRootCauses, type RootCause } from './root-causes.js';

/**
 * What `diagnoseBlocked` found.
 *
 * @example
 * const d: Diagnosis = await diagnoseBlocked(init, report, http.send);
 * d.rootCauses.map((c) => c.code); // ['options-headers-replaced']
 */
export interface Diagnosis {
  readonly observations: ServerObservations;
  readonly rootCauses: readonly RootCause[];
  readonly plan: FixPlan;
}

/**
 * Ask the server the few extra questions a diagnosis needs (GET and OPTIONS only), name the root causes
 * its answers show, and plan a fix that widens what it allows. For a blocked report only.
 *
 * @example
 * const report = await checkEndpoint(init, { send: http.send });
 * if (!report.allowed) console.log((await diagnoseBlocked(init, report, http.send)).plan.policy);
 */
export async function diagnoseBlocked(
  init: CorsRequestInit,
  report: CheckReport,
  send: Send,
): Promise<Diagnosis> {
  const observations = await observeServer(init, report, send);
  return {
    observations,
    rootCauses: findRootCauses(report, observations),
    plan: planFix(report, observations),
  };
}

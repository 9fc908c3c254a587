// "Try it from this browser": the demo API serves the builder's policy with corsair's own middleware,
// the page fetches the chosen path for real, the server probes the same URL for the prediction, and the
// card says which route the path took (the server's route table decides, not this page).

import type { CredentialsMode } from '../../browser/types.js';
import { engineOfUserAgent } from '../../browser/user-agent.js';
import type {
  ApiError,
  PolicyDemoRegistration,
  ProbeRequest,
  ProbeResult,
  RouteMatch,
} from '../shared/api.js';
import { ApiFailure, api } from './api.js';
import { byId, h, prefixIds } from './dom.js';
import { policyOptions } from './policy-form.js';
import { realFetch } from './real-fetch.js';
import { renderResult } from './render-result.js';
import type { BuilderState } from './state.js';

let runs = 0;

const asError = (e: unknown): ApiError =>
  e instanceof ApiFailure ? e.error : { code: 'UI_ERROR', message: String(e), fix: 'Reload the page.' };

/**
 * The sentence for the route a path took.
 *
 * @example
 * routeSentence({ kind: 'route', index: 1, path: '/private/*', off: false }, '/private/a'); // "'/private/a' takes route 2, /private/*."
 */
export function routeSentence(m: RouteMatch, path: string): string {
  switch (m.kind) {
    case 'route':
      return `'${path}' takes route ${m.index + 1}, ${m.path}${m.off ? ': no CORS there (cors: false).' : '.'}`;
    case 'defaults':
      return `'${path}' matches no route: the options for every other path decide.`;
    case 'none':
      return `'${path}' matches no route and there are no options for other paths: no CORS.`;
    case 'ambiguous':
      return `Servers may read '${path}' as different routes, so corsair answers it without CORS headers.`;
    case 'too-long':
      return `Servers may read '${path}' with more segments than corsair reads, so corsair answers it without CORS headers.`;
  }
}

/**
 * Serve the builder's policy, send the request from this page and show both verdicts and the route.
 *
 * @example
 * await tryPolicy(readBuilderForm());
 */
export async function tryPolicy(s: BuilderState): Promise<void> {
  const path = byId<HTMLInputElement>('b-try-path').value.trim() || '/';
  const method = byId<HTMLInputElement>('b-try-method').value.trim() || 'GET';
  const credentials = byId<HTMLSelectElement>('b-try-credentials').value as CredentialsMode;
  const line = byId('b-try-route');
  const box = byId('b-try-result');
  const button = byId<HTMLButtonElement>('b-try-run');
  button.disabled = true;
  box.setAttribute('aria-busy', 'true');
  try {
    let reg: PolicyDemoRegistration;
    try {
      reg = await api<PolicyDemoRegistration>('/api/policy-demo', { options: policyOptions(s), path });
    } catch (e) {
      const err = asError(e);
      line.dataset.route = 'error';
      line.replaceChildren(h('span', { class: 'problems' }, `${err.code}: ${err.message} ${err.fix}`));
      box.replaceChildren();
      return;
    }
    line.dataset.route = reg.route.kind === 'route' ? String(reg.route.index) : reg.route.kind;
    line.replaceChildren(
      h('strong', {}, 'Route: '),
      reg.sent === path ? '' : `your browser sends '${reg.sent}'. `,
      routeSentence(reg.route, reg.sent),
    );
    const probe: ProbeRequest = {
      url: reg.url,
      method,
      headers: [],
      credentials,
      browser: engineOfUserAgent(navigator.userAgent),
    };
    const [real, predicted] = await Promise.all([
      realFetch(reg.url, { method, credentials }),
      api<ProbeResult>('/api/probe', probe).catch(asError),
    ]);
    box.replaceChildren(...prefixIds(renderResult(real, predicted), 'b-try-'));
    box.dataset.run = String(++runs);
  } finally {
    button.disabled = false;
    box.removeAttribute('aria-busy');
  }
}

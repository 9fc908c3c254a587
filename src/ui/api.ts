// The JSON API the page calls. Every route is behind `guardApiRequest` (see guard.ts).
import type { IncomingMessage } from 'node:http';
import { explainMessage } from '../browser/explain.js';
import { validateCorsOptions } from '../policy/validate.js';
import { readJson } from './body.js';
import type { DemoRegistry } from './demo-registry.js';
import { UiError } from './errors.js';
import { parseProbeRequest, runProbe } from './probe.js';
import type { DemoRegistration, ValidateResult } from './shared/api.js';
import { normalizeDemoConfig } from './shared/demo-config.js';

/**
 * What the routes share: the demo registry, the demo API's origin, and a bound on concurrent probes.
 *
 * @example
 * const ctx: ApiContext = { registry: new DemoRegistry(), demoOrigin: () => 'http://localhost:4001', maxProbes: 4 };
 */
export interface ApiContext {
  readonly registry: DemoRegistry;
  readonly demoOrigin: () => string;
  readonly maxProbes: number;
}

type Route = (req: IncomingMessage, pageOrigin: string, ctx: ApiContext) => Promise<unknown>;

const MAX_EXPLAIN_CHARS = 20_000;
let probesInFlight = 0;

const routes: Readonly<Record<string, Route>> = {
  '/api/probe': async (req, pageOrigin, ctx) => {
    const probe = parseProbeRequest(await readJson(req));
    if (probesInFlight >= ctx.maxProbes)
      throw new UiError(429, 'UI_BUSY', `${ctx.maxProbes} probes are already running.`, 'Wait for them to finish.');
    probesInFlight++;
    try {
      return await runProbe(probe, pageOrigin);
    } finally {
      probesInFlight--;
    }
  },
  '/api/explain': async (req) => {
    const body = (await readJson(req)) as { text?: unknown } | null;
    const text = typeof body?.text === 'string' ? body.text.slice(0, MAX_EXPLAIN_CHARS) : '';
    return { explained: explainMessage(text) };
  },
  '/api/validate': async (req) => {
    const body = (await readJson(req)) as { options?: unknown } | null;
    const options = body?.options;
    const issues = validateCorsOptions(options);
    const result: ValidateResult = {
      valid: issues.length === 0,
      issues,
      policyFile: `${JSON.stringify(options ?? {}, null, 2)}\n`,
      targets: [],
      generated: null,
    };
    return result;
  },
  '/api/demo': async (req, _origin, ctx) => {
    const body = (await readJson(req)) as { config?: unknown } | null;
    const r = normalizeDemoConfig(body?.config);
    if (!r.ok)
      throw new UiError(
        400,
        'UI_BAD_DEMO_CONFIG',
        r.problems.map((p) => `${p.field}: ${p.message}`).join('; '),
        'Correct the demo API fields shown in red.',
      );
    const id = ctx.registry.register(r.config);
    const registration: DemoRegistration = { id, url: `${ctx.demoOrigin()}/c/${id}/items`, config: r.config };
    return registration;
  },
};

/**
 * Find the API route for a path, or `undefined`.
 *
 * @example
 * const route = apiRoute('/api/probe');
 */
export function apiRoute(path: string): Route | undefined {
  return Object.hasOwn(routes, path) ? routes[path] : undefined;
}

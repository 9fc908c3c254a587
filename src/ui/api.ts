// The JSON API the page calls. Every route is behind `guardApiRequest` (see guard.ts).
import type { IncomingMessage } from 'node:http';
import { explainMessage } from '../browser/index.js';
import { GenerateError, generateConfig, TARGETS } from '../generate/index.js';
import { type CorsOptions, validateCorsOptions } from '../policy/index.js';
import { readJson } from './body.js';
import type { DemoRegistry, PolicyRegistry } from './demo-registry.js';
import { UiError } from './errors.js';
import { harUpload } from './har.js';
import { registerPolicyDemo } from './policy-demo.js';
import { parseProbeRequest, runProbe } from './probe.js';
import type { ApiError, DemoRegistration, ValidateResult } from './shared/api.js';
import { normalizeDemoConfig } from './shared/demo-config.js';

/**
 * What the routes share: the demo registry, the demo API's origin, and a bound on concurrent probes.
 *
 * @example
 * const ctx: ApiContext = { registry: new DemoRegistry(), policies: new PolicyRegistry(), demoOrigin: () => 'http://localhost:4001', maxProbes: 4, probes: { inFlight: 0 } };
 */
export interface ApiContext {
  readonly registry: DemoRegistry;
  readonly policies: PolicyRegistry;
  readonly demoOrigin: () => string;
  readonly maxProbes: number;
  /** Probes running now (per server, so two servers in one process do not share the bound). */
  readonly probes: { inFlight: number };
}

type Route = (req: IncomingMessage, pageOrigin: string, ctx: ApiContext) => Promise<unknown>;

const MAX_EXPLAIN_CHARS = 20_000;

// Every generate target and each non-default flavor, as the builder's format menu lists them.
const TARGET_LIST: ValidateResult['targets'] = TARGETS.flatMap((t) => {
  const head = t.title.split(':')[0] ?? t.name;
  return t.flavors.map((f, i) =>
    i === 0
      ? { id: t.name, label: head, title: t.title }
      : { id: `${t.name}:${f}`, label: `${head} (${f} middleware)`, title: t.title },
  );
});

const routes: Readonly<Record<string, Route>> = {
  '/api/probe': async (req, pageOrigin, ctx) => {
    const probe = parseProbeRequest(await readJson(req));
    if (ctx.probes.inFlight >= ctx.maxProbes)
      throw new UiError(
        'UI_BUSY',
        `${ctx.maxProbes} probes are already running.`,
        'Wait for them to finish.',
        { details: { status: 429 } },
      );
    ctx.probes.inFlight++;
    try {
      return await runProbe(probe, pageOrigin);
    } finally {
      ctx.probes.inFlight--;
    }
  },
  '/api/har': (req) => harUpload(req),
  '/api/explain': async (req) => {
    const body = (await readJson(req)) as { text?: unknown } | null;
    const text = typeof body?.text === 'string' ? body.text.slice(0, MAX_EXPLAIN_CHARS) : '';
    return { explained: explainMessage(text) };
  },
  '/api/validate': async (req) => {
    const body = (await readJson(req)) as { options?: unknown; target?: unknown } | null;
    const options = body?.options;
    const issues = validateCorsOptions(options);
    const target = typeof body?.target === 'string' ? body.target : 'policy';
    let generated: ValidateResult['generated'] = null;
    let generateError: ApiError | null = null;
    if (issues.length === 0 && target !== 'policy') {
      const [name = '', flavor] = target.split(':');
      try {
        const r = generateConfig(name, options as CorsOptions, {
          source: 'cors.json',
          ...(flavor ? { flavor } : {}),
        });
        generated = { target, files: r.files, notes: r.notes };
      } catch (e) {
        generateError =
          e instanceof GenerateError
            ? e.toJSON()
            : {
                code: 'UI_GENERATE_FAILED',
                message: `The ${name} generator failed.`,
                fix: 'Pick another format; report this to corsair.',
              };
      }
    }
    const result: ValidateResult = {
      valid: issues.length === 0,
      issues,
      policyFile: `${JSON.stringify(options ?? {}, null, 2)}\n`,
      targets: TARGET_LIST,
      generated,
      generateError,
    };
    return result;
  },
  '/api/policy-demo': async (req, _origin, ctx) => {
    const body = (await readJson(req)) as { options?: unknown; path?: unknown } | null;
    return registerPolicyDemo(ctx.policies, ctx.demoOrigin(), body?.options, body?.path);
  },
  '/api/demo': async (req, _origin, ctx) => {
    const body = (await readJson(req)) as { config?: unknown } | null;
    const r = normalizeDemoConfig(body?.config);
    if (!r.ok)
      throw new UiError(
        'UI_BAD_DEMO_CONFIG',
        r.problems.map((p) => `${p.field}: ${p.message}`).join('; '),
        'Correct the demo API fields shown in red.',
        { details: { status: 400 } },
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

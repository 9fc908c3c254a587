// `POST /api/policy-demo`: compile the builder's policy once, register it with the demo API, and say
// which route the asked path takes, with the same route table the middleware uses.
import {
  type CorsOptions,
  type CorsPolicy,
  compileRouteTable,
  createCors,
  validateCorsOptions,
} from '../policy/index.js';
import type { PolicyRegistry } from './demo-registry.js';
import { UiError } from './errors.js';
import type { PolicyDemoRegistration, RouteMatch } from './shared/api.js';

const MAX_PATH = 2000;
// What the path may hold: visible ASCII, starting with '/'. Anything else is no path a page can send as is.
const PATH = /^\/[\x21-\x7e]*$/;

/**
 * The route `target` (a path, with or without its query) takes in `policy`.
 *
 * @example
 * routeMatch(createCors({ routes: [{ path: '/hooks/*', cors: false }] }), '/hooks/x'); // { kind: 'route', index: 0, path: '/hooks/*', off: true }
 */
export function routeMatch(policy: CorsPolicy, target: string): RouteMatch {
  const i = compileRouteTable(policy.routes.map((r) => r.pattern))(target);
  if (typeof i === 'string') return { kind: i };
  const route = policy.routes[i];
  if (route) return { kind: 'route', index: i, path: route.pattern.path, off: route.options === null };
  return policy.defaults === null ? { kind: 'none' } : { kind: 'defaults' };
}

/**
 * Validate and compile `options`, register the policy, and answer the demo URL for `path`, the path a
 * browser sends for it, and the route that path takes.
 * Invalid options or path are a `UiError` (400) naming the first problem.
 *
 * @example
 * registerPolicyDemo(policies, 'http://localhost:4001', { origins: '*' }, '/items').url; // 'http://localhost:4001/p/<id>/items'
 */
export function registerPolicyDemo(
  policies: PolicyRegistry,
  demoOrigin: string,
  options: unknown,
  path: unknown,
): PolicyDemoRegistration {
  if (typeof path !== 'string' || path.length > MAX_PATH || !PATH.test(path))
    throw new UiError(
      'UI_BAD_PATH',
      `The path must start with '/' and hold visible ASCII characters only (at most ${MAX_PATH}).`,
      'Write a request path such as /api/items (percent-encode anything else).',
    );
  const issues = validateCorsOptions(options);
  const first = issues[0];
  if (first)
    throw new UiError(
      'UI_BAD_POLICY',
      `The policy has ${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}; the first: ${first.code} at ${first.path}: ${first.message}.`,
      'Fix the problems the builder lists, then send again.',
    );
  const policy = createCors(options as CorsOptions);
  const id = policies.register(JSON.stringify(options), policy);
  // The request the browser will send: its URL parser resolves dot segments and `\` first.
  const prefix = `/p/${id}`;
  const url = new URL(`${demoOrigin}${prefix}${path}`);
  if (!url.pathname.startsWith(`${prefix}/`))
    throw new UiError(
      'UI_BAD_PATH',
      `A browser reads '${path}' as a path above the policy's root (its '..' segments climb out of it).`,
      'Remove the leading .. segments.',
    );
  const sent = url.pathname.slice(prefix.length) + url.search;
  return { id, url: url.href, sent, route: routeMatch(policy, sent) };
}

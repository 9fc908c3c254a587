// Traefik v2/v3: a `headers` middleware in the dynamic configuration (file provider, YAML). Traefik
// answers preflights itself but does not check the requested method or headers: the browser does, with
// the lists sent here, so the outcome is the same.
import { combinedRegex, refuseCommon, staticLists } from '../model.js';
import type { Generator } from '../types.js';

/** A YAML single-quoted scalar (no escapes inside except '' for a quote). */
function yq(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

const list = (key: string, v: readonly string[]) =>
  v.length === 0
    ? [`          ${key}: []`]
    : [`          ${key}:`, ...v.map((x) => `            - ${yq(x)}`)];

/**
 * Generate `cors.yml` (attach with `traefik.http.routers.<r>.middlewares=cors@file`).
 *
 * @example
 * generateTraefik(options, ctx).files[0].content.includes('accessControlAllowOriginList'); // true
 */
export const generateTraefik: Generator = (o, ctx) => {
  refuseCommon(o, 'traefik', false);
  const { methods, headers, notes } = staticLists(o, 'Traefik');
  if (o.preflightContinue)
    notes.push({
      code: 'GENERATE_PREFLIGHT_ANSWERED',
      message: 'Traefik answers every preflight itself; preflightContinue cannot be honoured',
    });
  const lines: string[] = [];
  if (o.anyOrigin) lines.push(...list('accessControlAllowOriginList', ['*']));
  else {
    lines.push(...list('accessControlAllowOriginList', o.exactOrigins));
    if (o.patterns.length > 0) {
      lines.push('          # Wildcard patterns: one anchored Go regex, dots escaped.');
      lines.push(...list('accessControlAllowOriginListRegex', [combinedRegex(o, 're2', false)]));
    }
  }
  lines.push(...list('accessControlAllowMethods', methods));
  lines.push(...list('accessControlAllowHeaders', headers));
  if (o.exposedHeaders === '*' || o.exposedHeaders.length > 0)
    lines.push(...list('accessControlExposeHeaders', o.exposedHeaders === '*' ? ['*'] : o.exposedHeaders));
  lines.push(`          accessControlAllowCredentials: ${o.credentials}`);
  if (o.maxAge !== undefined) lines.push(`          accessControlMaxAge: ${o.maxAge}`);
  if (!o.anyOrigin)
    lines.push(
      '          # The answer depends on Origin: Vary: Origin keeps caches from mixing origins.',
      '          addVaryHeader: true',
    );
  const content = `${ctx.header('#', notes)}
# Traefik dynamic configuration (file provider). Attach the middleware to your routers, e.g. with labels:
#     traefik.http.routers.api.middlewares=cors@file
http:
  middlewares:
    cors:
      headers:
${lines.map((l) => l.slice(2)).join('\n')}
`;
  return { files: [{ path: 'cors.yml', content }], notes };
};

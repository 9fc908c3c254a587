// Caddy v2 with per-path policies. A `map` on `{http.request.orig_uri}` (the request target exactly as
// sent; `path_regexp` would see the decoded, cleaned path, where a tricky path must get no CORS) picks
// the route, first matching regex wins; each route's matchers are the single policy's, narrowed by
// `vars {cors_route} <id>`, so the answers are written once (caddy.ts).
import type { NormalizedCorsOptions } from '../../policy/types.js';
import { refuseCommon } from '../model.js';
import { routeTargetRegex, TRICKY_PATH_NOTE, trickyTargetRegex } from '../paths.js';
import type { RoutesGenerator } from '../types.js';
import { caddyPolicy } from './caddy.js';

/**
 * Generate `Caddyfile.cors` (a snippet; `import cors` in your site block) deciding CORS per path.
 *
 * @example
 * generateCaddyRoutes({ routes: createCors(p).routes, defaults: null }, ctx).files[0].content.includes('{cors_route}'); // true
 */
export const generateCaddyRoutes: RoutesGenerator = (p, ctx) => {
  const entries: { id: string; title: string; o: NormalizedCorsOptions }[] = [];
  p.routes.forEach((r, i) => {
    if (r.options !== null) entries.push({ id: `r${i}`, title: r.pattern.path, o: r.options });
  });
  if (p.defaults !== null) entries.push({ id: 'd', title: 'every other path', o: p.defaults });
  for (const e of entries) refuseCommon(e.o, 'caddy', false);
  const notes = [TRICKY_PATH_NOTE];
  // Backtick-quoted: RE2 reads \xHH itself, Caddy sees no placeholder brace or quote in a route regex.
  const mapLines = p.routes.map(
    (r, i) =>
      `\t\t\t~${routeTargetRegex(r.pattern, 're2')} ${r.options === null ? 'none' : `r${i}`}  # ${r.pattern.path}${r.options === null ? ': no CORS' : ''}`,
  );
  const blocks = entries.map((e) => ({ e, ...caddyPolicy(e.o, `_${e.id}`, `vars {cors_route} ${e.id}`) }));
  const content = `${ctx.header('#', notes)}
# Caddy v2. Put this snippet at the top of your Caddyfile and add \`import cors\` first in each site:
#     api.example.com {
#         import cors
#         reverse_proxy localhost:8080
#     }
# If the upstream sets CORS headers of its own, drop them: reverse_proxy … { header_down -Access-Control-* }
(cors) {
${blocks.map((b) => `\t# ${b.e.title}\n${b.matchers}`).join('')}	route {
		# The route of the request: the first matching regex on the request target as sent (nothing
		# decoded or cleaned); none = no CORS at all.
		map {http.request.orig_uri} {cors_route} {
			# A path servers may read as another route (%, \\, ;, //, dot segments), or not a path.
			~${trickyTargetRegex('re2')} none
${mapLines.join('\n')}
			default ${p.defaults === null ? 'none' : 'd'}
		}
${blocks.map((b) => `\t\t# ${b.e.title}\n${b.handlers}`).join('')}	}
}
`;
  return { files: [{ path: 'Caddyfile.cors', content }], notes };
};

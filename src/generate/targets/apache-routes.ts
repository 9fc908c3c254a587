// Apache httpd 2.4 with per-path policies. mod_rewrite (server context) picks the route from
// THE_REQUEST, the request line exactly as sent, first matching rule wins: `<LocationMatch>` and `<If>`
// see the decoded, normalized path (`%2f`, `//` and dot segments already resolved), where a tricky path
// must get no CORS, and nested sections merge instead of stopping at the first match. SetEnvIf decides
// each route's origin before that; `Header always` lines, conditioned on the route, write the answer.
import { exactRegex, patternRegex, refuseCommon } from '../model.js';
import {
  type RouteEntry,
  routeEntries,
  routeTargetRegex,
  TRICKY_PATH_NOTE,
  trickyTargetRegex,
} from '../paths.js';
import type { RoutedPolicy, RoutesGenerator } from '../types.js';
import { answerHeaderLines, preflightRules } from './apache.js';

function originLines(e: RouteEntry): string[] {
  const v = `CORS_ORIGIN_${e.id.toUpperCase()}`;
  if (e.o.anyOrigin) return [`# ${e.title}: any origin.`, `SetEnvIf Origin "." ${v}=*`];
  return [
    `# ${e.title}: the request Origin when it is allowed.`,
    ...e.o.exactOrigins.map((x) => `SetEnvIf Origin "${exactRegex(x, 'pcre')}" ${v}=$0`),
    ...e.o.patterns.flatMap((x) => [`# ${x.source}`, `SetEnvIf Origin "${patternRegex(x, 'pcre')}" ${v}=$0`]),
  ];
}

function routeRules(p: RoutedPolicy): string[] {
  const unset = 'RewriteCond %{ENV:CORS_ROUTE} =""';
  const rules = p.routes.flatMap((r, i) => [
    `# ${r.pattern.path}${r.options === null ? ': no CORS' : ''}`,
    unset,
    `RewriteCond %{ENV:CORS_TARGET} "${routeTargetRegex(r.pattern, 'pcre')}"`,
    `RewriteRule ^ - [E=CORS_ROUTE:${r.options === null ? 'none' : `r${i}`}]`,
  ]);
  return [
    '# The request target exactly as sent (path and query, nothing decoded or merged).',
    'RewriteCond %{THE_REQUEST} "^\\S+\\s+(\\S+)"',
    'RewriteRule ^ - [E=CORS_TARGET:%1]',
    '# A path servers may read as another route (%, \\, ;, //, dot segments), or not a path: no CORS.',
    `RewriteCond %{ENV:CORS_TARGET} "${trickyTargetRegex('pcre')}"`,
    'RewriteRule ^ - [E=CORS_ROUTE:none]',
    ...rules,
    ...(p.defaults === null ? [] : ['# Every other path', unset, 'RewriteRule ^ - [E=CORS_ROUTE:d]']),
  ];
}

function routePreflightRules(e: RouteEntry): string[] {
  const { id, o } = e;
  const on = `RewriteCond %{ENV:CORS_ROUTE} =${id}`;
  return [
    `# ${e.title}: its origin, then its preflights.`,
    on,
    `RewriteCond %{ENV:CORS_ORIGIN_${id.toUpperCase()}} (.+)`,
    'RewriteRule ^ - [E=CORS_ORIGIN:%1]',
    ...preflightRules(o, [on]),
  ];
}

function headerLines(e: RouteEntry): string[] {
  const { id, o } = e;
  const on = `reqenv('CORS_ROUTE') == '${id}'`;
  const options = `%{REQUEST_METHOD} == 'OPTIONS'`;
  return [
    `# ${e.title}`,
    ...answerHeaderLines(o, `${on} && `),
    ...(o.anyOrigin ? [] : [`Header always merge Vary "Origin" "expr=${on}"`]),
    `Header always merge Vary "Access-Control-Request-Method" "expr=${on} && ${options}"`,
    `Header always merge Vary "Access-Control-Request-Headers" "expr=${on} && ${options}"`,
  ];
}

/**
 * Generate `cors.conf` for Apache httpd (server or virtual-host context) deciding CORS per path.
 *
 * @example
 * generateApacheRoutes({ routes: createCors(p).routes, defaults: null }, ctx).files[0].content.includes('CORS_ROUTE'); // true
 */
export const generateApacheRoutes: RoutesGenerator = (p, ctx) => {
  const entries = routeEntries(p);
  for (const e of entries) refuseCommon(e.o, 'apache', false);
  const notes = [TRICKY_PATH_NOTE];
  const content = `${ctx.header('#', notes)}
# Apache httpd 2.4, in the server or <VirtualHost> context (not .htaccess):   Include conf/cors.conf
# Needs: a2enmod setenvif headers rewrite
# Browsers send the Origin serialized in lowercase; the SetEnvIf regexes are case-sensitive on purpose.
${entries.flatMap(originLines).join('\n')}

RewriteEngine On
# The route of the request (CORS_ROUTE): the first rule that matches; none = no CORS at all.
${routeRules(p).join('\n')}

${entries.flatMap(routePreflightRules).join('\n')}
# Any other preflight on a route with CORS (a refused origin, a malformed or oversized request) is
# refused, without CORS headers.
RewriteCond %{ENV:CORS_ROUTE} !^(?:none)?$
RewriteCond %{REQUEST_METHOD} =OPTIONS
RewriteCond %{HTTP:Origin} . [NV]
RewriteCond %{HTTP:Access-Control-Request-Method} . [NV]
RewriteCond %{ENV:CORS_PREFLIGHT} "!^(?:allow|unlisted)$"
RewriteRule ^ - [E=CORS_PREFLIGHT:deny,R=403,L]

# \`always\` puts the headers on every answer, 4xx/5xx included, so the page can read errors.
# CORS_ORIGIN is only ever set on a route with CORS.
Header always set Access-Control-Allow-Origin "%{CORS_ORIGIN}e" "expr=-n reqenv('CORS_ORIGIN') && reqenv('CORS_PREFLIGHT') != 'deny'"
${entries.flatMap(headerLines).join('\n')}
`;
  return { files: [{ path: 'cors.conf', content }], notes };
};

// nginx with per-path policies. The route is chosen by one `map` on `$request_uri` (the request target
// exactly as sent, first matching regex wins, as corsair's table), not by `location` blocks: nginx picks
// a location by its own precedence (exact, then `^~` prefixes, then the first regex, then the longest
// prefix), so generated locations would take requests away from the server's own locations, and a
// location sees the normalized `$uri` (`//`, `%2e%2e` and `%2f` already resolved) where a tricky path
// must get no CORS. Every per-route decision feeds the same final variables, so one `cors.conf` holds
// every add_header line (with `always`), and nginx's add_header inheritance rule stays the single
// policy's: include cors.conf in every location that has add_header lines of its own.
import type { NormalizedCorsOptions } from '../../policy/types.js';
import {
  allowHeadersValue,
  allowMethodsValue,
  exactRegex,
  exposeHeadersValue,
  patternRegex,
  refuseCommon,
  VARY_ACTUAL,
  VARY_PREFLIGHT,
  VARY_PREFLIGHT_ANY,
} from '../model.js';
import {
  type RouteEntry,
  routeEntries,
  routeTargetRegex,
  TRICKY_PATH_NOTE,
  trickyTargetRegex,
} from '../paths.js';
import type { FidelityNote, RoutedPolicy, RoutesGenerator } from '../types.js';
import { dollarGeo, nginxCheckMaps, nginxValue as q } from './nginx.js';

function routeMap(p: RoutedPolicy): string {
  const lines = p.routes.map((r, i) =>
    r.options === null
      ? `    "~${routeTargetRegex(r.pattern, 'pcre')}" "";  # ${r.pattern.path}: no CORS`
      : `    "~${routeTargetRegex(r.pattern, 'pcre')}" r${i};  # ${r.pattern.path}`,
  );
  return `# The route of the request: the first matching regex, on the request target as sent (path and
# query, nothing decoded or merged). "" is no CORS at all: nothing below adds a header or answers.
map $request_uri $cors_route {
    default ${p.defaults === null ? '""' : 'd'};
    # A path servers may read as another route (%, \\, ;, //, dot segments), or not a path at all.
    "~${trickyTargetRegex('pcre')}" "";
${lines.join('\n')}
}
`;
}

/** The request checks of one policy: origin to answer with, method and headers (1, u or 0: nginx.ts). */
function checkMaps(e: RouteEntry): string {
  const { id, o } = e;
  const origins = o.anyOrigin
    ? ['    default "*";', '    "" "";']
    : [
        '    default "";',
        ...o.exactOrigins.map((x) => `    "~${exactRegex(x, 'pcre')}" $http_origin;`),
        ...o.patterns.map((x) => `    "~${patternRegex(x, 'pcre')}" $http_origin;  # ${x.source}`),
      ];
  return `# ${e.title}
map $http_origin $cors_origin_${id} {
${origins.join('\n')}
}
${nginxCheckMaps(o, `_${id}`)}`;
}

/** A map from the route (or `route:…` key) to each policy's value, `""` elsewhere. */
function perRoute(key: string, variable: string, rows: readonly (string | undefined)[]): string {
  const kept = rows.filter((r) => r !== undefined);
  return kept.length === 0
    ? ''
    : `map ${key} ${variable} {\n    default "";\n${kept.map((r) => `    ${r}`).join('\n')}\n}\n`;
}

function answerMaps(entries: readonly RouteEntry[]): string {
  const rows = (f: (e: RouteEntry) => string | undefined) => entries.map(f);
  const dispatch = (name: string, none: string) =>
    `map $cors_route $cors_${name} {\n    default ${none};\n${entries.map((e) => `    ${e.id} $cors_${name}_${e.id};`).join('\n')}\n}\n`;
  const preflightAnswer = entries.flatMap((e) =>
    e.o.preflightContinue
      ? []
      : [`"${e.id}:allow" ${e.o.preflightStatus};`, `"${e.id}:unlisted" ${e.o.preflightStatus};`],
  );
  return `# The checks of the request's route.
${dispatch('origin', '""')}${dispatch('method_ok', '0')}${dispatch('headers_ok', '0')}
# A CORS preflight: OPTIONS with Origin and Access-Control-Request-Method.
map "$request_method:$http_origin:$http_access_control_request_method" $cors_is_preflight {
    default 0;
    "~^OPTIONS:.+:.+$" 1;
}

# allow / unlisted / deny for a preflight on a route with CORS; "" otherwise (no CORS: the request goes
# on untouched). unlisted: an allowed origin asking for an unlisted method, or a listed one with an
# unlisted header, answered with what is allowed (no Max-Age), so the browser's console names it.
map "$cors_route:$cors_is_preflight$cors_method_ok$cors_headers_ok:$cors_origin" $cors_preflight {
    default "";
    "~^[^:]+:111:." allow;
    "~^[^:]+:1(?:u.|1u):." unlisted;
    "~^[^:]+:1" deny;
}
map "$cors_route:$cors_preflight" $cors_preflight_answer {
    default "";
${[...preflightAnswer, '"~:deny$" deny;'].map((r) => `    ${r}`).join('\n')}
}

# CORS response headers: "" means the add_header line is skipped.
map "$cors_preflight:$cors_origin" $cors_allow_origin {
    default "";
    "~^(?:allow|unlisted)?:(?<cors_o>.+)$" $cors_o;
}
${perRoute(
  '"$cors_route:$cors_allow_origin"',
  '$cors_allow_credentials',
  rows((e) => (e.o.credentials ? `"~^${e.id}:." "true";` : undefined)),
)}${perRoute(
  '"$cors_route:$cors_preflight:$cors_allow_origin"',
  '$cors_expose_headers',
  rows((e) => {
    const v = exposeHeadersValue(e.o);
    return v === '' ? undefined : `"~^${e.id}::." ${q(v)};`;
  }),
)}${perRoute(
  '"$cors_route:$cors_preflight"',
  '$cors_allow_methods',
  entries.flatMap((e) => {
    const v = allowMethodsValue(e.o);
    const value = v === undefined ? '$http_access_control_request_method' : q(v);
    return [`"${e.id}:allow" ${value};`, `"${e.id}:unlisted" ${value};`];
  }),
)}${perRoute(
  '"$cors_route:$cors_preflight"',
  '$cors_allow_headers',
  entries.flatMap((e) => {
    const v = allowHeadersValue(e.o);
    if (v === '') return [];
    // Never the request's own names on a refusal: an echoing policy names nothing then.
    if (v === undefined) return [`"${e.id}:allow" $http_access_control_request_headers;`];
    return [`"${e.id}:allow" ${q(v)};`, `"${e.id}:unlisted" ${q(v)};`];
  }),
)}${perRoute(
  '"$cors_route:$cors_preflight"',
  '$cors_max_age',
  rows((e) => (e.o.maxAge === undefined ? undefined : `"${e.id}:allow" "${e.o.maxAge}";`)),
)}
# Vary on every response of a route with CORS: the answer depends on these request headers.
${perRoute(
  '"$cors_route:$request_method"',
  '$cors_vary',
  entries.flatMap((e) => [
    `"${e.id}:OPTIONS" ${q(e.o.anyOrigin ? VARY_PREFLIGHT_ANY : VARY_PREFLIGHT)};`,
    ...(e.o.anyOrigin ? [] : [`"~^${e.id}:" ${q(VARY_ACTUAL)};`]),
  ]),
)}`;
}

function snippet(entries: readonly RouteEntry[], header: string): string {
  const any = (f: (o: NormalizedCorsOptions) => boolean) => entries.some((e) => f(e.o));
  const statuses = [
    ...new Set(entries.filter((e) => !e.o.preflightContinue).map((e) => e.o.preflightStatus)),
  ];
  const adds = [
    'add_header Access-Control-Allow-Origin $cors_allow_origin always;',
    ...(any((o) => o.credentials)
      ? ['add_header Access-Control-Allow-Credentials $cors_allow_credentials always;']
      : []),
    ...(any((o) => exposeHeadersValue(o) !== '')
      ? ['add_header Access-Control-Expose-Headers $cors_expose_headers always;']
      : []),
    'add_header Access-Control-Allow-Methods $cors_allow_methods always;',
    ...(any((o) => allowHeadersValue(o) !== '')
      ? ['add_header Access-Control-Allow-Headers $cors_allow_headers always;']
      : []),
    ...(any((o) => o.maxAge !== undefined)
      ? ['add_header Access-Control-Max-Age $cors_max_age always;']
      : []),
    'add_header Vary $cors_vary always;',
  ];
  return `${header}
# nginx, part 2 of 2: include this file in server { } (after the maps are included in http { }):
#     include /etc/nginx/cors.conf;
# Do not write a location per route: the maps already chose the route from the request target.
# nginx does not inherit add_header into a location that has add_header lines of its own: include this
# file in every such location too. \`always\` keeps the headers on 4xx/5xx answers, so the page can read errors.
# Preflights are answered here, before auth_request, proxy_pass or the application (they carry no cookies).
${statuses.map((s) => `if ($cors_preflight_answer = ${s}) { return ${s}; }`).join('\n')}
if ($cors_preflight_answer = deny) { return 403; }
${adds.join('\n')}
`;
}

/**
 * Generate `cors-maps.conf` (http context) and `cors.conf` (server context) deciding CORS per path.
 *
 * @example
 * generateNginxRoutes({ routes: createCors(p).routes, defaults: null }, ctx).files[0].content.includes('map $request_uri $cors_route'); // true
 */
export const generateNginxRoutes: RoutesGenerator = (p, ctx) => {
  const entries = routeEntries(p);
  for (const e of entries) refuseCommon(e.o, 'nginx', false);
  const notes: FidelityNote[] = [TRICKY_PATH_NOTE];
  const header = ctx.header('#', notes);
  const dollar = dollarGeo(
    entries.flatMap((e) => [allowMethodsValue(e.o), allowHeadersValue(e.o), exposeHeadersValue(e.o)]),
  );
  const maps = `${header}
# nginx, part 1 of 2: include this file inside http { }:   include /etc/nginx/cors-maps.conf;
# Every decision is a map (evaluated lazily, once per request); regexes are anchored, dots escaped.

${routeMap(p)}${dollar}
${entries.map(checkMaps).join('\n')}
${answerMaps(entries)}`;
  return {
    files: [
      { path: 'cors-maps.conf', content: maps },
      { path: 'cors.conf', content: snippet(entries, header) },
    ],
    notes,
  };
};

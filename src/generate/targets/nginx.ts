// nginx: `map` blocks (http context) decide everything once per request; `add_header … always` sends
// it on every status, errors included; preflights are answered with `return` in the one safe use of `if`.
// An empty value makes nginx skip an add_header line, which is how refused requests get no CORS headers.
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
  LONG_HEADER_LIST_REGEX,
  listedHeadersRegex,
  listedMethodRegex,
  malformedHeadersRegex,
  REQUESTED_METHOD_REGEX,
} from '../preflight-classes.js';
import type { Generator } from '../types.js';

/**
 * A quoted nginx map value. nginx expands `$name` in map values and has no escape for `$`: a variable
 * holding one (`dollarGeo`) stands in.
 *
 * @example
 * nginxValue('X-A$b'); // '"X-A${cors_dollar}b"'
 */
export function nginxValue(s: string): string {
  return `"${s.replace(/"/g, '\\"').replace(/\$/g, () => `$\{cors_dollar}`)}"`;
}

/**
 * The `geo` block defining `$cors_dollar`, when one of the values holds a `$` ('' otherwise).
 *
 * @example
 * dollarGeo(['GET, PUT']); // ''
 */
export function dollarGeo(values: readonly (string | undefined)[]): string {
  return values.some((v) => v?.includes('$'))
    ? '\n# A literal "$" for the names below (nginx would read "$name" as a variable).\ngeo $cors_dollar {\n    default "$";\n}\n'
    : '';
}

/**
 * The maps classifying one policy's preflight (src/generate/preflight-classes.ts): the requested method
 * and header list are each `1` (listed), `u` (a well-formed name the policy does not list) or `0`
 * (malformed). `suffix` names a route's copy (`_r0`), `''` for a single policy.
 *
 * @example
 * nginxCheckMaps(options, '').includes('$cors_method_ok {'); // true
 */
export function nginxCheckMaps(o: NormalizedCorsOptions, suffix: string): string {
  const listed = listedMethodRegex(o, 'pcre');
  return `map $http_access_control_request_method $cors_method_ok${suffix} {
    default 0;
    "~${listed}" 1;
${listed === REQUESTED_METHOD_REGEX ? '' : `    "~${REQUESTED_METHOD_REGEX}" u;\n`}}
map $http_access_control_request_headers $cors_headers_ok${suffix} {
    # The first item not listed decides: u when it is a name, 0 when it is not; too long to read: 0.
    default u;
    "" 1;
    "~${LONG_HEADER_LIST_REGEX}" 0;
    "~${listedHeadersRegex(o, 'pcre')}" 1;
    "~${malformedHeadersRegex(o, 'pcre')}" 0;
}
`;
}

/**
 * Generate `cors-maps.conf` (include in `http {}`) and `cors.conf` (include in `server {}` and in
 * every `location` that has add_header lines of its own).
 *
 * @example
 * generateNginx(options, ctx).files.map((f) => f.path); // ['cors-maps.conf', 'cors.conf']
 */
export const generateNginx: Generator = (o, ctx) => {
  refuseCommon(o, 'nginx', false);
  const allowMethods = allowMethodsValue(o);
  const allowHeaders = allowHeadersValue(o);
  const expose = exposeHeadersValue(o);
  const originEntries = o.anyOrigin
    ? ['    default "*";', '    "" "";']
    : [
        '    default "";',
        ...o.exactOrigins.map((e) => `    "~${exactRegex(e, 'pcre')}" $http_origin;`),
        ...o.patterns.map((p) => `    "~${patternRegex(p, 'pcre')}" $http_origin;  # ${p.source}`),
      ];
  const q = nginxValue;
  const dollar = dollarGeo([allowMethods, allowHeaders, expose]);
  const maps = `${ctx.header('#')}
# nginx, part 1 of 2: include this file inside http { }:   include /etc/nginx/cors-maps.conf;
# Every decision is a map (evaluated lazily, once per request); no regex runs unless a header needs it.

# The Origin to answer with, or "" (no CORS headers) when it is not allowed. Regexes are anchored
# (^…$) with dots escaped, so https://example.com.evil.test or https://evilexample.com never match.
map $http_origin $cors_origin {
${originEntries.join('\n')}
}
${dollar}
# A CORS preflight: OPTIONS with Origin and Access-Control-Request-Method.
map "$request_method:$http_origin:$http_access_control_request_method" $cors_is_preflight {
    default 0;
    "~^OPTIONS:.+:.+$" 1;
}

# The requested method and headers: 1 listed (GET, HEAD and POST always are; methods compare
# case-sensitively, header names case-insensitively), u a name the policy does not list, 0 malformed.
${nginxCheckMaps(o, '')}
map "$cors_is_preflight$cors_method_ok$cors_headers_ok:$cors_origin" $cors_preflight {
    default "";
    "~^111:." allow;
    # An allowed origin asking for an unlisted method, or a listed one with an unlisted header: answered
    # with what is allowed (no Max-Age), so the browser's console names the method or header.
    "~^1(?:u.|1u):." unlisted;
    "~^1" deny;
}

# CORS response headers: "" means the add_header line is skipped.
map "$cors_preflight:$cors_origin" $cors_allow_origin {
    default "";
    "~^(?:allow|unlisted)?:(?<cors_o>.+)$" $cors_o;
}
${
  o.credentials
    ? `map $cors_allow_origin $cors_allow_credentials {
    "" "";
    default "true";
}
`
    : ''
}${
  expose !== ''
    ? `map "$cors_preflight:$cors_allow_origin" $cors_expose_headers {
    default "";
    "~^:." ${q(expose)};
}
`
    : ''
}map $cors_preflight $cors_allow_methods {
    default "";
    allow ${allowMethods === undefined ? '$http_access_control_request_method' : q(allowMethods)};
    unlisted ${allowMethods === undefined ? '$http_access_control_request_method' : q(allowMethods)};
}
${
  allowHeaders !== ''
    ? `map $cors_preflight $cors_allow_headers {
    default "";
    allow ${allowHeaders === undefined ? '$http_access_control_request_headers' : q(allowHeaders)};
${allowHeaders === undefined ? '' : `    unlisted ${q(allowHeaders)};\n`}}
`
    : ''
}${
  o.maxAge !== undefined
    ? `map $cors_preflight $cors_max_age {
    default "";
    allow "${o.maxAge}";
}
`
    : ''
}
# Vary on every response: the answer depends on these request headers${o.anyOrigin ? ' (preflights only: any origin gets *)' : ''}.
map $request_method $cors_vary {
    default ${q(o.anyOrigin ? '' : VARY_ACTUAL)};
    "~^OPTIONS$" ${q(o.anyOrigin ? VARY_PREFLIGHT_ANY : VARY_PREFLIGHT)};
}
`;
  const adds = [
    'add_header Access-Control-Allow-Origin $cors_allow_origin always;',
    ...(o.credentials ? ['add_header Access-Control-Allow-Credentials $cors_allow_credentials always;'] : []),
    ...(expose !== '' ? ['add_header Access-Control-Expose-Headers $cors_expose_headers always;'] : []),
    'add_header Access-Control-Allow-Methods $cors_allow_methods always;',
    ...(allowHeaders !== '' ? ['add_header Access-Control-Allow-Headers $cors_allow_headers always;'] : []),
    ...(o.maxAge !== undefined ? ['add_header Access-Control-Max-Age $cors_max_age always;'] : []),
    'add_header Vary $cors_vary always;',
  ];
  const answer = o.preflightContinue
    ? [
        '# preflightContinue: allowed and unlisted preflights reach your application (with the headers below).',
        'if ($cors_preflight = deny) { return 403; }',
      ]
    : [
        '# Preflights are answered here, before auth_request, proxy_pass or the application (they carry no cookies).',
        `if ($cors_preflight = allow) { return ${o.preflightStatus}; }`,
        `if ($cors_preflight = unlisted) { return ${o.preflightStatus}; }`,
        'if ($cors_preflight = deny) { return 403; }',
      ];
  const snippet = `${ctx.header('#')}
# nginx, part 2 of 2: include this file in server { } (after the maps are included in http { }):
#     include /etc/nginx/cors.conf;
# nginx does not inherit add_header into a location that has add_header lines of its own: include this
# file in every such location too. \`always\` keeps the headers on 4xx/5xx answers, so the page can read errors.
${answer.join('\n')}
${adds.join('\n')}
`;
  return {
    files: [
      { path: 'cors-maps.conf', content: maps },
      { path: 'cors.conf', content: snippet },
    ],
    notes: [],
  };
};

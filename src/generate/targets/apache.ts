// Apache httpd 2.4: SetEnvIf decides the origin, mod_rewrite answers preflights before anything else
// runs, and `Header always` sends the headers on every status (errors included). Needs mod_setenvif,
// mod_headers and mod_rewrite.

import type { NormalizedCorsOptions } from '../../policy/types.js';
import {
  allowHeadersValue,
  allowMethodsValue,
  exactRegex,
  exposeHeadersValue,
  patternRegex,
  refuseCommon,
} from '../model.js';
import {
  LONG_HEADER_LIST_REGEX,
  listedHeadersRegex,
  listedMethodRegex,
  malformedHeadersRegex,
  REQUESTED_METHOD_REGEX,
} from '../preflight-classes.js';
import type { Generator } from '../types.js';

// mod_headers reads `%…` in a value as a format specifier (%t, %{VAR}e): `%%` is a literal percent.
export const hv = (s: string) => `"${s.replace(/%/g, '%%')}"`;
// In a RewriteCond pattern a percent is written as a regex escape, whatever Apache expands.
export const rx = (s: string) => s.replace(/%/g, '\\x25');
// A request whose origin is allowed and that is not a refused preflight.
const ANSWERED = "-n reqenv('CORS_ORIGIN') && reqenv('CORS_PREFLIGHT') != 'deny'";
// An allowed or unlisted preflight: both name what is allowed.
const NAMED = "reqenv('CORS_PREFLIGHT') in {'allow', 'unlisted'}";

/**
 * The mod_rewrite rules that classify a preflight from an allowed origin (CORS_ORIGIN set) and answer
 * it: CORS_PREFLIGHT=allow, or unlisted (a method or header name the policy does not list, answered
 * with what is allowed so the browser's console names it). `on` are the conditions selecting the
 * policy (a per-path route's, or none). Anything else is left to the deny rule.
 *
 * @example
 * preflightRules(options, []).some((l) => l.includes('E=CORS_PREFLIGHT:unlisted')); // true unless methods and headers are '*'
 */
export function preflightRules(o: NormalizedCorsOptions, on: readonly string[]): string[] {
  const method = '%{HTTP:Access-Control-Request-Method}';
  const headers = '%{HTTP:Access-Control-Request-Headers}';
  const listed = rx(listedMethodRegex(o, 'pcre'));
  const listedHeaders = rx(listedHeadersRegex(o, 'pcre'));
  const base = [
    ...on,
    'RewriteCond %{REQUEST_METHOD} =OPTIONS',
    'RewriteCond %{HTTP:Origin} .',
    'RewriteCond %{ENV:CORS_ORIGIN} .',
  ];
  const answer = (kind: string) =>
    o.preflightContinue
      ? `RewriteRule ^ - [E=CORS_PREFLIGHT:${kind}]`
      : `RewriteRule ^ - [E=CORS_PREFLIGHT:${kind},R=${o.preflightStatus},L]`;
  const wellFormed = rx(REQUESTED_METHOD_REGEX);
  const unlistedMethod =
    listed === wellFormed
      ? []
      : [
          '# Unlisted: a method name the policy does not list (whatever the headers: the method is read first),',
          ...base,
          `RewriteCond ${method} "!${listed}"`,
          `RewriteCond ${method} "${wellFormed}"`,
          answer('unlisted'),
        ];
  const unlistedHeader =
    o.allowedHeaders === '*'
      ? []
      : [
          '# or a listed method whose first header not listed is a name (not malformed, not too long to read).',
          ...base,
          `RewriteCond ${method} "${listed}"`,
          `RewriteCond ${headers} "!${LONG_HEADER_LIST_REGEX}"`,
          `RewriteCond ${headers} "!${listedHeaders}"`,
          `RewriteCond ${headers} "!${rx(malformedHeadersRegex(o, 'pcre'))}"`,
          answer('unlisted'),
        ];
  const rules = [
    '# Allowed: the method listed (compared case-sensitively) and every requested header listed.',
    ...base,
    `RewriteCond ${method} "${listed}"`,
    `RewriteCond ${headers} "!${LONG_HEADER_LIST_REGEX}"`,
    `RewriteCond ${headers} "${listedHeaders}"`,
    answer('allow'),
    ...unlistedMethod,
    ...unlistedHeader,
  ];
  return rules.map(noVary);
}

/**
 * A RewriteCond reading a request header, flagged NV: mod_rewrite would add every header a condition
 * reads to Vary (Origin even when any origin gets `*`); the Vary lines say what the answer depends on.
 *
 * @example
 * noVary('RewriteCond %{HTTP:Origin} .'); // 'RewriteCond %{HTTP:Origin} . [NV]'
 */
export function noVary(line: string): string {
  return line.startsWith('RewriteCond %{HTTP:') ? `${line} [NV]` : line;
}

/**
 * The `Header always` lines after Access-Control-Allow-Origin (credentials, exposed headers, the
 * preflight's answer), each conditioned on `guard` first (`''`, or a per-path `reqenv(...) == 'r0' && `).
 *
 * @example
 * answerHeaderLines(options, "reqenv('CORS_ROUTE') == 'r0' && ");
 */
export function answerHeaderLines(o: NormalizedCorsOptions, guard: string): string[] {
  const allowMethods = allowMethodsValue(o);
  const allowHeaders = allowHeadersValue(o);
  const expose = exposeHeadersValue(o);
  const pf = `"expr=${guard}reqenv('CORS_PREFLIGHT') == 'allow'"`;
  const named = `"expr=${guard}${NAMED}"`;
  return [
    ...(o.credentials
      ? [`Header always set Access-Control-Allow-Credentials "true" "expr=${guard}${ANSWERED}"`]
      : []),
    ...(expose !== ''
      ? [
          `Header always set Access-Control-Expose-Headers ${hv(expose)} "expr=${guard}-n reqenv('CORS_ORIGIN') && -z reqenv('CORS_PREFLIGHT')"`,
        ]
      : []),
    // Echoes read the request header in an expression: in a plain value `%{…}i` is mod_headers' idle
    // percentage, not a header. An unlisted preflight may echo the method (methods '*' with
    // credentials: only a header can be unlisted then, and the method is a checked token).
    `Header always set Access-Control-Allow-Methods ${allowMethods === undefined ? '"expr=%{req:Access-Control-Request-Method}"' : hv(allowMethods)} ${named}`,
    // Never the request's own header names on a refusal.
    ...(allowHeaders === undefined
      ? [
          `Header always set Access-Control-Allow-Headers "expr=%{req:Access-Control-Request-Headers}" "expr=${guard}reqenv('CORS_PREFLIGHT') == 'allow' && -n %{req:Access-Control-Request-Headers}"`,
        ]
      : allowHeaders !== ''
        ? [`Header always set Access-Control-Allow-Headers ${hv(allowHeaders)} ${named}`]
        : []),
    ...(o.maxAge !== undefined ? [`Header always set Access-Control-Max-Age "${o.maxAge}" ${pf}`] : []),
  ];
}

/**
 * Generate `cors.conf` for Apache httpd (server or virtual-host context).
 *
 * @example
 * generateApache(options, ctx).files[0].content.includes('Header always set Access-Control-Allow-Origin'); // true
 */
export const generateApache: Generator = (o, ctx) => {
  refuseCommon(o, 'apache', false);
  const origin = o.anyOrigin
    ? ['# Any origin: every request with an Origin header gets *.', 'SetEnvIf Origin "." CORS_ORIGIN=*']
    : [
        '# CORS_ORIGIN = the request Origin when it is allowed. Regexes anchored (^…$), dots escaped.',
        ...o.exactOrigins.map((e) => `SetEnvIf Origin "${exactRegex(e, 'pcre')}" CORS_ORIGIN=$0`),
        ...o.patterns.map(
          (p) => `SetEnvIf Origin "${patternRegex(p, 'pcre')}" CORS_ORIGIN=$0  # ${p.source}`,
        ),
      ];
  // SetEnvIf cannot be followed by a comment on the same line: move pattern sources above.
  const originLines = origin.flatMap((l) => {
    const i = l.indexOf('  # ');
    return i > 0 && l.startsWith('SetEnvIf') ? [`# ${l.slice(i + 4)}`, l.slice(0, i)] : [l];
  });
  const headers = [
    `Header always set Access-Control-Allow-Origin "%{CORS_ORIGIN}e" "expr=${ANSWERED}"`,
    ...answerHeaderLines(o, ''),
  ];
  const vary = o.anyOrigin
    ? [
        `Header always merge Vary "Access-Control-Request-Method" "expr=%{REQUEST_METHOD} == 'OPTIONS'"`,
        `Header always merge Vary "Access-Control-Request-Headers" "expr=%{REQUEST_METHOD} == 'OPTIONS'"`,
      ]
    : [
        'Header always merge Vary "Origin"',
        `Header always merge Vary "Access-Control-Request-Method" "expr=%{REQUEST_METHOD} == 'OPTIONS'"`,
        `Header always merge Vary "Access-Control-Request-Headers" "expr=%{REQUEST_METHOD} == 'OPTIONS'"`,
      ];
  const content = `${ctx.header('#')}
# Apache httpd 2.4, in the server or <VirtualHost> context (not .htaccess):   Include conf/cors.conf
# Needs: a2enmod setenvif headers rewrite
# Browsers send the Origin serialized in lowercase; the SetEnvIf regexes are case-sensitive on purpose.
${originLines.join('\n')}

RewriteEngine On
# Preflights are answered here, before authentication and the application (they carry no cookies)${o.preflightContinue ? ';\n# preflightContinue: allowed and unlisted ones reach your application, with the headers below' : ''}.
${preflightRules(o, []).join('\n')}
# Any other preflight (a refused origin, a malformed or oversized request) is refused, without CORS headers.
RewriteCond %{REQUEST_METHOD} =OPTIONS
RewriteCond %{HTTP:Origin} . [NV]
RewriteCond %{HTTP:Access-Control-Request-Method} . [NV]
RewriteCond %{ENV:CORS_PREFLIGHT} "!^(?:allow|unlisted)$"
RewriteRule ^ - [E=CORS_PREFLIGHT:deny,R=403,L]

# \`always\` puts the headers on every answer, 4xx/5xx included, so the page can read errors.
${headers.join('\n')}
# Vary on every response: the answer depends on these request headers.
${vary.join('\n')}
`;
  return { files: [{ path: 'cors.conf', content }], notes: [] };
};

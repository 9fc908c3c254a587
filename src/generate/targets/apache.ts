// Apache httpd 2.4: SetEnvIf decides the origin, mod_rewrite answers preflights before anything else
// runs, and `Header always` sends the headers on every status (errors included). Needs mod_setenvif,
// mod_headers and mod_rewrite.

import type { NormalizedCorsOptions } from '../../policy/types.js';
import {
  ANY_HEADER_LIST_REGEX,
  ANY_METHOD_REGEX,
  allowHeadersValue,
  allowMethodsValue,
  exactRegex,
  exposeHeadersValue,
  headerListRegex,
  methodRegex,
  patternRegex,
  preflightMethods,
  refuseCommon,
} from '../model.js';
import type { Generator } from '../types.js';

// mod_headers reads `%…` in a value as a format specifier (%t, %{VAR}e): `%%` is a literal percent.
export const hv = (s: string) => `"${s.replace(/%/g, '%%')}"`;
// In a RewriteCond pattern a percent is written as a regex escape, whatever Apache expands.
export const rx = (s: string) => s.replace(/%/g, '\\x25');
// A request whose origin is allowed and that is not a refused preflight.
const ANSWERED = "-n reqenv('CORS_ORIGIN') && reqenv('CORS_PREFLIGHT') != 'deny'";

/** The RewriteCond patterns an allowed preflight's method and requested headers must match. */
export function preflightConditions(o: NormalizedCorsOptions): { methodCond: string; headerCond: string } {
  const methods = preflightMethods(o);
  const methodCond = methods === '*' ? ANY_METHOD_REGEX : rx(methodRegex(methods));
  const headerCond =
    o.allowedHeaders === '*'
      ? ANY_HEADER_LIST_REGEX
      : o.allowedHeaders.length > 0
        ? rx(headerListRegex(o.allowedHeaders))
        : '^$';
  return { methodCond, headerCond };
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
  return [
    ...(o.credentials
      ? [`Header always set Access-Control-Allow-Credentials "true" "expr=${guard}${ANSWERED}"`]
      : []),
    ...(expose !== ''
      ? [
          `Header always set Access-Control-Expose-Headers ${hv(expose)} "expr=${guard}-n reqenv('CORS_ORIGIN') && -z reqenv('CORS_PREFLIGHT')"`,
        ]
      : []),
    `Header always set Access-Control-Allow-Methods ${allowMethods === undefined ? '"%{Access-Control-Request-Method}i"' : hv(allowMethods)} ${pf}`,
    ...(allowHeaders !== ''
      ? [
          `Header always set Access-Control-Allow-Headers ${allowHeaders === undefined ? '"%{Access-Control-Request-Headers}i"' : hv(allowHeaders)} ${pf}`,
        ]
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
  const { methodCond, headerCond } = preflightConditions(o);
  const answer = o.preflightContinue
    ? '# preflightContinue: allowed preflights reach your application, with the headers below.\nRewriteRule ^ - [E=CORS_PREFLIGHT:allow]'
    : `# Answered here, before authentication and the application (preflights carry no cookies).\nRewriteRule ^ - [E=CORS_PREFLIGHT:allow,R=${o.preflightStatus},L]`;
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
# An allowed preflight: OPTIONS with an allowed Origin, method (compared case-sensitively) and headers.
RewriteCond %{REQUEST_METHOD} =OPTIONS
RewriteCond %{HTTP:Origin} .
RewriteCond %{ENV:CORS_ORIGIN} .
RewriteCond %{HTTP:Access-Control-Request-Method} "${methodCond}"
RewriteCond %{HTTP:Access-Control-Request-Headers} "${headerCond}"
${answer}
# Any other preflight is refused, without CORS headers.
RewriteCond %{REQUEST_METHOD} =OPTIONS
RewriteCond %{HTTP:Origin} .
RewriteCond %{HTTP:Access-Control-Request-Method} .
RewriteCond %{ENV:CORS_PREFLIGHT} !=allow
RewriteRule ^ - [E=CORS_PREFLIGHT:deny,R=403,L]

# \`always\` puts the headers on every answer, 4xx/5xx included, so the page can read errors.
${headers.join('\n')}
# Vary on every response: the answer depends on these request headers.
${vary.join('\n')}
`;
  return { files: [{ path: 'cors.conf', content }], notes: [] };
};

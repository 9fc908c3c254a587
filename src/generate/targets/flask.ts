// Flask: flask-cors. Its string origins are compared case-insensitively and anything that looks like a
// regex is matched with re.match (anchored at the start only), so every pattern is passed as a compiled,
// fully anchored regex; it adds Vary: Origin only with several origins, so an after_request hook adds it
// to every response.

import type { NormalizedCorsOptions } from '../../policy/types.js';
import { exactRegex, patternRegex, preflightMethods, pyRaw, refuseCommon } from '../model.js';
import { routeRegex, TRICKY_PATH_NOTE, trickyPathRegex } from '../paths.js';
import type { FidelityNote, Generator, RoutesGenerator } from '../types.js';
import { looksLikeRegex, pyList } from './python-shared.js';

/**
 * Generate `cors.py` for Flask: `init_cors(app)`.
 *
 * @example
 * generateFlask(options, ctx).files[0].content.includes('from flask_cors import CORS'); // true
 */
export const generateFlask: Generator = (o, ctx) => {
  refuseCommon(o, 'flask', false);
  const notes: FidelityNote[] = [];
  if (o.preflightContinue)
    notes.push({
      code: 'GENERATE_PREFLIGHT_ANSWERED',
      message: 'Flask answers OPTIONS itself (automatic_options); preflightContinue cannot be honoured',
    });
  const origins: string[] = [];
  if (!o.anyOrigin) {
    for (const e of o.exactOrigins)
      origins.push(
        looksLikeRegex(e) ? `re.compile(${pyRaw(exactRegex(e, 'python'))}),` : `${JSON.stringify(e)},`,
      );
    for (const p of o.patterns)
      origins.push(`re.compile(${pyRaw(patternRegex(p, 'python'))}),  # ${p.source}`);
  }
  const methods = preflightMethods(o);
  const args: string[] = [
    o.anyOrigin
      ? 'origins="*",\nsend_wildcard=True,'
      : `# Exact origins as strings; wildcard patterns as compiled regexes, anchored with ^…\\Z, dots escaped.\norigins=[\n${origins.map((x) => `    ${x}`).join('\n')}\n],`,
    `methods=${methods === '*' ? '["GET", "HEAD", "POST", "OPTIONS", "PUT", "PATCH", "DELETE"]' : pyList(methods)},`,
    // flask-cors answers with the requested headers that match allow_headers; [] allows none.
    `allow_headers=${o.allowedHeaders === '*' ? '"*"' : pyList(o.allowedHeaders)},`,
  ];
  if (o.methods === '*')
    notes.push({
      code: 'GENERATE_METHODS_WILDCARD',
      message:
        'flask-cors takes a list of methods: GET, HEAD, POST, OPTIONS, PUT, PATCH and DELETE are allowed, other methods are refused',
    });
  if (o.exposedHeaders === '*' || o.exposedHeaders.length > 0)
    args.push(`expose_headers=${pyList(o.exposedHeaders === '*' ? ['*'] : o.exposedHeaders)},`);
  args.push(`supports_credentials=${o.credentials ? 'True' : 'False'},`);
  if (o.maxAge !== undefined) args.push(`max_age=${o.maxAge},`);
  const vary = o.anyOrigin ? [] : ['Origin'];
  const content = `${ctx.header('#', notes)}
# Flask with flask-cors. In your app:  from cors import init_cors;  init_cors(app)
# flask-cors answers preflights in after_request; keep authentication out of before_request for OPTIONS.
import re

from flask import request
from flask_cors import CORS


def init_cors(app):
    """Install the CORS policy on a Flask app."""
    CORS(
        app,
${args
  .join('\n')
  .split('\n')
  .map((l) => `        ${l}`)
  .join('\n')}
    )

    @app.after_request
    def vary_on_cors_request_headers(response):
        # The answer depends on these request headers on every response, refused ones included,
        # so shared caches must keep the answers apart.
        for name in ${JSON.stringify(vary)} + (["Access-Control-Request-Method", "Access-Control-Request-Headers"] if request.method == "OPTIONS" else []):
            response.vary.add(name)
        return response

    return app
`;
  return { files: [{ path: 'cors.py', content }], notes };
};

/** flask-cors options of one policy as `[name, Python source]` pairs. */
function flaskOptions(o: NormalizedCorsOptions, notes: FidelityNote[]): [string, string][] {
  const out: [string, string][] = [];
  if (o.anyOrigin) out.push(['origins', '"*"'], ['send_wildcard', 'True']);
  else {
    const origins = [
      ...o.exactOrigins.map((e) =>
        looksLikeRegex(e) ? `re.compile(${pyRaw(exactRegex(e, 'python'))})` : JSON.stringify(e),
      ),
      ...o.patterns.map((p) => `re.compile(${pyRaw(patternRegex(p, 'python'))})`),
    ];
    out.push(['origins', `[${origins.join(', ')}]`]);
  }
  const methods = preflightMethods(o);
  out.push([
    'methods',
    methods === '*' ? '["GET", "HEAD", "POST", "OPTIONS", "PUT", "PATCH", "DELETE"]' : pyList(methods),
  ]);
  if (o.methods === '*' && !notes.some((n) => n.code === 'GENERATE_METHODS_WILDCARD'))
    notes.push({
      code: 'GENERATE_METHODS_WILDCARD',
      message:
        'flask-cors takes a list of methods: GET, HEAD, POST, OPTIONS, PUT, PATCH and DELETE are allowed, other methods are refused',
    });
  out.push(['allow_headers', o.allowedHeaders === '*' ? '"*"' : pyList(o.allowedHeaders)]);
  if (o.exposedHeaders === '*' || o.exposedHeaders.length > 0)
    out.push(['expose_headers', pyList(o.exposedHeaders === '*' ? ['*'] : o.exposedHeaders)]);
  out.push(['supports_credentials', o.credentials ? 'True' : 'False']);
  if (o.maxAge !== undefined) out.push(['max_age', String(o.maxAge)]);
  return out;
}

/**
 * Generate `cors.py` for Flask with per-path policies: flask-cors `resources`, one regex per route.
 * flask-cors tries resources longest regex first, not in the policy's order, so each route's regex
 * excludes every earlier route (negative lookaheads): at most one resource matches any path.
 *
 * @example
 * generateFlaskRoutes({ routes: createCors(p).routes, defaults: null }, ctx).files[0].content.includes('resources={'); // true
 */
export const generateFlaskRoutes: RoutesGenerator = (p, ctx) => {
  const notes: FidelityNote[] = [TRICKY_PATH_NOTE];
  const all = [p.defaults, ...p.routes.map((r) => r.options)].filter((o) => o !== null);
  for (const o of all) refuseCommon(o, 'flask', false);
  if (all.some((o) => o.preflightContinue))
    notes.push({
      code: 'GENERATE_PREFLIGHT_ANSWERED',
      message: 'Flask answers OPTIONS itself (automatic_options); preflightContinue cannot be honoured',
    });
  const bodies = p.routes.map((r) => routeRegex(r.pattern, 'python').replace(/^\(\?is\)/, ''));
  const guard = `(?!.*(?:${trickyPathRegex('python')}))`;
  const regexOf = (i: number) =>
    `(?is)${guard}${bodies
      .slice(0, i)
      .map((b) => `(?!${b})`)
      .join('')}${i < bodies.length ? bodies[i] : '^.*'}`;
  const resources: string[] = [];
  const vary: string[] = [];
  const entries = [
    ...p.routes.map((r, i) => ({ o: r.options, title: r.pattern.path, i })),
    { o: p.defaults, title: 'every other path', i: bodies.length },
  ];
  for (const { o, title, i } of entries) {
    vary.push(
      `    (re.compile(${pyRaw(regexOf(i))}), ${o === null ? 'None' : o.anyOrigin ? '[]' : '["Origin"]'}),  # ${title}`,
    );
    if (o === null) continue;
    const opts = flaskOptions(o, notes).map(([k, v]) => `            ${JSON.stringify(k)}: ${v},`);
    resources.push(`        # ${title}\n        ${pyRaw(regexOf(i))}: {\n${opts.join('\n')}\n        },`);
  }
  const content = `${ctx.header('#', notes)}
# Flask with flask-cors, one policy per path. In your app:  from cors import init_cors;  init_cors(app)
# flask-cors answers preflights in after_request; keep authentication out of before_request for OPTIONS.
import re

from flask import request
from flask_cors import CORS

# Routes in order (first match wins), each excluding the earlier ones, so flask-cors (which tries the
# longest regex first) picks the same route. A path with %, \\, ;, // or a dot segment matches none.
# The second item: what the answer varies on there (None: no CORS on that path).
ROUTES = [
${vary.join('\n')}
]


def init_cors(app):
    """Install the per-path CORS policy on a Flask app."""
    CORS(
        app,
        resources={
${resources.join('\n')}
        },
    )

    @app.after_request
    def vary_on_cors_request_headers(response):
        # The answer depends on these request headers on every response of a path with CORS, refused
        # ones included, so shared caches must keep the answers apart.
        vary = next((v for r, v in ROUTES if r.match(request.path)), None)
        if vary is None:
            return response
        for name in vary + (["Access-Control-Request-Method", "Access-Control-Request-Headers"] if request.method == "OPTIONS" else []):
            response.vary.add(name)
        return response

    return app
`;
  return { files: [{ path: 'cors.py', content }], notes };
};

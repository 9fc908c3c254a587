// Flask: flask-cors. Its string origins are compared case-insensitively and anything that looks like a
// regex is matched with re.match (anchored at the start only), so every pattern is passed as a compiled,
// fully anchored regex; it adds Vary: Origin only with several origins, so an after_request hook adds it
// to every response.
import { exactRegex, patternRegex, preflightMethods, pyRaw, refuseCommon } from '../model.js';
import type { FidelityNote, Generator } from '../types.js';
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

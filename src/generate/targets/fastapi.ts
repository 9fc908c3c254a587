// FastAPI / Starlette: CORSMiddleware, subclassed to close three gaps between Starlette and the policy:
// it always allows Accept, Accept-Language, Content-Language and Content-Type (so a policy without
// Content-Type would still let `Content-Type: application/json` through), it always sends
// Access-Control-Max-Age (600 by default), and it sends no Vary: Origin on responses it refuses or
// on requests without Origin (so a shared cache can serve one origin's answer to another).

import type { NormalizedCorsOptions } from '../../policy/types.js';
import { combinedRegex, preflightMethods, pyRaw, refuseCommon, VARY_PREFLIGHT } from '../model.js';
import { routeRegex, TRICKY_PATH_NOTE, trickyPathRegex } from '../paths.js';
import type { FidelityNote, Generator, RoutesGenerator } from '../types.js';
import { pyList } from './python-shared.js';

/** What Starlette cannot express for one policy. */
function starletteNotes(o: NormalizedCorsOptions): FidelityNote[] {
  const notes: FidelityNote[] = [];
  if (o.preflightContinue)
    notes.push({
      code: 'GENERATE_PREFLIGHT_ANSWERED',
      message: 'Starlette answers every preflight itself; preflightContinue cannot be honoured',
    });
  if (o.methods === '*')
    notes.push({
      code: 'GENERATE_METHODS_WILDCARD',
      message:
        "Starlette turns allow_methods ['*'] into DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT; other methods are refused",
    });
  return notes;
}

function starletteArgs(o: NormalizedCorsOptions): string[] {
  const methods = preflightMethods(o);
  const args: string[] = [];
  if (o.anyOrigin) args.push('allow_origins=["*"],');
  else {
    args.push(`allow_origins=${pyList(o.exactOrigins, '        ')},`);
    if (o.patterns.length > 0) {
      args.push(
        '# Wildcard patterns as one regex: anchored, dots escaped (Starlette uses fullmatch).',
        `allow_origin_regex=${pyRaw(combinedRegex(o, 'python', false))},`,
      );
    }
  }
  args.push(`allow_methods=${methods === '*' ? '["*"]' : pyList(methods, '        ')},`);
  args.push(`allow_headers=${o.allowedHeaders === '*' ? '["*"]' : pyList(o.allowedHeaders, '        ')},`);
  if (o.credentials) args.push('allow_credentials=True,');
  if (o.exposedHeaders === '*' || o.exposedHeaders.length > 0)
    args.push(`expose_headers=${pyList(o.exposedHeaders === '*' ? ['*'] : o.exposedHeaders, '        ')},`);
  args.push(`max_age=${o.maxAge ?? 0},`);
  return args;
}

/**
 * The Python source of a CORSMiddleware subclass made exact for one policy.
 *
 * @example
 * starletteClass('PolicyCORSMiddleware', options).startsWith('class PolicyCORSMiddleware(CORSMiddleware):'); // true
 */
export function starletteClass(name: string, o: NormalizedCorsOptions): string {
  const strictHeaders = o.allowedHeaders !== '*';
  const vary = !o.anyOrigin;
  return `class ${name}(CORSMiddleware):
    """Starlette's CORSMiddleware, made exact for this policy."""

    def __init__(self, app):
        super().__init__(
            app,
${starletteArgs(o)
  .map((a) => `            ${a}`)
  .join('\n')}
        )
${
  strictHeaders
    ? `        # Starlette always adds Accept, Accept-Language, Content-Language and Content-Type to the allowed
        # headers; the policy allows exactly these (compared case-insensitively):
        self.allow_headers = ${pyList(
          o.allowedHeaders.map((h) => h.toLowerCase()),
          '        ',
        )}
        ${o.allowedHeaders.length > 0 ? `self.preflight_headers["Access-Control-Allow-Headers"] = ${JSON.stringify(o.allowedHeaders.join(', '))}` : 'self.preflight_headers.pop("Access-Control-Allow-Headers", None)'}
`
    : ''
}${
  o.maxAge === undefined
    ? `        # The policy sends no Access-Control-Max-Age (browsers then cache a preflight for 5 s).
        self.preflight_headers.pop("Access-Control-Max-Age", None)
`
    : ''
}
    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        preflight = scope["method"] == "OPTIONS"

        async def send_with_vary(message):
            # Every answer depends on the request's Origin${vary ? '' : ' (and on a preflight, its lists)'}: say so, refused ones included.
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                present = {v.strip().lower() for v in headers.get("vary", "").split(",") if v.strip()}
                wanted = ${vary ? `${JSON.stringify(VARY_PREFLIGHT.split(', '))} if preflight else ["Origin"]` : '["Access-Control-Request-Method", "Access-Control-Request-Headers"] if preflight else []'}
                for name in wanted:
                    if name.lower() not in present and "*" not in present:
                        headers.add_vary_header(name)
            await send(message)

        await super().__call__(scope, receive, send_with_vary)
`;
}

/**
 * Generate `cors.py` for FastAPI (or any Starlette app): `add_cors(app)`.
 *
 * @example
 * generateFastapi(options, ctx).files[0].content.includes('CORSMiddleware'); // true
 */
export const generateFastapi: Generator = (o, ctx) => {
  refuseCommon(o, 'fastapi', false);
  const notes = starletteNotes(o);
  const content = `${ctx.header('#', notes)}
# FastAPI / Starlette. In your app:  from cors import add_cors;  add_cors(app)
# Add it last, so it wraps every other middleware (auth included): preflights are answered first.
from starlette.datastructures import MutableHeaders
from starlette.middleware.cors import CORSMiddleware


${starletteClass('PolicyCORSMiddleware', o)}

def add_cors(app):
    """Install the CORS policy on a FastAPI or Starlette app."""
    app.add_middleware(PolicyCORSMiddleware)
`;
  return { files: [{ path: 'cors.py', content }], notes };
};

/**
 * Generate `cors.py` for FastAPI / Starlette with per-path policies: one exact CORSMiddleware per
 * route, built once, and a small ASGI middleware that hands each request to its route's, chosen on
 * the raw path (`raw_path`, as sent: a tricky path gets no CORS; Starlette routes on the decoded one).
 *
 * @example
 * generateFastapiRoutes({ routes: createCors(p).routes, defaults: null }, ctx).files[0].content.includes('class RoutedCORSMiddleware'); // true
 */
export const generateFastapiRoutes: RoutesGenerator = (p, ctx) => {
  const entries: { name: string; title: string; o: NormalizedCorsOptions }[] = [];
  p.routes.forEach((r, i) => {
    if (r.options !== null) entries.push({ name: `Route${i}CORS`, title: r.pattern.path, o: r.options });
  });
  if (p.defaults !== null) entries.push({ name: 'DefaultsCORS', title: 'every other path', o: p.defaults });
  const notes: FidelityNote[] = [TRICKY_PATH_NOTE];
  for (const e of entries) {
    refuseCommon(e.o, 'fastapi', false);
    for (const n of starletteNotes(e.o)) if (!notes.some((x) => x.code === n.code)) notes.push(n);
  }
  const routeLines = p.routes.map(
    (r, i) =>
      `            (re.compile(${pyRaw(routeRegex(r.pattern, 'python'))}), ${r.options === null ? 'None' : `Route${i}CORS(app)`}),  # ${r.pattern.path}${r.options === null ? ': no CORS' : ''}`,
  );
  const content = `${ctx.header('#', notes)}
# FastAPI / Starlette, one policy per path. In your app:  from cors import add_cors;  add_cors(app)
# Add it last, so it wraps every other middleware (auth included): preflights are answered first.
import re

from starlette.datastructures import MutableHeaders
from starlette.middleware.cors import CORSMiddleware

${entries.map((e) => `\n# ${e.title}\n${starletteClass(e.name, e.o)}`).join('')}

# A path servers may read as another route (%, \\, ;, //, dot segments) gets no CORS.
TRICKY_PATH = re.compile(${pyRaw(trickyPathRegex('python'))})


class RoutedCORSMiddleware:
    """Hands each request to the CORS middleware of its path: the first route that matches, else the
    defaults; None (a route with cors: false, a tricky path) passes the request on untouched."""

    def __init__(self, app):
        self.app = app
        # Routes in order, first match wins; literals compare case-insensitively, :name is one
        # segment, a trailing /* is the prefix and everything below it. Built once.
        self.routes = [
${routeLines.join('\n')}
        ]
        self.defaults = ${p.defaults === null ? 'None' : 'DefaultsCORS(app)'}

    def cors_for(self, scope):
        raw = scope.get("raw_path")
        # Without the raw path (an ASGI server that does not send it) no reading can be trusted.
        if raw is None:
            return None
        path = raw.decode("latin-1").split("?", 1)[0]
        if TRICKY_PATH.search(path):
            return None
        return next((cors for pattern, cors in self.routes if pattern.match(path)), self.defaults)

    async def __call__(self, scope, receive, send):
        cors = self.cors_for(scope) if scope["type"] == "http" else None
        await (cors or self.app)(scope, receive, send)


def add_cors(app):
    """Install the per-path CORS policy on a FastAPI or Starlette app."""
    app.add_middleware(RoutedCORSMiddleware)
`;
  return { files: [{ path: 'cors.py', content }], notes };
};

// FastAPI / Starlette: CORSMiddleware, subclassed to close three gaps between Starlette and the policy:
// it always allows Accept, Accept-Language, Content-Language and Content-Type (so a policy without
// Content-Type would still let `Content-Type: application/json` through), it always sends
// Access-Control-Max-Age (600 by default), and it sends no Vary: Origin on responses it refuses or
// on requests without Origin (so a shared cache can serve one origin's answer to another).
import { combinedRegex, preflightMethods, pyRaw, refuseCommon, VARY_PREFLIGHT } from '../model.js';
import type { FidelityNote, Generator } from '../types.js';
import { pyList } from './python-shared.js';

/**
 * Generate `cors.py` for FastAPI (or any Starlette app): `add_cors(app)`.
 *
 * @example
 * generateFastapi(options, ctx).files[0].content.includes('CORSMiddleware'); // true
 */
export const generateFastapi: Generator = (o, ctx) => {
  refuseCommon(o, 'fastapi', false);
  const notes: FidelityNote[] = [];
  if (o.preflightContinue)
    notes.push({
      code: 'GENERATE_PREFLIGHT_ANSWERED',
      message: 'Starlette answers every preflight itself; preflightContinue cannot be honoured',
    });
  const methods = preflightMethods(o);
  if (o.methods === '*')
    notes.push({
      code: 'GENERATE_METHODS_WILDCARD',
      message:
        "Starlette turns allow_methods ['*'] into DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT; other methods are refused",
    });
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
  const strictHeaders = o.allowedHeaders !== '*';
  const vary = !o.anyOrigin;
  const content = `${ctx.header('#', notes)}
# FastAPI / Starlette. In your app:  from cors import add_cors;  add_cors(app)
# Add it last, so it wraps every other middleware (auth included): preflights are answered first.
from starlette.datastructures import MutableHeaders
from starlette.middleware.cors import CORSMiddleware


class PolicyCORSMiddleware(CORSMiddleware):
    """Starlette's CORSMiddleware, made exact for this policy."""

    def __init__(self, app):
        super().__init__(
            app,
${args.map((a) => `            ${a}`).join('\n')}
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


def add_cors(app):
    """Install the CORS policy on a FastAPI or Starlette app."""
    app.add_middleware(PolicyCORSMiddleware)
`;
  return { files: [{ path: 'cors.py', content }], notes };
};

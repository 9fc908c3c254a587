// Django with per-path policies: a small middleware of its own (`cors_routes.py`), not
// django-cors-headers. That package reads one set of global settings (CORS_ALLOWED_ORIGINS,
// CORS_ALLOW_CREDENTIALS, …) for every request, and CORS_URLS_REGEX only switches that one policy on or
// off by path: a credentialed allowlist on /private and `*` on /public cannot both be expressed with it.
// The middleware below decides each request as corsair does (src/policy/compile.ts, answers.ts), with
// one Policy object per route built at import time and the route picked by the request's path.
import type { NormalizedCorsOptions } from '../../policy/types.js';
import {
  allowHeadersValue,
  allowMethodsValue,
  exposeHeadersValue,
  patternRegex,
  preflightMethods,
  pyRaw,
  refuseCommon,
} from '../model.js';
import { routeRegex, TRICKY_PATH_NOTE, trickyPathRegex } from '../paths.js';
import type { FidelityNote, RoutesGenerator } from '../types.js';
import { pyList } from './python-shared.js';

const py = (v: string | undefined) => (v === undefined ? 'None' : JSON.stringify(v));

/** The `Policy(...)` constructor call of one policy. */
function policyCall(o: NormalizedCorsOptions): string {
  const methods = preflightMethods(o);
  const expose = exposeHeadersValue(o);
  const args = [
    `any_origin=${o.anyOrigin ? 'True' : 'False'}`,
    `origins=${pyList(o.anyOrigin ? [] : o.exactOrigins, '    ')}`,
    `origin_regexes=[${o.patterns.map((p) => pyRaw(patternRegex(p, 'python'))).join(', ')}]`,
    `methods=${methods === '*' ? 'None' : pyList(methods, '    ')}`,
    `headers=${o.allowedHeaders === '*' ? 'None' : pyList(o.allowedHeaders, '    ')}`,
    `allow_methods=${py(allowMethodsValue(o))}`,
    `allow_headers=${py(allowHeadersValue(o))}`,
    `expose_headers=${py(expose === '' ? undefined : expose)}`,
    `credentials=${o.credentials ? 'True' : 'False'}`,
    `max_age=${o.maxAge === undefined ? 'None' : o.maxAge}`,
    `preflight_status=${o.preflightStatus}`,
    `preflight_continue=${o.preflightContinue ? 'True' : 'False'}`,
  ];
  return `Policy(\n${args.map((a) => `        ${a},`).join('\n')}\n    )`;
}

const POLICY_CLASS = `class Policy:
    """One policy, decided as corsair decides it. Built once, at import."""

    def __init__(self, *, any_origin, origins, origin_regexes, methods, headers, allow_methods,
                 allow_headers, expose_headers, credentials, max_age, preflight_status, preflight_continue):
        self.any_origin = any_origin
        self.origins = frozenset(origins)
        self.origin_regexes = [re.compile(r) for r in origin_regexes]
        self.methods = None if methods is None else frozenset(methods)  # None: any method token
        self.headers = None if headers is None else frozenset(h.lower() for h in headers)
        self.allow_methods = allow_methods  # None: the requested method, echoed
        self.allow_headers = allow_headers  # None: the requested headers, echoed; "": none
        self.expose_headers = expose_headers
        self.credentials = credentials
        self.max_age = max_age
        self.preflight_status = preflight_status
        self.preflight_continue = preflight_continue
        self.vary = [] if any_origin else ["Origin"]

    def origin_allowed(self, origin):
        return self.any_origin or origin in self.origins or any(r.match(origin) for r in self.origin_regexes)

    def problem(self, method, requested):
        """"malformed", "unlisted" (a well-formed name the policy does not list) or None."""
        if len(method) > 64 or not TOKEN.match(method):
            return "malformed"
        if self.methods is not None and method not in self.methods:
            return "unlisted"
        if requested is None or requested.strip(" \\t") == "":
            return None
        if len(requested) > 4096:
            return "malformed"
        for item in requested.split(","):
            name = item.strip(" \\t")
            if name == "":
                continue
            if not TOKEN.match(name):
                return "malformed"
            if self.headers is not None and name.lower() not in self.headers:
                return "unlisted"
        return None

    def preflight(self, origin, method, requested):
        """(status, headers): status None lets the request reach the view (preflightContinue)."""
        problem = self.problem(method, requested) if self.origin_allowed(origin) else "malformed"
        status = None if self.preflight_continue else self.preflight_status
        if problem == "malformed":
            # A refused origin or a malformed request: no CORS headers, the browser blocks it.
            return (None if self.preflight_continue else 403), {}
        # An unlisted method or header is answered with what is allowed (never the request's own
        # names, no Max-Age): the browser refuses it and its console names the method or header.
        headers = {"Access-Control-Allow-Origin": "*" if self.any_origin else origin}
        if self.credentials:
            headers["Access-Control-Allow-Credentials"] = "true"
        headers["Access-Control-Allow-Methods"] = method if self.allow_methods is None else self.allow_methods
        if self.allow_headers is None:
            if problem is None and requested:
                headers["Access-Control-Allow-Headers"] = requested
        elif self.allow_headers != "":
            headers["Access-Control-Allow-Headers"] = self.allow_headers
        if problem is None and self.max_age is not None:
            headers["Access-Control-Max-Age"] = str(self.max_age)
        return status, headers

    def actual(self, origin):
        """The CORS headers of an actual response. Any origin: "*" on every response alike, so a
        cache may serve it to any page; else the origin, when it is allowed."""
        if self.any_origin:
            headers = {"Access-Control-Allow-Origin": "*"}
        elif origin is not None and self.origin_allowed(origin):
            headers = {"Access-Control-Allow-Origin": origin}
            if self.credentials:
                headers["Access-Control-Allow-Credentials"] = "true"
        else:
            return {}
        if self.expose_headers is not None:
            headers["Access-Control-Expose-Headers"] = self.expose_headers
        return headers
`;

const MIDDLEWARE = `def policy_for(request):
    """The policy of the request's path: the first route that matches, else the defaults; None for
    no CORS (a route with cors: false, or a path servers may read as another route)."""
    raw = (request.META.get("RAW_URI") or request.META.get("REQUEST_URI") or "").split("?", 1)[0]
    path = request.path
    if TRICKY_PATH.search(path) or TRICKY_PATH.search(raw):
        return None
    return next((policy for pattern, policy in ROUTES if pattern.match(path)), DEFAULTS)


class RoutedCorsMiddleware:
    """Put it first in MIDDLEWARE: preflights are answered before CSRF, authentication and views."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        policy = policy_for(request)
        if policy is None:
            return self.get_response(request)
        origin = request.headers.get("Origin")
        method = request.headers.get("Access-Control-Request-Method")
        status = None
        if request.method == "OPTIONS" and origin is not None and method is not None:
            status, headers = policy.preflight(origin, method, request.headers.get("Access-Control-Request-Headers"))
        else:
            headers = policy.actual(origin)
        response = HttpResponse(status=status) if status is not None else self.get_response(request)
        # The policy alone sets Access-Control-* headers: a view's own are removed.
        for name in [n for n in response.headers if n.lower().startswith("access-control-")]:
            del response[name]
        for name, value in headers.items():
            response[name] = value
        vary = policy.vary + (["Access-Control-Request-Method", "Access-Control-Request-Headers"] if request.method == "OPTIONS" else [])
        patch_vary_headers(response, vary)
        return response
`;

/**
 * Generate `cors_routes.py` for Django: a per-path CORS middleware (`cors_routes.RoutedCorsMiddleware`).
 *
 * @example
 * generateDjangoRoutes({ routes: createCors(p).routes, defaults: null }, ctx).files[0].path; // 'cors_routes.py'
 */
export const generateDjangoRoutes: RoutesGenerator = (p, ctx) => {
  const all = [p.defaults, ...p.routes.map((r) => r.options)].filter((o) => o !== null);
  for (const o of all) refuseCommon(o, 'django', false);
  const notes: FidelityNote[] = [TRICKY_PATH_NOTE];
  const routes = p.routes.map(
    (r) =>
      `    # ${r.pattern.path}${r.options === null ? ': no CORS' : ''}\n    (re.compile(${pyRaw(routeRegex(r.pattern, 'python'))}), ${r.options === null ? 'None' : policyCall(r.options)}),`,
  );
  const content = `${ctx.header('#', notes)}
# Django, one policy per path. django-cors-headers cannot do this (its settings are one global policy;
# CORS_URLS_REGEX only turns it on or off by path), so this module is a small middleware of its own.
# In settings.py (and remove corsheaders.middleware.CorsMiddleware if you had it):
#   MIDDLEWARE.insert(0, "cors_routes.RoutedCorsMiddleware")
import re

from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

# An HTTP token (RFC 9110 §5.6.2); anything else in a method or header list is refused.
TOKEN = re.compile(r"^[!#$%&'*+.^_\`|~0-9A-Za-z-]+\\Z")
# A path servers may read as another route (%, \\, ;, //, dot segments) gets no CORS.
TRICKY_PATH = re.compile(${pyRaw(trickyPathRegex('python'))})


${POLICY_CLASS}

# Routes in order, first match wins, on the path Django routes on; literals compare
# case-insensitively, :name is one segment, a trailing /* is the prefix and everything below it.
ROUTES = [
${routes.join('\n')}
]
# Every other path${p.defaults === null ? ': no CORS' : ''}.
DEFAULTS = ${p.defaults === null ? 'None' : policyCall(p.defaults)}


${MIDDLEWARE}`;
  return { files: [{ path: 'cors_routes.py', content }], notes };
};

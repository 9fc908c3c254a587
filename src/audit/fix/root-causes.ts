// Why a server's CORS answers fail, named only when its own answers show it: each cause states the
// answers that prove it (the evidence) and uses the `Server`/`X-Powered-By` headers only to name the
// software, never as the proof.
import type { HttpExchange } from '../../exchange.js';
import { getCombined } from '../../fetch/header-list.js';
import type { CheckReport } from '../check.js';
import { answersOrigin, answersRequest, type ServerObservations } from './observe.js';
import { type ServerHint, serverHint } from './server-hint.js';

/**
 * The root causes `findRootCauses` names.
 *
 * @example
 * const code: RootCauseCode = 'options-headers-replaced';
 */
export type RootCauseCode =
  | 'options-headers-replaced'
  | 'options-not-routed-to-cors'
  | 'error-status-without-cors'
  | 'cookie-dependent-reflection'
  | 'path-scoped-rules';

/**
 * A root cause: what is wrong, the answers that show it, the server hint used to name the software
 * (or null), and the fix.
 *
 * @example
 * for (const c of findRootCauses(report, obs)) console.log(c.code, c.summary, c.evidence.join('; '));
 */
export interface RootCause {
  readonly code: RootCauseCode;
  readonly summary: string;
  readonly evidence: readonly string[];
  /** The header that named the software, e.g. `Server: nginx/1.22.1` (a hint, not proof). */
  readonly hint: string | null;
  readonly fix: string;
}

interface Ctx {
  readonly report: CheckReport;
  readonly obs: ServerObservations;
  readonly origin: string;
  readonly hint: ServerHint | null;
}

const acao = (x: HttpExchange) => getCombined(x.response.headers, 'access-control-allow-origin');
const corsNames = (x: HttpExchange) =>
  x.response.headers.map(([n]) => n).filter((n) => /^access-control-/i.test(n));

/** `OPTIONS /items → 204: Access-Control-Allow-Methods, no Access-Control-Allow-Origin`. */
export function evidenceLine(x: HttpExchange): string {
  const path = new URL(x.request.url).pathname;
  const o = acao(x);
  const others = corsNames(x).filter((n) => n.toLowerCase() !== 'access-control-allow-origin');
  const allow = getCombined(x.response.headers, 'allow');
  const parts = [
    o === null ? 'no Access-Control-Allow-Origin' : `Access-Control-Allow-Origin: ${o}`,
    ...(others.length ? [`also ${[...new Set(others)].join(', ')}`] : []),
    ...(allow !== null && others.length === 0 && o === null ? [`Allow: ${allow}`] : []),
  ];
  return `${x.request.method} ${path} → ${x.response.status}: ${parts.join('; ')}`;
}

/** The first answer to a simple request that does carry the origin (the plain GET, then ancestors). */
function answeringOne(ctx: Ctx): HttpExchange | null {
  for (const x of [ctx.obs.plain, ...ctx.obs.ancestors])
    if (x && x.response.status < 400 && answersOrigin(x, ctx.origin)) return x;
  return null;
}

const hinted = (ctx: Ctx, family: ServerHint['family']) => ctx.hint?.family === family;
const hintText = (ctx: Ctx) =>
  ctx.hint ? `${ctx.hint.header} (a hint only: the header can be changed)` : null;

/** nginx `add_header` in `if`/`location`: the OPTIONS answer has its own CORS headers but lost the inherited ACAO. */
function optionsHeadersReplaced(ctx: Ctx): RootCause | null {
  const pre = ctx.obs.preflight;
  const good = answeringOne(ctx);
  if (!pre || !good || acao(pre) !== null || corsNames(pre).length === 0) return null;
  const nginx = hinted(ctx, 'nginx');
  return {
    code: 'options-headers-replaced',
    summary: nginx
      ? "nginx's `add_header` inside `if ($request_method = OPTIONS) { … }` (or any inner block with add_header of its own) replaces every inherited add_header: the preflight gets Allow-Methods/Headers but loses Access-Control-Allow-Origin."
      : 'The preflight is answered by a block that sets CORS headers of its own and drops the Access-Control-Allow-Origin the other answers carry (nginx: add_header inside if/location replaces inherited ones).',
    evidence: [evidenceLine(pre), evidenceLine(good)],
    hint: hintText(ctx),
    fix: nginx
      ? 'Decide the preflight with maps and put every add_header (with `always`) at one level, as the generated config below does; a block with add_header of its own must include the CORS snippet again.'
      : 'Send the same Access-Control-Allow-Origin (and Credentials) on the preflight as on the other answers: set them in one place that every answer passes through.',
  };
}

/** The router answered OPTIONS itself (Express/Werkzeug automatic OPTIONS): no CORS middleware ran for it. */
function optionsNotRouted(ctx: Ctx): RootCause | null {
  const pre = ctx.obs.preflight;
  const good = answeringOne(ctx);
  if (!pre || !good || corsNames(pre).length > 0 || pre.response.status >= 500) return null;
  const express = hinted(ctx, 'express');
  const flask = hinted(ctx, 'flask');
  const summary = express
    ? "The preflight never reached the CORS middleware: Express answered OPTIONS itself (its automatic reply lists the route's methods in `Allow`). The guides' `app.options('*', cors())` throws on Express 5 (path-to-regexp 8: \"Missing parameter name\"), so it is often removed, and per-route `cors()` on app.get/app.delete never sees OPTIONS."
    : flask
      ? "The preflight never reached flask-cors: Flask answered OPTIONS itself (its automatic reply lists the route's methods in `Allow`); `@cross_origin` or `resources` does not cover this route's OPTIONS."
      : 'The preflight never reached the CORS handling: the server answered OPTIONS without any CORS header while its other answers carry them (a router answering OPTIONS itself, or CORS set only on some methods).';
  const fix = express
    ? "Register the CORS middleware once, before the routes: `app.use(cors(options))` (it answers preflights for every path), or on Express 5 `app.options('/{*splat}', cors(options))`; the generated config below is the former."
    : 'Apply the CORS handling to every method of the route, OPTIONS included, before routing; the generated config below does.';
  return {
    code: 'options-not-routed-to-cors',
    summary,
    evidence: [evidenceLine(pre), evidenceLine(good)],
    hint: hintText(ctx),
    fix,
  };
}

/** CORS headers on 2xx, none on 4xx/5xx: nginx without `always`, or an error path that skips the middleware. */
function errorStatusWithoutCors(ctx: Ctx): RootCause | null {
  const failing = ctx.report.exchanges.find((x) => x.response.status >= 400 && acao(x) === null);
  const good =
    ctx.report.exchanges.find((x) => x.response.status < 400 && acao(x) !== null) ?? answeringOne(ctx);
  if (!failing || !good) return null;
  const nginx = hinted(ctx, 'nginx');
  return {
    code: 'error-status-without-cors',
    summary: nginx
      ? `nginx adds add_header lines only to 2xx/3xx answers unless they end with \`always\`: this ${failing.response.status} answer lost the CORS headers, so the page cannot even read the error.`
      : `The ${failing.response.status} answer has no CORS headers while successful answers do: the error path (an error handler, a 404 route, a proxy or auth layer in front) skips the CORS handling, so the page cannot read the error.`,
    evidence: [evidenceLine(failing), evidenceLine(good)],
    hint: hintText(ctx),
    fix: nginx
      ? 'Add `always` to every CORS add_header (the generated config below does); then look at why the request got a ' +
        `${failing.response.status}.`
      : `Set the CORS headers before anything that can fail (middleware first, error handlers included); then look at why the request got a ${failing.response.status}.`,
  };
}

/** Starlette's `allow_origins=["*"]` + `allow_credentials=True`: `*` without a cookie, the caller's origin with one. */
function cookieDependentReflection(ctx: Ctx): RootCause | null {
  const { plain, withCookie } = ctx.obs;
  if (!plain || !withCookie || acao(withCookie)?.trim() !== ctx.origin) return null;
  return {
    code: 'cookie-dependent-reflection',
    summary:
      "The server answers '*' with credentials to a request without cookies and reflects the caller's origin to a request with any cookie: Starlette's CORSMiddleware does exactly this with allow_origins=[\"*\"] and allow_credentials=True. Logged-out visitors are blocked, and every site on the web can read a logged-in visitor's responses.",
    evidence: [evidenceLine(plain), `${evidenceLine(withCookie)} (sent with Cookie: corsair_probe=1)`],
    hint: hintText(ctx),
    fix: 'List the origins you trust in allow_origins instead of "*" (the generated config below does).',
  };
}

/** A path-scoped rule (flask-cors `resources`, nginx `location`): an ancestor path answers this origin, this path does not. */
function pathScopedRules(ctx: Ctx): RootCause | null {
  const ok = (x: HttpExchange | null) => answersRequest(x, ctx.origin, ctx.report.needs.credentials);
  const here = ctx.obs.plain;
  const there = ctx.obs.ancestors.find(ok);
  // A 4xx here is a missing route or an error answer (error-status-without-cors), not a different rule.
  if (!here || !there || ok(here) || here.response.status >= 400) return null;
  const flask = hinted(ctx, 'flask');
  const summary = flask
    ? 'Different CORS rules apply to this path and to its parent: flask-cors `resources` keys are regular expressions matched from the start of the path only (re.match), and `*` repeats the character before it, so r"/api/v1/*" also covers /api/v10 and /api/v1-internal; when several keys match, the longest pattern wins, not the first one written.'
    : 'Different CORS rules apply to this path and to its parent (path-scoped configuration: a framework route table, flask-cors resources, an nginx location): the rule covering this path does not answer this origin as its parent does.';
  return {
    code: 'path-scoped-rules',
    summary,
    evidence: [evidenceLine(here), evidenceLine(there)],
    hint: hintText(ctx),
    fix: flask
      ? 'Anchor each resources key on both ends (r"^/api/v1/.*$", or r"^/api/v1(/.*)?$"), keep keys from overlapping, and check which one wins for this path; or use one policy with explicit routes (the generated config below).'
      : 'Make the rule for this path allow the origin, or remove the overlap so one rule decides each path.',
  };
}

/**
 * The root causes the server's answers show for a blocked check, most specific first. Empty when the
 * answers show none (the check's own cause and fix still apply).
 *
 * @example
 * const causes = findRootCauses(report, await observeServer(init, report, http.send));
 */
export function findRootCauses(report: CheckReport, obs: ServerObservations): RootCause[] {
  if (report.allowed) return [];
  const origin = report.needs.origin;
  const all = [...report.exchanges, obs.preflight, obs.plain, obs.withCookie, ...obs.ancestors];
  const ctx: Ctx = { report, obs, origin, hint: serverHint(all) };
  const found = [
    cookieDependentReflection(ctx),
    optionsHeadersReplaced(ctx),
    optionsNotRouted(ctx),
    errorStatusWithoutCors(ctx),
    pathScopedRules(ctx),
  ].filter((c): c is RootCause => c !== null);
  return found;
}

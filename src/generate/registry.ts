// Every target: its generator and what it can express. `corsair generate --list` prints this table.

import { generateApache } from './targets/apache.js';
import { generateApacheRoutes } from './targets/apache-routes.js';
import { generateAspnetCore, generateAspnetCoreRoutes } from './targets/aspnet-core.js';
import { generateAwsApiGateway } from './targets/aws-api-gateway.js';
import { generateAwsS3 } from './targets/aws-s3.js';
import { generateCaddy } from './targets/caddy.js';
import { generateCaddyRoutes } from './targets/caddy-routes.js';
import { generateCloudflareWorkers, generateCloudflareWorkersRoutes } from './targets/cloudflare-workers.js';
import { generateDjango } from './targets/django.js';
import { generateDjangoRoutes } from './targets/django-routes.js';
import { generateExpress, generateExpressRoutes } from './targets/express.js';
import { generateFastapi, generateFastapiRoutes } from './targets/fastapi.js';
import { generateFastify, generateFastifyRoutes } from './targets/fastify.js';
import { generateFlask, generateFlaskRoutes } from './targets/flask.js';
import { generateHono, generateHonoRoutes } from './targets/hono.js';
import { generateKoa, generateKoaRoutes } from './targets/koa.js';
import { generateNetlify, generateNetlifyRoutes } from './targets/netlify.js';
import { generateNextjs, generateNextjsRoutes } from './targets/nextjs.js';
import { generateNginx } from './targets/nginx.js';
import { generateNginxRoutes } from './targets/nginx-routes.js';
import { generateSpring, generateSpringRoutes } from './targets/spring.js';
import { generateTraefik } from './targets/traefik.js';
import { generateVercel } from './targets/vercel.js';
import type { Generator, RoutesGenerator, TargetInfo, TargetName } from './types.js';

/**
 * A registry row: what the target supports and the function that writes it.
 *
 * @example
 * const row: TargetEntry = findTarget('caddy')!;
 */
export interface TargetEntry extends TargetInfo {
  readonly generate: Generator;
  /** The per-path generator for a flavor (`undefined`: the default), or undefined when it has none. */
  readonly routes?: (flavor: string | undefined) => RoutesGenerator | undefined;
  /** The closest correct alternative when this target cannot write per-path configs. */
  readonly routesFix?: string;
}

const JS = ['default', 'corsair'] as const;

/**
 * Every target, in the order of `--list` and docs/generate.md.
 *
 * @example
 * TARGETS.filter((t) => t.proof === 'real-server').map((t) => t.name);
 */
export const TARGETS: readonly TargetEntry[] = [
  {
    name: 'express',
    title: 'Express: the cors package, or corsair-cors/node',
    files: ['cors.js'],
    patterns: 'regex',
    credentials: true,
    answersPreflight: true,
    flavors: JS,
    proof: 'real-server',
    fidelity:
      "Exact. The cors package answers a refused preflight with 204 and no CORS headers (the browser blocks it) where corsair's middleware answers 403.",
    generate: generateExpress,
    routes: (flavor) => (flavor === 'corsair' ? generateExpressRoutes : undefined),
    routesFix:
      "use --flavor corsair: corsair's own middleware decides by path with the policy engine's route table",
  },
  {
    name: 'fastify',
    title: 'Fastify: @fastify/cors, or corsair-cors/fastify',
    files: ['cors.js'],
    patterns: 'regex',
    credentials: true,
    answersPreflight: true,
    flavors: JS,
    proof: 'real-server',
    fidelity:
      'Exact. strictPreflight is on, so an OPTIONS without Origin or Access-Control-Request-Method is not treated as a preflight.',
    generate: generateFastify,
    routes: (flavor) => (flavor === 'corsair' ? generateFastifyRoutes : undefined),
    routesFix:
      "use --flavor corsair: corsair's own middleware decides by path with the policy engine's route table",
  },
  {
    name: 'koa',
    title: 'Koa: @koa/cors with an origin function, or corsair-cors/koa',
    files: ['cors.js'],
    patterns: 'regex',
    credentials: true,
    answersPreflight: true,
    flavors: JS,
    proof: 'real-server',
    fidelity:
      "Exact. @koa/cors echoes every requested header when allowHeaders is empty, so a policy without extra headers gets ['Origin'] (a forbidden header no page can send). Preflights are always answered with 204.",
    generate: generateKoa,
    routes: (flavor) => (flavor === 'corsair' ? generateKoaRoutes : undefined),
    routesFix:
      "use --flavor corsair: corsair's own middleware decides by path with the policy engine's route table",
  },
  {
    name: 'hono',
    title: 'Hono: hono/cors with an origin function, or corsair-cors/hono',
    files: ['cors.ts'],
    patterns: 'regex',
    credentials: true,
    answersPreflight: true,
    flavors: JS,
    proof: 'real-server',
    fidelity:
      "Exact. hono/cors echoes every requested header when allowHeaders is empty (same fix as koa) and answers every OPTIONS with 204. The corsair flavor imports createCors from 'corsair-cors' when the policy has wildcard patterns (corsair-cors/hono leaves the Public Suffix List out).",
    generate: generateHono,
    routes: (flavor) => (flavor === 'corsair' ? generateHonoRoutes : undefined),
    routesFix:
      "use --flavor corsair: corsair's own middleware decides by path with the policy engine's route table",
  },
  {
    name: 'nextjs',
    title:
      'Next.js: proxy.ts (16+) or middleware.ts (--flavor middleware), and next.config headers when static values suffice',
    files: ['proxy.ts', 'next.config.headers.js'],
    patterns: 'regex',
    credentials: true,
    answersPreflight: true,
    flavors: ['default', 'middleware'],
    proof: 'real-server',
    fidelity:
      'Exact in proxy.ts / middleware.ts, proven on a production build of Next.js 16 (next build, next start). next.config.headers.js is emitted only when the answer is static (any origin, or one origin); it cannot answer preflights by itself.',
    generate: generateNextjs,
    routes: () => generateNextjsRoutes,
  },
  {
    name: 'cloudflare-workers',
    title: 'Cloudflare Workers: a module Worker wrapping your fetch handler',
    files: ['worker.js'],
    patterns: 'regex',
    credentials: true,
    answersPreflight: true,
    flavors: ['default'],
    proof: 'real-server',
    fidelity:
      "Exact. Web-standard code, proven on workerd (Cloudflare's runtime, from npm) and on Node's Request/Response.",
    generate: generateCloudflareWorkers,
    routes: () => generateCloudflareWorkersRoutes,
  },
  {
    name: 'fastapi',
    title: 'FastAPI / Starlette: CORSMiddleware (subclassed to match the policy exactly)',
    files: ['cors.py'],
    patterns: 'regex',
    credentials: true,
    answersPreflight: true,
    flavors: ['default'],
    proof: 'real-server',
    fidelity:
      "Exact. The subclass removes what Starlette adds on its own (Accept, Accept-Language, Content-Language and Content-Type always allowed; Access-Control-Max-Age 600 always sent) and adds Vary on refused and non-CORS responses. Starlette answers allowed preflights with 200 and refused ones with 400; methods '*' means Starlette's seven methods.",
    generate: generateFastapi,
    routes: () => generateFastapiRoutes,
  },
  {
    name: 'flask',
    title: 'Flask: flask-cors, plus a Vary hook',
    files: ['cors.py'],
    patterns: 'regex',
    credentials: true,
    answersPreflight: true,
    flavors: ['default'],
    proof: 'real-server',
    fidelity:
      'Exact. Patterns are compiled regexes anchored with ^…\\Z (flask-cors uses re.match, which anchors only the start; $ would accept a trailing newline); an after_request hook adds Vary: Origin (flask-cors adds it only with several origins). Preflights are answered with 200.',
    generate: generateFlask,
    routes: () => generateFlaskRoutes,
  },
  {
    name: 'django',
    title: 'Django: django-cors-headers settings',
    files: ['cors_settings.py'],
    patterns: 'regex',
    credentials: true,
    answersPreflight: true,
    flavors: ['default'],
    proof: 'real-server',
    fidelity:
      'Method and header lists are static (the browser checks them); CORS_PREFLIGHT_MAX_AGE is written explicitly (its default is 86400). Preflights are answered with 200.',
    generate: generateDjango,
    routes: () => generateDjangoRoutes,
  },
  {
    name: 'spring',
    title: 'Spring (Boot/MVC/WebFlux): a CorsConfigurationSource bean',
    files: ['CorsConfig.java'],
    patterns: 'regex',
    credentials: true,
    answersPreflight: true,
    flavors: ['default'],
    proof: 'golden',
    fidelity:
      "Golden only (no JVM here). A bare CorsConfiguration, without the permit-all defaults of addCorsMappings(); patterns in Spring's syntax ('*.' subdomains, ':[*]' ports); Spring's '*' echoes the requested method and headers, as the policy does.",
    generate: generateSpring,
    routes: () => generateSpringRoutes,
  },
  {
    name: 'aspnet-core',
    title: 'ASP.NET Core: an AddCors policy',
    files: ['Cors.cs'],
    patterns: 'regex',
    credentials: true,
    answersPreflight: true,
    flavors: ['default'],
    proof: 'golden',
    fidelity:
      'Golden only (no .NET here). SetIsOriginAllowed with an ordinal set and one regex anchored with \\z.',
    generate: generateAspnetCore,
    routes: () => generateAspnetCoreRoutes,
  },
  {
    name: 'nginx',
    title: 'nginx: map $http_origin + add_header … always + preflight return',
    files: ['cors-maps.conf', 'cors.conf'],
    patterns: 'regex',
    credentials: true,
    answersPreflight: true,
    flavors: ['default'],
    proof: 'real-server',
    fidelity:
      "Exact, preflight by preflight: an allowed origin asking for an unlisted method or header gets the ok status with what is allowed (so the browser's console names the method or header), a refused origin or malformed request 403 without CORS headers; Vary on every response. add_header is not inherited into a location that has add_header lines of its own: include cors.conf there too.",
    generate: generateNginx,
    routes: () => generateNginxRoutes,
  },
  {
    name: 'apache',
    title: 'Apache httpd 2.4: SetEnvIf + Header always + mod_rewrite preflight',
    files: ['cors.conf'],
    patterns: 'regex',
    credentials: true,
    answersPreflight: true,
    flavors: ['default'],
    proof: 'real-server',
    fidelity:
      'Exact, preflight by preflight (unlisted method or header from an allowed origin: the ok status with what is allowed; refused origin or malformed request: 403 without CORS headers). Needs mod_setenvif, mod_headers and mod_rewrite; server or virtual-host context (not .htaccess).',
    generate: generateApache,
    routes: () => generateApacheRoutes,
  },
  {
    name: 'caddy',
    title: 'Caddy v2: a Caddyfile snippet',
    files: ['Caddyfile.cors'],
    patterns: 'regex',
    credentials: true,
    answersPreflight: true,
    flavors: ['default'],
    proof: 'real-server',
    fidelity:
      'Exact, preflight by preflight (unlisted method or header from an allowed origin: the ok status with what is allowed; refused origin or malformed request: 403 without CORS headers). If the upstream sends CORS headers of its own, drop them with header_down.',
    generate: generateCaddy,
    routes: () => generateCaddyRoutes,
  },
  {
    name: 'traefik',
    title: 'Traefik: a headers middleware (dynamic configuration, YAML)',
    files: ['cors.yml'],
    patterns: 'regex',
    credentials: true,
    answersPreflight: true,
    flavors: ['default'],
    proof: 'golden',
    fidelity:
      "Golden only. Traefik does not check the requested method and headers itself; the browser does, with the lists sent. '*' with credentials cannot echo the request: stricter.",
    generate: generateTraefik,
    routesFix:
      "a Traefik headers middleware holds one policy and is attached per router: generate --target traefik once per route from that route's policy (without routes) and attach each middleware to a router whose PathRegexp rule matches that route, with priorities in the policy's order (the first route highest) and a router for the cors:false paths without it",
  },
  {
    name: 'aws-s3',
    title: 'Amazon S3: CORSRules JSON (put-bucket-cors)',
    files: ['s3-cors.json'],
    patterns: 'wildcard',
    credentials: false,
    answersPreflight: true,
    flavors: ['default'],
    proof: 'golden',
    fidelity:
      "Golden and JSON Schema. S3 sends Access-Control-Allow-Credentials: true to every listed origin, so a policy without credentials is refused unless origins is '*'. One '*' per origin; methods GET, PUT, POST, DELETE, HEAD only; exposedHeaders '*' is not possible (noted).",
    generate: generateAwsS3,
    routesFix:
      "S3 applies one CORS configuration to a whole bucket (a CORSRule has no path condition): put each route's objects in a bucket of its own and generate --target aws-s3 from that route's policy (without routes), or serve the bucket through CloudFront with a response headers policy on each path pattern's cache behavior",
  },
  {
    name: 'aws-api-gateway',
    title: 'API Gateway HTTP API: CorsConfiguration JSON',
    files: ['apigw-cors.json'],
    patterns: 'exact-only',
    credentials: true,
    answersPreflight: true,
    flavors: ['default'],
    proof: 'golden',
    fidelity:
      'Golden and JSON Schema. Origins match exactly: wildcard patterns are left out (noted); only patterns: refused.',
    generate: generateAwsApiGateway,
    routesFix:
      "an HTTP API's CorsConfiguration applies to every route of the API: split the routes into one API per policy, each generated from that route's policy (without routes), or turn the API's CORS off and answer CORS in the integration (--target cloudflare-workers' corsPreflight/applyCors or corsair-cors/fetch in a Lambda); a REST API can instead give each resource its own OPTIONS method",
  },
  {
    name: 'vercel',
    title: 'Vercel: vercel.json headers with has conditions',
    files: ['vercel.json'],
    patterns: 'exact-only',
    credentials: true,
    answersPreflight: false,
    flavors: ['default'],
    proof: 'golden',
    fidelity:
      'Golden and JSON Schema. One static rule per exact origin, selected by a has condition on Origin; patterns are left out (noted); your routes must accept OPTIONS.',
    generate: generateVercel,
    routesFix:
      "vercel.json applies every header rule whose source matches, with no first-match order and no preflight answer: generate --target nextjs (its proxy.ts / middleware.ts runs as Vercel's Edge Middleware and decides by path), or --target cloudflare-workers and call its corsPreflight/applyCors from your own Edge Middleware",
  },
  {
    name: 'netlify',
    title: 'Netlify: _headers (static; one origin or any), else an Edge Function with its netlify.toml',
    files: ['_headers', 'netlify/edge-functions/cors.ts', 'netlify.toml'],
    patterns: 'regex',
    credentials: true,
    answersPreflight: false,
    flavors: ['default'],
    proof: 'real-server',
    fidelity:
      "_headers when one static answer fits (any origin, or exactly one; OPTIONS must then reach a function that returns 2xx); otherwise, and for routes, an Edge Function that decides like corsair, proven in Deno (Netlify's runtime) with context.next() standing in for the site.",
    generate: generateNetlify,
    routes: () => generateNetlifyRoutes,
  },
];

/**
 * The registry row of a target, or undefined.
 *
 * @example
 * findTarget('nginx')?.files; // ['cors-maps.conf', 'cors.conf']
 */
export function findTarget(name: string): TargetEntry | undefined {
  return TARGETS.find((t) => t.name === (name as TargetName));
}

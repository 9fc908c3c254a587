// Every target: its generator and what it can express. `corsair generate --list` prints this table.

import { generateApache } from './targets/apache.js';
import { generateAspnetCore } from './targets/aspnet-core.js';
import { generateAwsApiGateway } from './targets/aws-api-gateway.js';
import { generateAwsS3 } from './targets/aws-s3.js';
import { generateCaddy } from './targets/caddy.js';
import { generateCloudflareWorkers } from './targets/cloudflare-workers.js';
import { generateDjango } from './targets/django.js';
import { generateExpress } from './targets/express.js';
import { generateFastapi } from './targets/fastapi.js';
import { generateFastify } from './targets/fastify.js';
import { generateFlask } from './targets/flask.js';
import { generateHono } from './targets/hono.js';
import { generateKoa } from './targets/koa.js';
import { generateNetlify } from './targets/netlify.js';
import { generateNextjs } from './targets/nextjs.js';
import { generateNginx } from './targets/nginx.js';
import { generateSpring } from './targets/spring.js';
import { generateTraefik } from './targets/traefik.js';
import { generateVercel } from './targets/vercel.js';
import type { Generator, TargetInfo, TargetName } from './types.js';

/** A registry row: what the target supports and the function that writes it. */
export interface TargetEntry extends TargetInfo {
  readonly generate: Generator;
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
    title: 'Express: the cors package, or corsair/node',
    files: ['cors.js'],
    patterns: 'regex',
    credentials: true,
    answersPreflight: true,
    flavors: JS,
    proof: 'real-server',
    generate: generateExpress,
  },
  {
    name: 'fastify',
    title: 'Fastify: @fastify/cors, or corsair/fastify',
    files: ['cors.js'],
    patterns: 'regex',
    credentials: true,
    answersPreflight: true,
    flavors: JS,
    proof: 'real-server',
    generate: generateFastify,
  },
  {
    name: 'koa',
    title: 'Koa: @koa/cors with an origin function, or corsair/koa',
    files: ['cors.js'],
    patterns: 'regex',
    credentials: true,
    answersPreflight: true,
    flavors: JS,
    proof: 'real-server',
    generate: generateKoa,
  },
  {
    name: 'hono',
    title: 'Hono: hono/cors with an origin function, or corsair/hono',
    files: ['cors.ts'],
    patterns: 'regex',
    credentials: true,
    answersPreflight: true,
    flavors: JS,
    proof: 'real-server',
    generate: generateHono,
  },
  {
    name: 'nextjs',
    title: 'Next.js: middleware.ts (and next.config headers when static values suffice)',
    files: ['middleware.ts', 'next.config.headers.js'],
    patterns: 'regex',
    credentials: true,
    answersPreflight: true,
    flavors: ['default'],
    proof: 'golden',
    generate: generateNextjs,
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
    generate: generateCloudflareWorkers,
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
    generate: generateFastapi,
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
    generate: generateFlask,
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
    generate: generateDjango,
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
    generate: generateSpring,
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
    generate: generateAspnetCore,
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
    generate: generateNginx,
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
    generate: generateApache,
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
    generate: generateCaddy,
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
    generate: generateTraefik,
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
    generate: generateAwsS3,
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
    generate: generateAwsApiGateway,
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
    generate: generateVercel,
  },
  {
    name: 'netlify',
    title: 'Netlify: _headers (static; one origin or any)',
    files: ['_headers'],
    patterns: 'exact-only',
    credentials: true,
    answersPreflight: false,
    flavors: ['default'],
    proof: 'golden',
    generate: generateNetlify,
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

// The policies whose outputs are kept as golden files (test/fixtures/generate/<policy>/<target>/) and
// shown in docs/generate.md. `example` is the docs' policy.
import type { CorsOptions } from '../../src/policy/types.js';

export const GOLDEN_POLICIES: Readonly<Record<string, CorsOptions>> = {
  example: {
    origins: ['https://app.example.com', 'https://*.example.com', 'http://localhost:*'],
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['Content-Type', 'Authorization'],
    exposedHeaders: ['X-Request-Id'],
    credentials: true,
    maxAge: 600,
  },
  public: { origins: '*', methods: ['GET', 'HEAD'], exposedHeaders: ['ETag'], maxAge: 86400 },
  single: {
    origins: ['https://app.example.com'],
    methods: ['GET', 'PATCH'],
    allowedHeaders: ['X-Requested-With'],
  },
  // Issue 15's three routes, with defaults for every other path.
  routes: {
    origins: ['https://www.example.com'],
    routes: [
      { path: '/public/*', origins: '*', exposedHeaders: ['ETag'] },
      {
        path: '/private/*',
        origins: ['https://app.example.com', 'https://*.example.com'],
        credentials: true,
        methods: ['GET', 'DELETE'],
        allowedHeaders: ['Content-Type'],
      },
      { path: '/users/:id', origins: ['https://app.example.com'], methods: ['GET', 'PUT'] },
      { path: '/webhooks/*', cors: false },
    ],
  },
};

/** Every target, plus the corsair flavor of the JS frameworks, as `target` or `target--flavor`. */
export const GOLDEN_VARIANTS: readonly {
  readonly key: string;
  readonly target: string;
  readonly flavor?: string;
}[] = [
  ...[
    'express',
    'fastify',
    'koa',
    'hono',
    'nextjs',
    'cloudflare-workers',
    'fastapi',
    'flask',
    'django',
    'spring',
    'aspnet-core',
    'nginx',
    'apache',
    'caddy',
    'traefik',
    'aws-s3',
    'aws-api-gateway',
    'vercel',
    'netlify',
  ].map((target) => ({ key: target, target })),
  ...['express', 'fastify', 'koa', 'hono'].map((target) => ({
    key: `${target}--corsair`,
    target,
    flavor: 'corsair',
  })),
  { key: 'nextjs--middleware', target: 'nextjs', flavor: 'middleware' },
];

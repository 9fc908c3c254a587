import { CORS_SAFELISTED_METHODS } from '../fetch/methods.js';
/**
 * Servers `corsair check --server` writes a fix for.
 *
 * @example
 * SERVER_NAMES.includes('nginx'); // true
 */
export const SERVER_NAMES = [
  'corsair',
  'express',
  'fastify',
  'koa',
  'hono',
  'nginx',
  'apache',
  'caddy',
] as const;

/**
 * A server `serverFix` knows.
 *
 * @example
 * const s: ServerName = 'caddy';
 */
export type ServerName = (typeof SERVER_NAMES)[number];

/**
 * What the failing request needs from the server.
 *
 * @example
 * const needs: CorsNeeds = { origin: 'https://app.example.com', methods: ['PUT'], headers: ['content-type'], credentials: true };
 */
export interface CorsNeeds {
  readonly origin: string;
  /** Non-safelisted methods the preflight asks for (empty when none). */
  readonly methods: readonly string[];
  /** CORS-unsafe request header names (lowercase). */
  readonly headers: readonly string[];
  readonly credentials: boolean;
}

const q = (s: string) => JSON.stringify(s);
const list = (xs: readonly string[]) => `[${xs.map((x) => `'${x}'`).join(', ')}]`;

/**
 * A configuration snippet for `server` that allows exactly the request described by `needs` (no reflection
 * of arbitrary origins, `Vary: Origin` kept).
 *
 * @example
 * serverFix('express', { origin: 'https://app.example.com', methods: ['PUT'], headers: ['content-type'], credentials: true });
 * // "app.use(cors({ origin: ['https://app.example.com'], methods: ['GET', 'HEAD', 'POST', 'PUT'], …"
 */
export function serverFix(server: ServerName, needs: CorsNeeds): string {
  const methods = [...new Set([...CORS_SAFELISTED_METHODS, ...needs.methods])];
  const h = needs.headers;
  const o = needs.origin;
  switch (server) {
    case 'corsair':
      return `import { cors } from 'corsair-cors/node';\napp.use(cors({ origins: ['${o}'], methods: ${list(methods)}${h.length ? `, allowedHeaders: ${list(h)}` : ''}${needs.credentials ? ', credentials: true' : ''} }));`;
    case 'express':
      return `import cors from 'cors';\napp.use(cors({ origin: ['${o}'], methods: ${list(methods)}${h.length ? `, allowedHeaders: ${list(h)}` : ''}${needs.credentials ? ', credentials: true' : ''} }));\n// Register it before your routes so OPTIONS preflights and error responses get the headers too.`;
    case 'fastify':
      return `await fastify.register(import('@fastify/cors'), { origin: ['${o}'], methods: ${list(methods)}${h.length ? `, allowedHeaders: ${list(h)}` : ''}${needs.credentials ? ', credentials: true' : ''} });`;
    case 'koa':
      return `import cors from '@koa/cors';\napp.use(cors({ origin: (ctx) => (ctx.get('Origin') === '${o}' ? '${o}' : ''), allowMethods: ${list(methods)}${h.length ? `, allowHeaders: ${list(h)}` : ''}${needs.credentials ? ', credentials: true' : ''} }));`;
    case 'hono':
      return `import { cors } from 'hono/cors';\napp.use('*', cors({ origin: ['${o}'], allowMethods: ${list(methods)}${h.length ? `, allowHeaders: ${list(h)}` : ''}${needs.credentials ? ', credentials: true' : ''} }));`;
    case 'nginx':
      return [
        'map $http_origin $cors_origin {',
        '    default "";',
        `    ${q(o)} $http_origin;`,
        '}',
        'server {',
        '    location / {',
        '        add_header Vary Origin always;',
        '        add_header Access-Control-Allow-Origin $cors_origin always;',
        needs.credentials ? "        add_header Access-Control-Allow-Credentials 'true' always;" : '',
        "        if ($request_method = 'OPTIONS') {",
        '            add_header Vary Origin always;',
        '            add_header Access-Control-Allow-Origin $cors_origin always;',
        needs.credentials ? "            add_header Access-Control-Allow-Credentials 'true' always;" : '',
        `            add_header Access-Control-Allow-Methods '${methods.join(', ')}' always;`,
        h.length ? `            add_header Access-Control-Allow-Headers '${h.join(', ')}' always;` : '',
        '            return 204;',
        '        }',
        '    }',
        '}',
      ]
        .filter(Boolean)
        .join('\n');
    case 'apache':
      return [
        `SetEnvIf Origin "^${o.replace(/[.]/g, '\\.')}$" CORS_ORIGIN=$0`,
        'Header always set Access-Control-Allow-Origin "%{CORS_ORIGIN}e" env=CORS_ORIGIN',
        needs.credentials ? 'Header always set Access-Control-Allow-Credentials "true" env=CORS_ORIGIN' : '',
        `Header always set Access-Control-Allow-Methods "${methods.join(', ')}" env=CORS_ORIGIN`,
        h.length ? `Header always set Access-Control-Allow-Headers "${h.join(', ')}" env=CORS_ORIGIN` : '',
        'Header always merge Vary Origin',
        'RewriteEngine On',
        'RewriteCond %{REQUEST_METHOD} OPTIONS',
        'RewriteRule ^ - [R=204,L]',
      ]
        .filter(Boolean)
        .join('\n');
    case 'caddy':
      return [
        `@cors header Origin ${o}`,
        'header @cors {',
        `    Access-Control-Allow-Origin "${o}"`,
        needs.credentials ? '    Access-Control-Allow-Credentials "true"' : '',
        `    Access-Control-Allow-Methods "${methods.join(', ')}"`,
        h.length ? `    Access-Control-Allow-Headers "${h.join(', ')}"` : '',
        '    +Vary Origin',
        '}',
        '@preflight {',
        '    method OPTIONS',
        `    header Origin ${o}`,
        '}',
        'respond @preflight 204',
      ]
        .filter(Boolean)
        .join('\n');
  }
}

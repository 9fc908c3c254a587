// A Cloudflare Worker (module syntax) with corsair: `wrangler dev`, or workerd with config.capnp.
import { type CorsOptions, createCors } from 'corsair-cors';
import { withCors } from 'corsair-cors/fetch';

/** Bindings from wrangler.toml `[vars]` (or the `bindings` of config.capnp). */
interface Env {
  /** Comma-separated exact origins and wildcard patterns. */
  readonly CORS_ORIGINS?: string;
}

const DEFAULT_ORIGINS = 'https://app.example.com,https://*.preview.example.com';

// One policy for the whole API: exact origins, a wildcard pattern, cookies allowed.
function corsOptions(env: Env): CorsOptions {
  return {
    origins: (env.CORS_ORIGINS ?? DEFAULT_ORIGINS).split(',').map((o) => o.trim()),
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['Content-Type', 'Authorization'],
    exposedHeaders: ['X-Runtime'],
    credentials: true,
    maxAge: 600,
  };
}

// The application: plain web-standard Request in, Response out.
async function api(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (pathname !== '/api/items') return new Response('not found', { status: 404 });
  const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.text();
  return Response.json(
    { runtime: 'workerd', method: request.method, received: body },
    { headers: { 'X-Runtime': 'workerd', 'Cache-Control': 'private, no-store' } },
  );
}

// Env is only known at the first request in module workers; the policy is compiled once, then reused.
// createCors from 'corsair-cors' validates wildcard subdomain patterns against the Public Suffix List.
let handler: ((request: Request) => Promise<Response> | Response) | undefined;

export default {
  fetch(request: Request, env: Env): Promise<Response> | Response {
    handler ??= withCors(api, createCors(corsOptions(env)));
    return handler(request);
  },
};

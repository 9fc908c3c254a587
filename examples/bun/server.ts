// A Bun server with corsair: bun run server.ts
import { type CorsOptions, createCors } from 'corsair-cors';
import { withCors } from 'corsair-cors/fetch';

// One policy for the whole API: exact origins, a wildcard pattern, cookies allowed. createCors from
// 'corsair-cors' validates wildcard subdomain patterns against the Public Suffix List.
const corsOptions: CorsOptions = {
  origins: (Bun.env.CORS_ORIGINS ?? 'https://app.example.com,https://*.preview.example.com')
    .split(',')
    .map((o) => o.trim()),
  methods: ['GET', 'POST', 'PUT', 'DELETE'],
  allowedHeaders: ['Content-Type', 'Authorization'],
  exposedHeaders: ['X-Runtime'],
  credentials: true,
  maxAge: 600,
};

// The application: plain web-standard Request in, Response out.
async function api(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (pathname !== '/api/items') return new Response('not found', { status: 404 });
  const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.text();
  return Response.json(
    { runtime: 'bun', method: request.method, received: body },
    { headers: { 'X-Runtime': 'bun', 'Cache-Control': 'private, no-store' } },
  );
}

const server = Bun.serve({
  hostname: Bun.env.HOST ?? '0.0.0.0',
  port: Number(Bun.env.PORT ?? 3000),
  fetch: withCors(api, createCors(corsOptions)),
});
console.log(`Listening on ${server.url}`);

// A Deno server with corsair: deno run --allow-net --allow-env server.ts
import { type CorsOptions, createCors } from 'corsair-cors';
import { withCors } from 'corsair-cors/fetch';

// One policy for the whole API: exact origins, a wildcard pattern, cookies allowed. createCors from
// 'corsair-cors' validates wildcard subdomain patterns against the Public Suffix List.
const corsOptions: CorsOptions = {
  origins: (Deno.env.get('CORS_ORIGINS') ?? 'https://app.example.com,https://*.preview.example.com')
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
    { runtime: 'deno', method: request.method, received: body },
    { headers: { 'X-Runtime': 'deno', 'Cache-Control': 'private, no-store' } },
  );
}

Deno.serve(
  {
    hostname: Deno.env.get('HOST') ?? '0.0.0.0',
    port: Number(Deno.env.get('PORT') ?? 8000),
    onListen: ({ hostname, port }) => console.log(`Listening on http://${hostname}:${port}/`),
  },
  withCors(api, createCors(corsOptions)),
);

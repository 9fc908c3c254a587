// A Next.js App Router route handler with corsair: app/api/items/route.ts
import { type CorsOptions, createCors } from 'corsair-cors';
import { withCors } from 'corsair-cors/fetch';

// The CORS headers depend on the request's Origin: never prerender or cache this route's output.
export const dynamic = 'force-dynamic';

// One policy for the whole API: exact origins, a wildcard pattern, cookies allowed. createCors from
// 'corsair-cors' validates wildcard subdomain patterns against the Public Suffix List.
const corsOptions: CorsOptions = {
  origins: (process.env.CORS_ORIGINS ?? 'https://app.example.com,https://*.preview.example.com')
    .split(',')
    .map((o) => o.trim()),
  methods: ['GET', 'POST', 'PUT', 'DELETE'],
  allowedHeaders: ['Content-Type', 'Authorization'],
  exposedHeaders: ['X-Runtime'],
  credentials: true,
  maxAge: 600,
};

async function api(request: Request): Promise<Response> {
  const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.text();
  return Response.json(
    { runtime: 'nextjs', method: request.method, received: body },
    { headers: { 'X-Runtime': 'nextjs', 'Cache-Control': 'private, no-store' } },
  );
}

// Export OPTIONS too: corsair answers preflights (Next.js would otherwise answer them without CORS headers).
const handler = withCors(api, createCors(corsOptions));

export { handler as DELETE, handler as GET, handler as OPTIONS, handler as POST, handler as PUT };

// Next.js: proxy.ts (Next.js 16+, the renamed middleware; `--flavor middleware` writes middleware.ts for
// Next.js 12-15), which runs before every matched route with the full policy, and, when static values
// suffice (any origin, or one exact origin), the equivalent next.config.js `headers()` entries.

import type { NormalizedCorsOptions } from '../../policy/types.js';
import {
  allowHeadersValue,
  allowMethodsValue,
  exposeHeadersValue,
  preflightContinueNote,
  refuseCommon,
  sq,
} from '../model.js';
import type { FidelityNote, GeneratedFile, Generator, GeneratorContext, RoutesGenerator } from '../types.js';
import { webRoutedCode } from './web-routes.js';
import { webCorsCode } from './web-shared.js';

/**
 * Generate `proxy.ts` or `middleware.ts` (and `next.config.headers.js` when static headers can express the policy).
 *
 * @example
 * generateNextjs(options, ctx).files.map((f) => f.path); // ['proxy.ts']
 */
export const generateNextjs: Generator = (o, ctx) => {
  refuseCommon(o, 'nextjs', true);
  const notes = preflightContinueNote(o, 'this middleware');
  const { name, file } = proxyFile(webCorsCode(o, true), notes, ctx, {
    matcher: '/api/:path*',
    comment: 'Adjust to the routes that serve cross-origin requests.',
  });
  const files: GeneratedFile[] = [file];
  staticHeaders(o, name, ctx, files);
  return { files, notes };
};

/**
 * Generate `proxy.ts` or `middleware.ts` for a policy with routes: it runs on every path and picks the
 * policy by the request's path.
 *
 * @example
 * generateNextjsRoutes({ routes: createCors(p).routes, defaults: null }, ctx).files[0].path; // 'proxy.ts'
 */
export const generateNextjsRoutes: RoutesGenerator = (p, ctx) => {
  const all = [p.defaults, ...p.routes.map((r) => r.options)].filter((o) => o !== null);
  for (const o of all) refuseCommon(o, 'nextjs', true);
  const { code, notes } = webRoutedCode(p, true);
  const continuing = all.find((o) => o.preflightContinue);
  if (continuing !== undefined) notes.push(...preflightContinueNote(continuing, 'this middleware'));
  const { file } = proxyFile(code, notes, ctx, {
    matcher: '/:path*',
    comment: 'Every path: the routes above decide which policy (if any) applies.',
  });
  return { files: [file], notes };
};

function proxyFile(
  code: string,
  notes: readonly FidelityNote[],
  ctx: GeneratorContext,
  m: { matcher: string; comment: string },
): { name: string; file: GeneratedFile } {
  const legacy = ctx.flavor === 'middleware';
  const name = legacy ? 'middleware' : 'proxy';
  const middleware = `${ctx.header('//', notes)}
// ${
    legacy
      ? 'Next.js 12-15 middleware (middleware.ts at the project root, next to app/ or pages/).'
      : 'Next.js 16+ proxy (proxy.ts at the project root, next to app/ or pages/; Next.js 12-15: --flavor middleware).'
  }
// Preflights are answered here, before any route handler or auth check runs.
import { NextResponse, type NextRequest } from 'next/server';

${code}
export function ${name}(request: NextRequest): Response {
  const preflight = corsPreflight(request);
  if (preflight !== null) return preflight;
  const response = NextResponse.next();
  applyCors(request, response.headers);
  return response;
}

// ${m.comment}
export const config = { matcher: ${sq(m.matcher)} };
`;
  return { name, file: { path: `${name}.ts`, content: middleware } };
}

/** next.config.js headers(), added when the policy has one fixed answer. */
function staticHeaders(
  o: NormalizedCorsOptions,
  name: string,
  ctx: GeneratorContext,
  files: GeneratedFile[],
): void {
  // Static headers are exact only when the answer never depends on Origin or the request's lists.
  const single = o.anyOrigin
    ? '*'
    : o.exactOrigins.length === 1 && o.patterns.length === 0 && o.regexps.length === 0
      ? o.exactOrigins[0]
      : undefined;
  const methods = allowMethodsValue(o);
  const headers = allowHeadersValue(o);
  if (single !== undefined && methods !== undefined && headers !== undefined) {
    const h: [string, string][] = [['Access-Control-Allow-Origin', single]];
    if (o.credentials) h.push(['Access-Control-Allow-Credentials', 'true']);
    h.push(['Access-Control-Allow-Methods', methods]);
    if (headers !== '') h.push(['Access-Control-Allow-Headers', headers]);
    const expose = exposeHeadersValue(o);
    if (expose !== '') h.push(['Access-Control-Expose-Headers', expose]);
    if (o.maxAge !== undefined) h.push(['Access-Control-Max-Age', String(o.maxAge)]);
    const config = `${ctx.header('//')}
// Static alternative to ${name}.ts: the policy has one fixed answer, so next.config.js headers()
// can carry it. It does not answer preflights with 204 by itself: your route must accept OPTIONS.
/** @type {import('next').NextConfig} */
const nextConfig = {
  async headers() {
    return [
      {
        source: '/api/:path*',
        headers: [
${h.map(([k, v]) => `          { key: ${sq(k)}, value: ${sq(v)} },`).join('\n')}
        ],
      },
    ];
  },
};

export default nextConfig;
`;
    files.push({ path: 'next.config.headers.js', content: config });
  }
}

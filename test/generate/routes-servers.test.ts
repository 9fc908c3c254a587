// Per-path configs (issue 15) booted on the real servers from Debian: nginx, Apache httpd, Caddy,
// FastAPI/Starlette under uvicorn and Django,
// each proven with the three-route policy and the raw path tricks, then with overlapping routes and
// defaults, where every answer is compared with corsair's own decision for the same request.
import { afterAll, describe, expect, it } from 'vitest';
import { type GeneratedFile, generateConfig, type TargetName } from '../../src/generate/index.js';
import { createCors } from '../../src/policy/create.js';
import type { CorsOptions } from '../../src/policy/types.js';
import { APP } from '../policy/three-routes.js';
import { corsairAnswer, POLICIES, preflightOver, preflights } from './preflight-cases.js';
import { corsHeadersAt, proveRoutes } from './prove-routes.js';
import {
  pythonHas,
  type Running,
  serverAvailable,
  startApache,
  startCaddy,
  startDjangoRoutes,
  startFastapi,
  startNginx,
  webServerAvailable,
} from './servers.js';

const nginx = webServerAvailable('nginx');
const apache = webServerAvailable('apache2');
const caddy = webServerAvailable('caddy');

proveRoutes('nginx', startNginx, nginx);
proveRoutes('apache', startApache, apache);
proveRoutes('caddy', startCaddy, caddy);
const fastapi = serverAvailable(
  'python3-fastapi + python3-uvicorn',
  () => pythonHas('fastapi, starlette, uvicorn'),
  'apt-get install -y python3-fastapi python3-starlette python3-uvicorn',
);
const django = serverAvailable(
  'python3-django',
  () => pythonHas('django'),
  'apt-get install -y python3-django',
);
proveRoutes('fastapi', startFastapi, fastapi);
// Python's http.server (under runserver) rewrites a path starting with `//` to `/` before Django sees
// it (CPython gh-87389): one reading in the process, for the router and the middleware alike.
proveRoutes('django', startDjangoRoutes, django, 'on the real server', false, {
  '//private/items': 'private',
});

const WWW = 'https://www.example.com';
/** Overlapping routes (first match wins), a `:name` segment and defaults for every other path. */
export const OVERLAPPING: CorsOptions = {
  origins: [WWW],
  routes: [
    { path: '/api/internal/*', cors: false },
    { path: '/api/:id', origins: '*' },
    { path: '/api/*', origins: [APP], credentials: true },
  ],
};

/** Requests whose answers corsair's table gives without ambiguity (plain paths, queries with %). */
export const OVERLAPPING_CASES: readonly (readonly [string, string])[] = [
  ['/api/internal/x', APP],
  ['/api/internal', WWW],
  ['/API/Internal/x', APP],
  ['/api/42', APP],
  ['/API/42/', APP],
  ['/api/42/x', APP],
  ['/api', APP],
  ['/api?next=/internal/1', APP],
  ['/api/42?next=%2f..%2f', APP],
  ['/other', WWW],
  ['/other', APP],
  ['/', WWW],
  ['/apix', WWW],
];

/**
 * Route literals holding every character a literal may: `$` (an nginx variable, a Caddy placeholder
 * sign), `'`, `&`, `,`, `=`, `@`, `~`, `!` and `.` (a regex wildcard if left unescaped).
 */
export const HOSTILE_ROUTES: CorsOptions = {
  routes: [
    { path: '/a$http_cookie/*', origins: '*' },
    { path: "/b'&,=@~!.x/:id", origins: [APP], credentials: true },
  ],
};

export const HOSTILE_CASES: readonly (readonly [string, string])[] = [
  ['/a$http_cookie/x', APP],
  ['/A$HTTP_COOKIE', APP],
  ['/a/x', APP],
  ['/aX/x', APP],
  ["/b'&,=@~!.x/1", APP],
  ["/B'&,=@~!.X/1/", APP],
  ["/b'&,=@~!ax/1", APP],
  ['/b/1', APP],
];

/** The Access-Control-Allow-Origin corsair itself sends for a GET. */
function corsairOrigin(policy: CorsOptions, path: string, origin: string): string | undefined {
  const d = createCors(policy).decide({ method: 'GET', url: path, headers: [['Origin', origin]] });
  if (d instanceof Promise) throw new Error('sync policy');
  return d.headers.find(([k]) => k === 'Access-Control-Allow-Origin')?.[1];
}

/**
 * Declare the comparison of a target's config for `policy`, booted, with corsair's answers.
 *
 * @example
 * proveAgainstCorsair('nginx', startNginx, true, 'overlapping routes', OVERLAPPING, OVERLAPPING_CASES);
 */
export function proveAgainstCorsair(
  target: TargetName,
  start: (files: readonly GeneratedFile[]) => Promise<Running>,
  available: boolean,
  title: string,
  policy: CorsOptions,
  cases: readonly (readonly [string, string])[],
): void {
  describe.skipIf(!available)(`generate --target ${target}: ${title}`, () => {
    let server: Running | undefined;
    afterAll(async () => {
      await server?.close();
    });
    it.each(cases)('%s from %s answers as corsair does', async (path, origin) => {
      server ??= await start(generateConfig(target, policy).files);
      const lines = await corsHeadersAt(`${new URL(server.url).origin}${path}`, origin, false);
      const acao = lines.find(([k]) => k.toLowerCase() === 'access-control-allow-origin')?.[1];
      expect(acao, `${path}\n${server.log()}`).toBe(corsairOrigin(policy, path, origin));
    });
  });
}

const SERVERS = [
  ['nginx', startNginx, nginx],
  ['apache', startApache, apache],
  ['caddy', startCaddy, caddy],
  ['fastapi', startFastapi, fastapi],
  ['django', startDjangoRoutes, django],
] as const;
for (const [target, start, available] of SERVERS) {
  proveAgainstCorsair(
    target,
    start,
    available,
    'overlapping routes and defaults',
    OVERLAPPING,
    OVERLAPPING_CASES,
  );
  proveAgainstCorsair(
    target,
    start,
    available,
    'hostile route literals stay literal',
    HOSTILE_ROUTES,
    HOSTILE_CASES,
  );
}

describe.skipIf(!nginx)('the per-path proof can fail (nginx, broken on purpose)', () => {
  it('without the tricky-path guard, /api/x%2f..%2finternal%2fy (the cors:false path, decoded) gets the :id answer', async () => {
    const { files } = generateConfig('nginx', OVERLAPPING);
    const broken = files.map((f) => ({
      ...f,
      content: f.content.replace(/^ {4}"~\^\(\?:\[\^\/\]\|.*" "";$/m, ''),
    }));
    expect(broken[0]!.content).not.toBe(files[0]!.content);
    const server = await startNginx(broken);
    try {
      const lines = await corsHeadersAt(
        `${new URL(server.url).origin}/api/x%2f..%2finternal%2fy`,
        APP,
        false,
      );
      expect(lines.find(([k]) => k.toLowerCase() === 'access-control-allow-origin')?.[1]).toBe('*');
    } finally {
      await server.close();
    }
  });
});

// Django's middleware is corsair's decision written in Python: every kind of preflight, on a real
// Django, answered exactly as createCors().decide answers it.
describe.skipIf(!django)('generate --target django: preflights answered as corsair does', () => {
  it.each(POLICIES)('$name', async ({ options }) => {
    const routed: CorsOptions = { routes: [{ path: '/api/*', ...options } as never] };
    const server = await startDjangoRoutes(generateConfig('django', routed).files);
    try {
      const o = createCors(options).options;
      const origin = o.anyOrigin ? 'https://any.example' : o.exactOrigins[0]!;
      for (const { label, headers } of preflights(origin))
        expect(await preflightOver(`${new URL(server.url).origin}/api/x`, headers), label).toEqual(
          corsairAnswer(options, headers),
        );
    } finally {
      await server.close();
    }
  });
});

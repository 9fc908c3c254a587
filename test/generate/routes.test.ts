// generate with per-path policies (issue 15): the refusal of targets that cannot decide by path, and the
// per-path outputs booted on real runtimes: the Worker on workerd and on Node, the Netlify Edge Function
// in Deno, Flask. How path patterns are translated per dialect is route-regex.test.ts.
import { describe, expect, it } from 'vitest';
import { type GeneratedFile, GenerateError, generateConfig, TARGETS } from '../../src/generate/index.js';
import { runtimeAvailable } from '../edge/runtimes.js';
import { THREE_ROUTES } from '../policy/three-routes.js';
import { proveRoutes } from './prove-routes.js';
import {
  fetchBridge,
  importGenerated,
  listenNode,
  pythonHas,
  type Running,
  serverAvailable,
  startFlask,
  startNetlifyEdge,
  startWorkerd,
  workerdBinary,
} from './servers.js';

describe('targets that cannot decide by path refuse, naming the alternative', () => {
  const able = new Set(TARGETS.filter((t) => t.routes?.(undefined) !== undefined).map((t) => t.name));
  it.each(TARGETS.filter((t) => !able.has(t.name)).map((t) => t.name))('%s', (name) => {
    let err: unknown;
    try {
      generateConfig(name, THREE_ROUTES);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GenerateError);
    expect((err as GenerateError).code).toBe('GENERATE_ROUTES_UNSUPPORTED');
    expect((err as GenerateError).fix).toMatch(/--target|--flavor/);
  });

  it('every per-path output says how its path matching differs', () => {
    for (const name of able) {
      const r = generateConfig(name, THREE_ROUTES);
      expect(r.notes.map((n) => n.code)).toContain('GENERATE_ROUTES_TRICKY_PATHS');
      expect(r.files[0]!.content).toContain('route /webhooks/*: no CORS');
    }
  });

  it.each(['express', 'fastify', 'koa', 'hono'])(
    '%s: the default flavor names --flavor corsair, which passes the routes through verbatim',
    (name) => {
      let fix = '';
      try {
        generateConfig(name, THREE_ROUTES);
      } catch (e) {
        fix = (e as GenerateError).fix;
      }
      expect(fix).toMatch(/--flavor corsair/);
      const r = generateConfig(name, THREE_ROUTES, { flavor: 'corsair' });
      expect(r.notes).toEqual([]);
      expect(r.files[0]!.content).toContain("{ path: '/webhooks/*', cors: false },");
    },
  );

  it('a hostile route literal stays data in the generated JavaScript', () => {
    const { files } = generateConfig('cloudflare-workers', {
      routes: [{ path: "/a'$b/x", origins: '*' }],
    });
    const line = files[0]!.content.split('\n').find((l) => l.includes('pattern:'))!;
    expect(line).toContain("path: '/a\\'$b/x'");
    expect(line).toContain('\\x27\\x24b');
  });
});

async function startWorker(files: readonly GeneratedFile[]): Promise<Running> {
  const { mod, dir } = await importGenerated<{
    default: { fetch: (r: Request, env: unknown, ctx: unknown) => Promise<Response> };
  }>(files, 'worker-routes');
  return listenNode(
    fetchBridge((r) => mod.default.fetch(r, {}, {})),
    dir,
  );
}

proveRoutes('cloudflare-workers', startWorker, true, 'on Node', true);
proveRoutes(
  'cloudflare-workers',
  startWorkerd,
  serverAvailable('workerd', () => workerdBinary() !== null, 'npm ci (devDependency workerd)'),
  'on workerd',
  true,
);
proveRoutes('netlify', startNetlifyEdge, runtimeAvailable('deno'), 'as an Edge Function in Deno', true);
// Werkzeug's server reads `//private/items` as /private/items for its router and for flask-cors alike
// (request.path): one reading in the process, so the private policy applies.
proveRoutes(
  'flask',
  startFlask,
  serverAvailable(
    'flask + flask-cors',
    () => pythonHas('flask, flask_cors'),
    'apt-get install -y python3-flask python3-flask-cors',
  ),
  'on the real server',
  false,
  { '//private/items': 'private' },
);

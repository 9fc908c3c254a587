// The per-path proof (issue 15): generate a target's config for the three-route policy (public `*`,
// private credentialed allowlist, `cors: false` webhook), boot the real server with it, run `verify` on
// each route's path with that route's options, check the webhook and unrouted paths answer without any
// CORS header, and send the path tricks (`/API/` case, `//`, `..%2f`, `;`, `\`) raw to the real server.
import { request } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { type GeneratedFile, generateConfig, type TargetName } from '../../src/generate/index.js';
import type { CorsOptions } from '../../src/policy/types.js';
import { APP, THREE_ROUTES } from '../policy/three-routes.js';
import { driftsOf } from './prove.js';
import { type Running, SERVER_PROOF_TIMEOUT_MS } from './servers.js';

/** The route options of THREE_ROUTES, as single policies for verify. */
const PUBLIC: CorsOptions = { origins: '*' };
const PRIVATE: CorsOptions = { origins: [APP], credentials: true, methods: ['GET', 'DELETE'] };

/** A path and what corsair's table answers there: the policy, or no CORS at all. */
const PATH_CASES: readonly [string, 'public' | 'private' | 'none'][] = [
  ['/PUBLIC/items', 'public'],
  ['/Private/Items/', 'private'],
  ['/private', 'private'],
  ['/webhooks/stripe', 'none'],
  ['/WEBHOOKS/stripe', 'none'],
  ['/other', 'none'],
  ['/', 'none'],
  // Tricks: a spelling a server may read as another route gets no CORS.
  ['//private/items', 'none'],
  ['/public/..%2fprivate/items', 'none'],
  ['/webhooks/..%2fpublic/x', 'none'],
  ['/public;x=1/items', 'none'],
  ['/private/items;jsessionid=1', 'none'],
  ['/public/..%252fprivate', 'none'],
  ['/publicity', 'none'],
];

// A web runtime (Workers, Deno, Next.js) parses the request URL by the URL Standard before any code
// runs, which resolves %2e segments: the function and the site behind it both see /private/items, one
// reading, so the private policy applies. A server reading the raw path would see two.
const DOT_SEGMENT = '/public/%2e%2e/private/items';

/**
 * The Access-Control-* headers of one request sent with node:http, the path exactly as written (a URL
 * parser would resolve `%2e%2e` and never send the trick).
 */
export function corsHeadersAt(
  url: string,
  origin: string,
  preflight: boolean,
): Promise<(readonly [string, string])[]> {
  const u = new URL(url);
  const raw = url.slice(u.origin.length);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: raw,
        method: preflight ? 'OPTIONS' : 'GET',
        agent: false,
        headers: preflight
          ? { Origin: origin, 'Access-Control-Request-Method': 'DELETE' }
          : { Origin: origin },
      },
      (res) => {
        res.resume();
        const lines: (readonly [string, string])[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2)
          if (res.rawHeaders[i]!.toLowerCase().startsWith('access-control-'))
            lines.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        res.on('end', () => resolve(lines));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** What corsair expects on `path` for an actual GET from APP: the ACAO value, or none. */
function expectedOrigin(kind: 'public' | 'private' | 'none'): string | undefined {
  return kind === 'public' ? '*' : kind === 'private' ? APP : undefined;
}

/**
 * Declare the per-path proof of one target.
 *
 * @example
 * proveRoutes('cloudflare-workers', startWorker, true);
 */
export function proveRoutes(
  target: TargetName,
  start: (files: readonly GeneratedFile[]) => Promise<Running>,
  available: boolean,
  where = 'on the real server',
  urlStandard = false,
  /** Paths the server itself normalizes before both its router and the CORS code see them. */
  normalized: Readonly<Record<string, 'public' | 'private' | 'none'>> = {},
  flavor?: string,
): void {
  type Kind = 'public' | 'private' | 'none';
  const all: (readonly [string, Kind])[] = [...PATH_CASES, [DOT_SEGMENT, urlStandard ? 'private' : 'none']];
  const cases = all.map(([path, kind]): readonly [string, Kind] => [path, normalized[path] ?? kind]);
  describe.skipIf(!available)(
    `generate --target ${target}${flavor ? ` --flavor ${flavor}` : ''} with routes ${where}`,
    () => {
      let server: Running | undefined;
      let files: readonly GeneratedFile[] = [];
      const base = async () => {
        if (server === undefined) {
          files = generateConfig(target, THREE_ROUTES, flavor ? { flavor } : {}).files;
          server = await start(files);
        }
        return new URL(server.url).origin;
      };
      afterAll(async () => {
        await server?.close();
      });
      const context = () =>
        `\nServer log:\n${server?.log()}\nConfig:\n${files.map((f) => `--- ${f.path}\n${f.content}`).join('\n')}`;

      it(
        'passes verify on the public route (any origin)',
        async () => {
          expect(await driftsOf(`${await base()}/public/items`, PUBLIC), context()).toBe('');
        },
        SERVER_PROOF_TIMEOUT_MS,
      );
      it(
        'passes verify on the private route (credentialed allowlist)',
        async () => {
          expect(await driftsOf(`${await base()}/private/items`, PRIVATE), context()).toBe('');
        },
        SERVER_PROOF_TIMEOUT_MS,
      );
      it.each(cases)('%s: %s', async (path, kind) => {
        const url = `${await base()}${path}`;
        const actual = await corsHeadersAt(url, APP, false);
        const acao = actual.find(([k]) => k.toLowerCase() === 'access-control-allow-origin')?.[1];
        const want = expectedOrigin(kind);
        if (want === undefined) expect(actual, `${path}${context()}`).toEqual([]);
        else expect(acao, `${path}${context()}`).toBe(want);
        const pre = await corsHeadersAt(url, APP, true);
        if (kind === 'none') expect(pre, `preflight ${path}${context()}`).toEqual([]);
        // The public route does not allow DELETE; the private one does.
        else if (kind === 'private')
          expect(pre.some(([k]) => k.toLowerCase() === 'access-control-allow-origin')).toBe(true);
      });
    },
  );
}

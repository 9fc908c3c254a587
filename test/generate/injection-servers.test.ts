// Issue 13, item 8, on the real servers: header names and methods are HTTP tokens, and tokens may hold
// `$` (an nginx variable), `%` (an Apache format specifier) and a backtick (Caddy's regex quoting).
// Each server is booted with the generated configuration and must send those names back literally.
import { request } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { generateConfig } from '../../src/generate/index.js';
import type { CorsOptions } from '../../src/policy/types.js';
import { hasCommand, type Running, serverAvailable, startApache, startCaddy, startNginx } from './servers.js';

const APP = 'https://app.example.com';
const SECRET = 'sid=s3cr3t-cookie';
// Every name is a valid token (RFC 9110 §5.6.2) that a configuration language could read as syntax.
const HOSTILE: CorsOptions = {
  origins: [APP],
  methods: ['GET', 'P$http_cookieT', 'P%tT', 'P`T'],
  allowedHeaders: ['X-$http_cookie', 'X-%t', 'X-%D', 'X-`tick', "X-'q", 'X-$cors_origin'],
  exposedHeaders: ['X-$http_cookie', 'X-%t', 'X-`e'],
  maxAge: 60,
};

function send(url: string, method: string, headers: Record<string, string>): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      res.resume();
      res.on('end', () => {
        const out: Record<string, string> = { status: String(res.statusCode) };
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
          out[res.rawHeaders[i]!.toLowerCase()] = res.rawHeaders[i + 1]!;
        resolve(out);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const servers: [string, (files: Parameters<typeof startNginx>[0]) => Promise<Running>, string][] = [
  ['nginx', startNginx, 'apt-get install -y nginx'],
  ['apache', startApache, 'apt-get install -y apache2'],
  ['caddy', startCaddy, 'apt-get install -y caddy'],
];

describe.each(servers)(
  '%s sends hostile header names and methods back literally',
  (target, start, install) => {
    const available = serverAvailable(
      target,
      () => hasCommand(target === 'apache' ? 'apache2' : target),
      install,
    );
    let server: Running | undefined;
    afterAll(async () => {
      await server?.close();
    });

    it.skipIf(!available)(
      'preflight and actual answer carry the names as written, never the cookie',
      async () => {
        server = await start(generateConfig(target, HOSTILE).files);
        const pre = await send(server.url, 'OPTIONS', {
          Origin: APP,
          'Access-Control-Request-Method': 'P$http_cookieT',
          'Access-Control-Request-Headers': 'x-$http_cookie, x-%t, x-`tick',
          Cookie: SECRET,
        });
        expect(pre.status, server.log()).toMatch(/^20[04]$/);
        expect(pre['access-control-allow-origin']).toBe(APP);
        expect(pre['access-control-allow-headers']).toBe(
          "X-$http_cookie, X-%t, X-%D, X-`tick, X-'q, X-$cors_origin",
        );
        expect(pre['access-control-allow-methods']).toBe('GET, P$http_cookieT, P%tT, P`T');
        for (const [name, value] of Object.entries(pre)) expect(value, name).not.toContain('s3cr3t');

        const actual = await send(server.url, 'GET', { Origin: APP, Cookie: SECRET });
        expect(actual['access-control-allow-origin']).toBe(APP);
        expect(actual['access-control-expose-headers']).toBe('X-$http_cookie, X-%t, X-`e');
        for (const [name, value] of Object.entries(actual)) expect(value, name).not.toContain('s3cr3t');

        // A method the policy does not list is still refused: the escapes did not widen the regexes.
        // corsair answers it with what is allowed (so the browser's console names PURGE) and no
        // Max-Age; an allowed answer would carry Max-Age 60.
        const other = await send(server.url, 'OPTIONS', {
          Origin: APP,
          'Access-Control-Request-Method': 'PURGE',
        });
        expect(other['access-control-allow-methods']).toBe('GET, P$http_cookieT, P%tT, P`T');
        expect(other['access-control-max-age']).toBeUndefined();
      },
      60_000,
    );
  },
);

// `reply.hijack()` hands the raw node response to the handler: Fastify then runs no onSend hook and
// sends none of the reply's own headers, so the plugin's CORS lines (written in onSend) cannot reach
// such a response. docs/server.md says so and gives the recipe tested here: the route opts out of the
// plugin (`config: { cors: false }`) and calls corsair-cors/node's `handleCors` with the same policy
// on `request.raw`/`reply.raw` before writing, so the lines go out with the raw head. Opted out, the
// URL's preflights get no CORS lines from the plugin: the recipe is for requests without one.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import corsairFastify from '../../src/adapters/fastify.js';
import { handleCors } from '../../src/adapters/node.js';
import { createCors } from '../../src/policy/index.js';
import { send } from './servers.js';

const APP = 'https://app.example.com';
const policy = createCors({ origins: [APP], credentials: true });
const lower = (lines: [string, string][]): [string, string][] => lines.map(([n, v]) => [n.toLowerCase(), v]);

let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  app = Fastify();
  await app.register(corsairFastify, { policy });
  app.get('/hijacked', (_request, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { 'Content-Type': 'text/plain' });
    reply.raw.end('raw');
  });
  app.get('/hijacked-with-cors', { config: { cors: false } }, (request, reply) => {
    reply.hijack();
    handleCors(policy, request.raw, reply.raw); // same policy: a GET is never answered here
    reply.raw.writeHead(200, { 'Content-Type': 'text/plain' });
    reply.raw.end('raw');
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => app.close());

describe('Fastify: hijacked replies', () => {
  it('a hijacked reply gets no CORS line from the plugin (what docs/server.md says)', async () => {
    const r = await send(`${url}/hijacked`, 'GET', [['Origin', APP]]);
    expect(r.body).toBe('raw');
    expect(lower(r.headers).filter(([n]) => n.startsWith('access-control-') || n === 'vary')).toEqual([]);
  });

  it('the documented recipe sends the policy’s lines with the raw head', async () => {
    const r = await send(`${url}/hijacked-with-cors`, 'GET', [['Origin', APP]]);
    expect(r.body).toBe('raw');
    const cors = lower(r.headers).filter(([n]) => n.startsWith('access-control-') || n === 'vary');
    expect(cors.sort()).toEqual([
      ['access-control-allow-credentials', 'true'],
      ['access-control-allow-origin', APP],
      ['vary', 'Origin'],
    ]);
  });

  it('the recipe refuses an origin the policy does not allow (no line reflects it)', async () => {
    const r = await send(`${url}/hijacked-with-cors`, 'GET', [['Origin', 'https://evil.example']]);
    const cors = lower(r.headers).filter(([n]) => n.startsWith('access-control-') || n === 'vary');
    expect(cors).toEqual([['vary', 'Origin']]);
  });
});

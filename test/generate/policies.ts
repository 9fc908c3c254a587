// The policies every real-server proof runs: one per feature the brief names (exact origins, wildcard
// subdomains and ports, credentials, custom request headers, exposed headers, max-age, any origin).
import type { CorsOptions } from '../../src/policy/types.js';
import { GOLDEN_POLICIES } from './golden-policies.js';

export const PROOF_POLICIES: readonly { readonly name: string; readonly options: CorsOptions }[] = [
  { name: "the docs' example policy", options: GOLDEN_POLICIES.example! },
  {
    name: 'exact origins, defaults',
    options: { origins: ['https://app.example.com', 'https://admin.example.com'] },
  },
  {
    name: 'wildcard subdomains and ports, credentials, headers, expose, max-age',
    options: {
      origins: ['https://app.example.com', 'https://*.example.org', 'http://localhost:*'],
      methods: ['GET', 'PUT', 'DELETE'],
      allowedHeaders: ['Content-Type', 'X-Api-Key'],
      exposedHeaders: ['X-Request-Id', 'X-Total-Count'],
      credentials: true,
      maxAge: 600,
    },
  },
  {
    name: 'any origin, custom method and header, expose, max-age',
    options: {
      origins: '*',
      methods: ['GET', 'POST', 'PATCH'],
      allowedHeaders: ['X-Custom'],
      exposedHeaders: ['X-Total-Count'],
      maxAge: 300,
    },
  },
  {
    name: 'one exact origin with credentials and one custom header',
    options: {
      origins: ['https://app.example.com'],
      methods: ['GET', 'POST', 'PUT'],
      allowedHeaders: ['Authorization'],
      credentials: true,
    },
  },
];

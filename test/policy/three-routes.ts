// The policy of issue 15's proof, shared by the policy, adapter and real-browser tests: a public API
// answered with `*`, a private API for one credentialed origin, and a webhook path without CORS.
import type { CorsOptions } from '../../src/index.js';

export const APP = 'https://app.example.com';

export const THREE_ROUTES = {
  routes: [
    { path: '/public/*', origins: '*' },
    { path: '/private/*', origins: [APP], credentials: true, methods: ['GET', 'DELETE'] },
    { path: '/webhooks/*', cors: false },
  ],
} as const satisfies CorsOptions;

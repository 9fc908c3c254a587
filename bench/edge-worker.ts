// The HTTP benchmark's worker on workerd: the same app as on Bun and Deno (bench/edge-app.ts), as a
// module worker. bench/edge-launch.ts bundles it with corsair-cors/fetch from dist/ and gives each
// variant's server its name in the VARIANT binding. The handler is built at the first request (the
// check before measuring), as a worker may not wait at its top level; after that every variant pays
// the same one comparison.
import { withCors } from '../src/adapters/fetch.js';
import { edgeHandler, type Handler } from './edge-app.js';

let handler: Handler | undefined;

export default {
  fetch(request: Request, env: { VARIANT: string }): Response | Promise<Response> {
    if (handler !== undefined) return handler(request);
    return edgeHandler(withCors, env.VARIANT).then((h) => {
      handler = h;
      return h(request);
    });
  },
};

# workerd without wrangler: bundle src/worker.ts into dist/worker.js (esbuild, wrangler or any bundler), then
#   npx workerd serve config.capnp
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .corsairWorker)],
  sockets = [(name = "http", address = "*:8787", http = (), service = "main")],
);

const corsairWorker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "dist/worker.js")],
  compatibilityDate = "2026-11-01",
  bindings = [
    # Exact origins and wildcard patterns, comma-separated.
    (name = "CORS_ORIGINS", text = "https://app.example.com,https://*.preview.example.com"),
  ],
);

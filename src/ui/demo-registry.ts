import { createHash } from 'node:crypto';
import type { CorsPolicy } from '../policy/index.js';
import type { DemoConfig } from './shared/demo-config.js';

/** 12 hex digits of the SHA-256 of `canonical`: the same content always gets the same id. */
function contentId(canonical: string): string {
  return createHash('sha256').update(canonical).digest('hex').slice(0, 12);
}

/** Store under `id` as the newest entry, dropping the oldest beyond `limit`. */
function storeBounded<T>(map: Map<string, T>, id: string, value: T, limit: number): void {
  map.delete(id);
  map.set(id, value);
  while (map.size > limit) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) break;
    map.delete(oldest);
  }
}

/**
 * The demo API's configurations, each under an id derived from its content. A changed answer gets a
 * new URL, so the browser's preflight cache can never serve the previous answer for it. Bounded: the
 * oldest entries go first.
 *
 * @example
 * const registry = new DemoRegistry();
 * const id = registry.register(DEFAULT_DEMO_CONFIG);
 * registry.get(id); // DEFAULT_DEMO_CONFIG
 */
export class DemoRegistry {
  readonly #configs = new Map<string, DemoConfig>();
  readonly #limit: number;

  constructor(limit = 500) {
    this.#limit = limit;
  }

  /**
   * Store a (normalized) config and return its id: 12 hex digits of the SHA-256 of its JSON.
   *
   * @example
   * registry.register(DEFAULT_DEMO_CONFIG); // '5d41402abc4b'
   */
  register(config: DemoConfig): string {
    const keys = Object.keys(config).sort() as (keyof DemoConfig)[];
    const id = contentId(JSON.stringify(keys.map((k) => [k, config[k]])));
    storeBounded(this.#configs, id, config, this.#limit);
    return id;
  }

  /**
   * The config stored under `id`.
   *
   * @example
   * registry.get('5d41402abc4b')?.originMode;
   */
  get(id: string): DemoConfig | undefined {
    return this.#configs.get(id);
  }

  /**
   * How many configs are stored.
   *
   * @example
   * registry.size; // 1
   */
  get size(): number {
    return this.#configs.size;
  }
}

/**
 * The policies the builder asked the demo API to serve, each compiled once under an id derived from
 * the policy file's text (an edited policy gets a new URL, so no cached preflight answers for it).
 * Bounded: the oldest go first.
 *
 * @example
 * const policies = new PolicyRegistry();
 * const id = policies.register(JSON.stringify(options), createCors(options));
 */
export class PolicyRegistry {
  readonly #policies = new Map<string, CorsPolicy>();
  readonly #limit: number;

  constructor(limit = 100) {
    this.#limit = limit;
  }

  /**
   * Store a compiled policy under the id of its options' JSON.
   *
   * @example
   * policies.register('{"origins":"*"}', createCors({ origins: '*' })); // '6d1f0c3a9b2e'
   */
  register(canonical: string, policy: CorsPolicy): string {
    const id = contentId(canonical);
    storeBounded(this.#policies, id, policy, this.#limit);
    return id;
  }

  /**
   * The policy stored under `id`.
   *
   * @example
   * policies.get('6d1f0c3a9b2e')?.routes.length;
   */
  get(id: string): CorsPolicy | undefined {
    return this.#policies.get(id);
  }
}

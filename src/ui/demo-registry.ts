import { createHash } from 'node:crypto';
import type { DemoConfig } from './shared/demo-config.js';

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
    const canonical = JSON.stringify(keys.map((k) => [k, config[k]]));
    const id = createHash('sha256').update(canonical).digest('hex').slice(0, 12);
    this.#configs.delete(id);
    this.#configs.set(id, config);
    while (this.#configs.size > this.#limit) {
      const oldest = this.#configs.keys().next().value;
      if (oldest === undefined) break;
      this.#configs.delete(oldest);
    }
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

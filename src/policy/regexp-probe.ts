// Probing a RegExp by what it matches: its own samples (regexp-samples.ts) and the near misses around
// each of them (src/origin/near-miss.ts) must stay on the sites the pattern names.
import { parseSerializedOriginFast } from '../origin/fast.js';
import { ATTACKER_HOST, nearMissOrigins } from '../origin/near-miss.js';
import { regexpSamples } from './validate/regexp-samples.js';

type SiteOf = (host: string) => string;

/** The sites a RegExp names literally: each dotted name written with escaped dots (`example\.com`). */
function namedSites(source: string, siteOf: SiteOf): Set<string> {
  const out = new Set<string>();
  for (const m of source.matchAll(/[A-Za-z0-9-]+(?:\\\.[A-Za-z0-9-]+)+/g))
    out.add(siteOf(m[0].replace(/\\\./g, '.').toLowerCase()));
  return out;
}

/** Split a well-formed serialized origin, or `undefined`. */
function originParts(o: string): { scheme: string; host: string; port: string } | undefined {
  const off = parseSerializedOriginFast(o);
  if (off === null) return undefined;
  const host = o.slice(off.hostStart, off.hostEnd);
  return { scheme: o.slice(0, off.schemeEnd), host, port: o.slice(off.hostEnd + 1) };
}

/**
 * An origin the RegExp matches although its site is not one the pattern names: the pattern's own
 * samples (wildcards read as a letter, a dot, a hyphen, a word) and the near misses around them.
 * `undefined` when every matching probe stays on a named site.
 *
 * @example
 * escapingOrigin((s) => /^https:\/\/app.?example\.com$/.test(s), '^https:\\/\\/app.?example\\.com$', (h) => h);
 * // 'https://appxexample.com'
 */
export function escapingOrigin(
  test: (origin: string) => boolean,
  source: string,
  siteOf: SiteOf,
): string | undefined {
  const samples = regexpSamples(source);
  const named = namedSites(source, siteOf);
  if (named.size === 0) {
    const first = samples.map(originParts).find((x) => x !== undefined);
    if (first !== undefined) named.add(siteOf(first.host));
  }
  const probes = new Set<string>(samples);
  for (const s of samples) {
    const o = originParts(s);
    if (o !== undefined)
      for (const n of nearMissOrigins(o.scheme, o.host, o.port, siteOf(o.host))) probes.add(n);
  }
  for (const n of nearMissOrigins('https', ATTACKER_HOST, '')) probes.add(n);
  for (const probe of probes) {
    const o = originParts(probe);
    if (o !== undefined && !named.has(siteOf(o.host)) && test(probe)) return probe;
  }
  return undefined;
}

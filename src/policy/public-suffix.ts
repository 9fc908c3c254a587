// The one module that loads the public suffix list (tldts). Only validation imports it, so the
// request-time engine and the fetch/hono adapters' decide path stay free of it.
import { parse } from 'tldts';

/**
 * Whether `host` is itself a public suffix in the ICANN or private section of the Public Suffix List
 * (`com`, `co.uk`, `github.io`). Unlisted single labels (`localhost`, `test`, `internal`) are not.
 *
 * @example
 * isListedPublicSuffix('github.io'); // true
 * isListedPublicSuffix('example.com'); // false
 */
export function isListedPublicSuffix(host: string): boolean {
  const r = parse(host, { allowPrivateDomains: true });
  return r.publicSuffix === host && (r.isIcann === true || r.isPrivate === true);
}

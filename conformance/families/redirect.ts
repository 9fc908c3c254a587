// Family `redirect-*`: redirect chains. 301/302/303/307/308, CORS headers present or not on each hop,
// same-origin and cross-origin hops (the origin becomes `null` after a cross-origin hop), hops back to
// the page's origin, userinfo in Location, odd Locations, and the 20-redirect limit.
import type { HeaderList } from '../../src/exchange.js';
import type { ConformanceCase, OriginSlot, Resource } from '../case.js';
import { type Credentials, passOrigin, res } from './util.js';

type Kind = readonly [label: string, method: string, headers: HeaderList];
const KINDS: readonly Kind[] = [
  ['get', 'GET', []],
  ['post', 'POST', [['Content-Type', 'text/plain']]],
  ['put', 'PUT', [['X-A', '1']]],
  ['get-custom', 'GET', [['X-A', '1']]],
];

/** CORS answers a hop or the final response may carry. */
function answer(label: string, credentials: Credentials): HeaderList {
  const acac: HeaderList = credentials === 'include' ? [['Access-Control-Allow-Credentials', 'true']] : [];
  switch (label) {
    case 'none':
      return [];
    case 'exact':
      return passOrigin(credentials);
    case 'star':
      return [['Access-Control-Allow-Origin', '*'], ...acac];
    case 'null':
      return [['Access-Control-Allow-Origin', 'null'], ...acac];
    default:
      throw new Error(`unknown answer ${label}`);
  }
}

/** A preflight answer for hop resources: passes for the given origin answer. */
function hopPreflight(origin: HeaderList): Resource['preflight'] {
  return {
    status: 204,
    headers: [...origin, ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'x-a']],
  };
}

interface Chain {
  readonly id: string;
  readonly kind: Kind;
  readonly credentials: Credentials;
  readonly start: OriginSlot;
  /** Each redirect hop: status, Location (placeholders; `{next}` = the next resource's path), CORS answer. */
  readonly hops: readonly { status: number; location: string | null; cors: HeaderList }[];
  readonly final: HeaderList;
  /** Origin answer used for every resource's preflight. */
  readonly preflight: HeaderList;
}

function build(chain: Chain): ConformanceCase {
  const resources: Resource[] = chain.hops.map((hop, i) => ({
    preflight: hopPreflight(chain.preflight),
    actual: res(
      hop.status,
      hop.cors,
      hop.location === null ? [] : [['Location', hop.location.replace('{next}', `{base}/${i + 1}`)]],
    ),
  }));
  resources.push({ preflight: hopPreflight(chain.preflight), actual: res(200, chain.final) });
  return {
    id: chain.id,
    family: chain.id.split('/')[0]!,
    init: { method: chain.kind[1], headers: chain.kind[2], credentials: chain.credentials },
    start: chain.start,
    resources,
  };
}

const TARGETS: Readonly<Record<string, string>> = {
  same: '{api}{next}',
  cross: '{api2}{next}',
  page: '{page}{next}',
};

function basicChains(): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  for (const kind of KINDS)
    for (const status of [302, 307])
      for (const target of ['same', 'cross', 'page'])
        for (const hopCors of ['none', 'exact', 'star'])
          for (const final of ['exact', 'star', 'null', 'none'])
            for (const credentials of ['omit', 'include'] as const)
              out.push(
                build({
                  id: `redirect/${kind[0]}.${status}.${target}.hop-${hopCors}.final-${final}.${credentials}`,
                  kind,
                  credentials,
                  start: 'api',
                  hops: [{ status, location: TARGETS[target]!, cors: answer(hopCors, credentials) }],
                  final: answer(final, credentials),
                  preflight: answer(final === 'none' ? 'exact' : final, credentials),
                }),
              );
  for (const kind of KINDS)
    for (const status of [301, 303, 308])
      for (const target of ['same', 'cross'])
        for (const final of ['exact', 'null'])
          out.push(
            build({
              id: `redirect-status/${kind[0]}.${status}.${target}.final-${final}`,
              kind,
              credentials: 'omit',
              start: 'api',
              hops: [{ status, location: TARGETS[target]!, cors: answer('exact', 'omit') }],
              final: answer(final, 'omit'),
              preflight: answer(final, 'omit'),
            }),
          );
  return out;
}

function userinfoChains(): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  const forms: Readonly<Record<string, string>> = {
    'user-pass': 'user:pass@',
    user: 'user@',
    pass: ':pass@',
    'empty-at': '@',
  };
  for (const [f, userinfo] of Object.entries(forms))
    for (const status of [302, 307])
      for (const target of ['same', 'cross'])
        for (const kind of [KINDS[0]!, KINDS[2]!])
          out.push(
            build({
              id: `redirect-userinfo/${f}.${status}.${target}.${kind[0]}`,
              kind,
              credentials: 'omit',
              start: 'api',
              hops: [
                {
                  status,
                  location: `http://${userinfo}{${target === 'same' ? 'api' : 'api2'}-host}{next}`,
                  cors: answer('star', 'omit'),
                },
              ],
              final: answer('star', 'omit'),
              preflight: answer('star', 'omit'),
            }),
          );
  return out;
}

function multiHop(): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  // Paths through the three origins; each hop carries the answer that passes for the origin it sees.
  const paths: Readonly<Record<string, readonly string[]>> = {
    'same-same': ['same', 'same'],
    'cross-back': ['cross', 'same'],
    'cross-cross': ['cross', 'cross'],
    'same-cross': ['same', 'cross'],
    'cross-page': ['cross', 'page'],
    'page-cross': ['page', 'cross'],
  };
  for (const [p, targets] of Object.entries(paths))
    for (const status of [302, 307])
      for (const kind of [KINDS[0]!, KINDS[2]!])
        for (const answerLabel of ['exact', 'star', 'null'])
          for (const credentials of ['omit', 'include'] as const)
            out.push(
              build({
                id: `redirect-multi/${p}.${status}.${kind[0]}.${answerLabel}.${credentials}`,
                kind,
                credentials,
                start: 'api',
                hops: targets.map((t) => ({
                  status,
                  location: TARGETS[t]!,
                  cors: answer(answerLabel, credentials),
                })),
                final: answer(answerLabel, credentials),
                preflight: answer(answerLabel, credentials),
              }),
            );
  // Starting same-origin (the page's own origin), then leaving it.
  for (const target of ['same', 'cross'])
    for (const status of [302, 307])
      for (const kind of [KINDS[0]!, KINDS[2]!])
        for (const answerLabel of ['exact', 'null', 'none'])
          out.push(
            build({
              id: `redirect-from-page/${target}.${status}.${kind[0]}.${answerLabel}`,
              kind,
              credentials: 'omit',
              start: 'page',
              hops: [{ status, location: TARGETS[target]!, cors: [] }],
              final: answer(answerLabel, 'omit'),
              preflight: answer(answerLabel === 'none' ? 'exact' : answerLabel, 'omit'),
            }),
          );
  return out;
}

function limitsAndOddities(): ConformanceCase[] {
  const out: ConformanceCase[] = [];
  for (const count of [19, 20, 21])
    for (const kind of [KINDS[0]!, KINDS[2]!])
      out.push(
        build({
          id: `redirect-limit/${count}.${kind[0]}`,
          kind,
          credentials: 'omit',
          start: 'api',
          hops: Array.from({ length: count }, () => ({
            status: 302,
            location: '{api}{next}',
            cors: answer('star', 'omit'),
          })),
          final: answer('star', 'omit'),
          preflight: answer('star', 'omit'),
        }),
      );
  const odd: Readonly<Record<string, string | null>> = {
    relative: '{next}',
    'relative-no-slash': '1',
    'no-location': null,
    'empty-location': '',
    'data-scheme': 'data:text/plain,hi',
    'ftp-scheme': 'ftp://localhost/x',
    'ws-scheme': 'ws://localhost/x',
    'file-scheme': 'file:///etc/hostname',
    'javascript-scheme': 'javascript:1',
    'blob-scheme': 'blob:http://localhost/x',
    'about-blank': 'about:blank',
    'invalid-url': 'http://[::1',
    fragment: '{api}{next}#frag',
  };
  for (const [o, location] of Object.entries(odd))
    for (const status of [302, 307])
      for (const kind of [KINDS[0]!, KINDS[1]!, KINDS[2]!])
        for (const hopCors of ['star', 'none']) {
          const c = build({
            id: `redirect-odd/${o}.${status}.${kind[0]}.hop-${hopCors}`,
            kind,
            credentials: 'omit',
            start: 'api',
            hops: [{ status, location, cors: answer(hopCors, 'omit') }],
            final: answer('star', 'omit'),
            preflight: answer('star', 'omit'),
          });
          out.push(c);
        }
  // A hop whose CORS answer fails for other reasons.
  for (const [h, cors] of Object.entries({
    'hop-mismatch': [['Access-Control-Allow-Origin', 'https://example.com']],
    'hop-two-lines': [
      ['Access-Control-Allow-Origin', '{page}'],
      ['Access-Control-Allow-Origin', '{page}'],
    ],
    'hop-star-include': [['Access-Control-Allow-Origin', '*']],
    'hop-no-acac-include': [['Access-Control-Allow-Origin', '{page}']],
  } as Record<string, HeaderList>))
    for (const kind of [KINDS[0]!, KINDS[2]!])
      for (const status of [302, 307])
        out.push(
          build({
            id: `redirect-hop/${h}.${status}.${kind[0]}`,
            kind,
            credentials: h.endsWith('include') ? 'include' : 'omit',
            start: 'api',
            hops: [{ status, location: '{api}{next}', cors }],
            final: answer('exact', h.endsWith('include') ? 'include' : 'omit'),
            preflight: answer('exact', h.endsWith('include') ? 'include' : 'omit'),
          }),
        );
  return out;
}

/**
 * Families `redirect*`: chains, statuses, userinfo, multi-hop, limits and odd Locations.
 *
 * @example
 * redirectCases().filter((c) => c.family === 'redirect-limit').length; // 6
 */
export function redirectCases(): ConformanceCase[] {
  return [...basicChains(), ...userinfoChains(), ...multiHop(), ...limitsAndOddities()];
}

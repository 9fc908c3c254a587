// A route's rule applies to every spelling of its paths: percent-encoded letters and digits (either hex
// case), a query or fragment holding slashes and dots, absolute-form targets, bytes that are no UTF-8.
// The worst outcome is a path that one server routes to a private handler while corsair answers it with
// a broader rule (the defaults, or another route): `routes/path.ts` and `routes/table.ts`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCors, type Decision } from '../../src/index.js';
import { pathStart, plainPathEnd } from '../../src/policy/routes/path.js';
import { parseRoutePattern, type RoutePattern } from '../../src/policy/routes/pattern.js';
import { compileRouteTable } from '../../src/policy/routes/table.js';

const APP = 'https://app.example.com';
const parse = (p: string) => parseRoutePattern(p) as RoutePattern;

// Every byte of a literal, or some, percent-encoded, with upper- or lowercase hex digits.
function encodeSome(literal: string, which: readonly boolean[], upper: readonly boolean[]): string {
  let out = '';
  for (let i = 0; i < literal.length; i++) {
    const hex = literal.charCodeAt(i).toString(16).padStart(2, '0');
    out += which[i % which.length] ? `%${upper[i % upper.length] ? hex.toUpperCase() : hex}` : literal[i];
  }
  return out;
}

const literalArb = fc.stringMatching(/^[a-z0-9]{1,8}$/);

describe('percent-encoded route literals', () => {
  it('never take the defaults: a server decoding them reaches the route', () => {
    fc.assert(
      fc.property(
        literalArb,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('', '/x', '/x/y', '?q=1'),
        (literal, which, upper, tail) => {
          fc.pre(which.some(Boolean));
          const lookup = compileRouteTable([parse(`/${literal}/*`)]);
          const target = `/${encodeSome(literal, which, upper)}${tail}`;
          expect(lookup(target), target).not.toBe(-1);
        },
      ),
    );
  });

  it.each([
    ['/%6aobs/x', '/jobs/*'], // 'a' as a hex digit
    ['/j%6Fbs', '/jobs/*'], // 'F'
    ['/v%30/x', '/v0/*'], // '0'
    ['/v%39', '/v9/*'], // '9'
    ['/%61dmin%2Fusers', '/admin/*'],
  ])('%s is not the defaults’ (route %s)', (target, route) => {
    const policy = createCors({ origins: '*', routes: [{ path: route, origins: [APP], credentials: true }] });
    const d = policy.decideValues('GET', 'https://evil.example', null, null, target) as Decision;
    expect(d.headers.find(([n]) => n === 'Access-Control-Allow-Origin')?.[1]).not.toBe('*');
  });
});

describe('query and fragment', () => {
  // Compiled in each test, not at collection (a mutant in compilation then counts for its tests only).
  const lookup = (target: string) => compileRouteTable([parse('/public/*'), parse('/private/*')])(target);

  it.each([
    '/public/%2e/x?next=/../../private/y',
    '/public/a%2fb?x=/..;/..;/private',
    '/public/.%2e/public/x#/../../private',
  ])('%s takes the route of its path, whatever its query or fragment says', (target) => {
    expect(lookup(target)).toBe(0);
  });

  it('an absolute-form target is read from its path; without one its path is /', () => {
    expect(lookup('http://api.example/private/x')).toBe(1);
    expect(lookup('https://api.example/public/x?y=/private/z')).toBe(0);
    expect(lookup('http://api.example?next=/private/x')).toBe(-1);
    expect(lookup('http://api.example#/private/x')).toBe(-1);
    expect(compileRouteTable([parse('/*')])('http://api.example')).toBe(0);
    expect(compileRouteTable([parse('/e/*')])('http://api.example')).toBe(-1);
    expect(lookup('private/x')).toBe('ambiguous');
    expect(lookup('://private/x')).toBe('ambiguous');
    // a path of '/' is the route '/', not a segment of the URL before it
    const root = compileRouteTable([parse('/'), parse('/:x/*')]);
    expect(root('http://api.example')).toBe(0);
    expect(root('http://api.example?x=/a/b')).toBe(0);
    expect(root('http://api.example/a/b')).toBe(1);
  });
});

// The table walks a path as sent only where plainPathEnd says every server splits it alike (else it reads
// every way, which gives the same route, slower): what it accepts is checked here, what it refuses must
// read the same through the slow path (route-readings.test.ts).
describe('plainPathEnd and pathStart: which paths are walked as sent, from where', () => {
  it.each([
    ['/api/items?x=%2e%2e;\\//', 10],
    ['/', 1],
    ['/a/', 3], // a trailing slash is no empty segment
    ['/.well-known/x', 14],
    ['/a/.b/..c/d..', 13],
    ['/a/.', -1],
    ['/a/..?x', -1],
    ['/a//b', -1],
    ['/a;b', -1],
    ['/a\\b', -1],
    ['/a#/../b', 2],
  ] as const)('%s: %d', (path, end) => {
    expect(plainPathEnd(path)).toBe(end);
  });

  // an escape splits nothing unless it spells % . / ; or \ (either case), or is no escape at all
  it.each([
    ['/%00%09%30%39%41%46%61%66%2d%3a%5b%FF', 37],
    ['/caf%C3%A9', 10],
    ['/%25', -1],
    ['/%2e', -1],
    ['/%2E', -1],
    ['/%2f', -1],
    ['/%2F', -1],
    ['/%3b', -1],
    ['/%3B', -1],
    ['/%5c', -1],
    ['/%5C', -1],
    ['/%', -1],
    ['/a%4', -1],
    ['/%4?', -1],
    ['/%g0', -1],
    ['/%0g', -1],
    ['/%/0', -1],
  ] as const)('%s: %d', (path, end) => {
    expect(plainPathEnd(path)).toBe(end);
  });

  it('reads a path where it stands in an absolute-form target', () => {
    for (const [target, start, end] of [
      ['https://a.example/api/x', 17, 23],
      ['http://a./x?y', 9, 11], // the authority's last character is not the path's
      ['http://127.0.0.1:8080/', 21, 22],
    ] as const) {
      expect(pathStart(target)).toBe(start);
      expect(plainPathEnd(target, start)).toBe(end);
    }
    expect(pathStart('/x')).toBe(0);
    expect(pathStart('http://a.example?x=/y')).toBe(pathStart('http://a.example'));
    expect(pathStart('http://a.example#/y')).toBe(pathStart('http://a.example'));
    expect(pathStart('*')).not.toBe(pathStart('http://a.example'));
  });
});

describe('bytes that are no UTF-8, and backslashes', () => {
  // Compiled in each test, not at collection (a mutant in compilation then counts for its tests only).
  const lookup = (target: string) => compileRouteTable([parse('/public/*'), parse('/private/*')])(target);

  it('a path with an invalid UTF-8 sequence is still routed, never thrown on', () => {
    expect(lookup('/public/%ff%fe')).toBe(0);
    expect(lookup('/private/%c3')).toBe(1);
  });

  it.each([
    ['/public\\x', 'ambiguous'],
    ['/public%5cx', 'ambiguous'],
    ['/public\\..\\private\\x', 'ambiguous'],
    ['/PUBLIC/%2E%2E/private', 'ambiguous'],
    ['/public//x', 0],
    ['/public/x//', 0],
  ] as const)('%s → %s', (target, route) => {
    expect(lookup(target)).toBe(route);
  });
});

describe('spellings that reach a private route on some server never take the defaults', () => {
  const policy = () =>
    createCors({ origins: '*', routes: [{ path: '/private/*', origins: [APP], credentials: true }] });

  it.each([
    '//private/account',
    '/x//../private/account',
    '/x/../private/account',
    '/x/%2e%2e/private/account',
    '/%70rivate/account',
    '/%70RIVATE/account',
    '/priv%61te/account',
    '/x%2f..%2fprivate/account',
    '/x;p=1/../private/account',
    '/x\\..\\private/account',
    '/private;jsessionid=1/account',
  ])('%s', (target) => {
    const d = policy().decideValues('GET', 'https://evil.example', null, null, target) as Decision;
    expect(d.headers).toEqual([]);
  });
});

describe('what servers decode, and how often', () => {
  it.each([
    ['/v%2g', '/v0/*'], // '%2g' is no escape: a lenient decoder reading g as 16 would make it '0'
    ['/v%3@', '/v9/*'], // nor '%3@' ('@' is no hex digit)
    ['/%6g', '/a/*'], // nor '%6g'
  ])('%s is not %s', (target, route) => {
    expect(compileRouteTable([parse(route)])(target)).toBe(-1);
  });

  // Double decoding is what IIS does; corsair reads up to four decodings, so a dot segment encoded
  // five times (still '%2e' after four) is a dot, and one encoded six times is not read as one.
  const encode = (s: string, times: number) => {
    let out = s.replaceAll('.', '%2e');
    for (let i = 1; i < times; i++) out = out.replaceAll('%', '%25');
    return out;
  };
  it.each([
    [2, 'ambiguous'],
    [5, 'ambiguous'],
    [6, 0],
  ] as const)('a dot segment encoded %i times: %s', (times, route) => {
    const lookup = compileRouteTable([parse('/public/*'), parse('/private/*')]);
    expect(lookup(`/public/${encode('..', times)}/private/x`)).toBe(route);
  });

  it('a trailing slash after a decoded segment is still a trailing slash; two are an empty segment', () => {
    expect(compileRouteTable([parse('/users/:id')])('/users/%41/')).toBe(0);
    expect(compileRouteTable([parse('/a/b')])('/a/b/')).toBe(0);
    expect(compileRouteTable([parse('/a/b')])('/a/b//')).toBe('ambiguous');
    expect(compileRouteTable([parse('/a/b')])('/a/%62//')).toBe('ambiguous');
  });
});

// The DNS-rebinding check on its own (the wire-level proof is proxy.test.ts): which Host values the
// proxy answers to. A name an attacker's DNS can point at 127.0.0.1 must be refused, however it is
// dressed up (userinfo, a path, a suffix that only looks like localhost).
import { describe, expect, it } from 'vitest';
import { hostAllowed } from '../../src/proxy/host.js';

const none = new Set<string>();

describe('hostAllowed', () => {
  it.each([
    'localhost',
    'localhost:8787',
    'LocalHost:8787',
    'app.localhost:5173',
    'a.b.localhost',
    '127.0.0.1:8787',
    '10.0.0.7',
    '[::1]:8787',
    '[::1]',
    '[::ffff:127.0.0.1]:80',
  ])('answers %s: an IP literal or a loopback name no DNS can rebind', (host) => {
    expect(hostAllowed(host, none)).toBe(true);
  });

  it.each([
    ['attacker.example', 'a public name'],
    ['attacker.example:8787', 'a public name with the port'],
    ['evillocalhost', 'ends with "localhost" but is not a .localhost name'],
    ['evillocalhost:8787', 'the same with a port'],
    ['localhost.attacker.example', 'starts with localhost'],
    ['localhostx', 'localhost plus a letter'],
    ['evil.example@localhost', 'userinfo a URL parser drops'],
    ['localhost@evil.example', 'userinfo the other way round'],
    ['localhost/x', 'a path'],
    ['localhost:80/evil', 'a port then a path'],
    ['localhost evil', 'a space'],
    ['localhost:8787 ', 'a trailing space'],
    [' localhost', 'a leading space'],
    ['localhost\r\nX: y', 'a header injection'],
    ['localhost:80x', 'a port that is not a number'],
    ['localhost:', 'an empty port'],
    ['localhost#x', 'a fragment'],
    ['localhost?x', 'a query'],
    ['localhost\\x', 'a backslash'],
    ['evil.example[::1]', 'an IPv6 literal after a name'],
    ['[::1]evil', 'a name after an IPv6 literal'],
    ['[::1', 'an unclosed bracket'],
    ['[::1]:80:80', 'two ports'],
    ['[1:2]:80', 'brackets holding no IPv6 address'],
    ['[::1]/x', 'an IPv6 literal then a path'],
    ['[::1]:80/x', 'an IPv6 literal, a port, then a path'],
    ['[::1]:x', 'an IPv6 literal and a port that is not a number'],
    ['evil@[::1]', 'userinfo before an IPv6 literal'],
    ['evil.example@[::1]:8787', 'userinfo before an IPv6 literal and a port'],
    ['[]', 'empty brackets'],
    ['[g::1]', 'a letter no IPv6 address holds'],
    ['256.0.0.1', 'an IPv4-looking host the URL parser refuses'],
    ['', 'nothing'],
  ])('refuses %j: %s', (host) => {
    expect(hostAllowed(host, none)).toBe(false);
  });

  it('answers a name given with --allowed-host, with or without the port, in any case', () => {
    expect(hostAllowed('dev.example:5173', new Set(['dev.example']))).toBe(true);
    expect(hostAllowed('DEV.Example', new Set(['dev.example']))).toBe(true);
    expect(hostAllowed('Dev.Example:5173', new Set(['dev.example:5173']))).toBe(true);
    // A name given with a port allows that port only.
    expect(hostAllowed('dev.example:9999', new Set(['dev.example:5173']))).toBe(false);
    expect(hostAllowed('dev.example', new Set(['dev.example:5173']))).toBe(false);
    // Allowing one name allows neither its subdomains nor a name that merely ends with it.
    expect(hostAllowed('a.dev.example', new Set(['dev.example']))).toBe(false);
    expect(hostAllowed('evildev.example', new Set(['dev.example']))).toBe(false);
    // The allowed list does not loosen the shape check.
    expect(hostAllowed('x@dev.example', new Set(['dev.example']))).toBe(false);
  });
});

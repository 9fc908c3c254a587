// How `corsair explain` reads a whole paste: several messages, a reason and its "cannot load" line,
// a browser's repeat of the same failure, and the `corsair check` command it writes back. The pasted
// lines are browsers' own; the command must be one a shell reads back into the same arguments.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainMessage, explainPaste, reproduceCommand } from '../../src/browser/explain.js';

const chromium = (url: string, reason: string) =>
  `Access to fetch at '${url}' from origin 'https://app.example.com' has been blocked by CORS policy: ${reason}`;
const MISSING = "No 'Access-Control-Allow-Origin' header is present on the requested resource.";

describe('the corsair check command', () => {
  it('quotes a URL the shell would split or expand, and leaves a plain one bare', () => {
    const q = explainMessage(chromium('https://api.example.com/search?q=1&sort=name', MISSING));
    expect(q?.reproduce).toBe(
      "corsair check 'https://api.example.com/search?q=1&sort=name' --origin https://app.example.com",
    );
    const plain = explainMessage(chromium('https://api.example.com/v1/items', MISSING));
    expect(plain?.reproduce).toBe(
      'corsair check https://api.example.com/v1/items --origin https://app.example.com',
    );
  });

  it("escapes a single quote inside a quoted argument the POSIX way ('\\'')", () => {
    const cmd = reproduceCommand(
      'MissingAllowOriginHeader',
      {
        url: "https://api.example.com/it's",
        origin: 'https://app.example.com',
        method: null,
        header: null,
        status: null,
        browser: null,
        initiator: null,
      },
      false,
    );
    expect(cmd).toBe("corsair check 'https://api.example.com/it'\\''s' --origin https://app.example.com");
  });

  it('marks what a preflight failure needs and the message leaves out', () => {
    const none = {
      url: null,
      origin: null,
      method: null,
      header: null,
      status: null,
      browser: null,
      initiator: null,
    } as const;
    expect(reproduceCommand('InvalidAllowHeadersPreflightResponse', none, false)).toBe(
      "corsair check <the URL> --origin '<your page's origin>' --method <METHOD> -H '<Header>: <value>'",
    );
    expect(reproduceCommand('PreflightInvalidStatus', { ...none, method: 'DELETE' }, false)).toBe(
      "corsair check <the URL> --origin '<your page's origin>' --method DELETE -H '<Header>: <value>'",
    );
    // A simple request needs neither: check sends a GET, as the page did.
    expect(reproduceCommand('AllowOriginMismatch', { ...none, method: 'GET' }, true)).toBe(
      "corsair check <the URL> --origin '<your page's origin>' --credentials include",
    );
  });
});

describe('a paste with several lines', () => {
  it('one failure per message, in the order pasted', () => {
    const r = explainPaste(
      [
        chromium('https://a.example/x', MISSING),
        chromium(
          'https://b.example/y',
          'Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.',
        ),
      ].join('\n'),
    );
    expect(r.messages.map((m) => [m.code, m.url])).toEqual([
      ['MissingAllowOriginHeader', 'https://a.example/x'],
      ['MethodDisallowedByPreflightResponse', 'https://b.example/y'],
    ]);
    expect(r.reasonless).toEqual([]);
  });

  it('the same failure on two URLs is two failures', () => {
    const r = explainPaste(
      `${chromium('https://a.example/x', MISSING)}\n${chromium('https://a.example/z', MISSING)}`,
    );
    expect(r.messages.map((m) => m.url)).toEqual(['https://a.example/x', 'https://a.example/z']);
  });

  it("Safari's reason, its 'cannot load' line and its 'Failed to load resource' echo are one failure with the URL", () => {
    const r = explainPaste(
      [
        '[Error] Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 200',
        '[Error] Fetch API cannot load https://api.example.com/v1/items due to access control checks.',
        '[Error] Failed to load resource: Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 200',
      ].join('\n'),
    );
    expect(r.messages).toHaveLength(1);
    expect(r.messages[0]?.recognised).toMatchObject({
      url: 'https://api.example.com/v1/items',
      origin: 'https://app.example.com',
      status: 200,
      browser: 'webkit',
      initiator: 'fetch',
    });
  });

  it('two Safari failures, each a reason and its "cannot load" line, stay two, each with its own URL', () => {
    // Before, the lines ran together into one failure: the header one, with the first request's URL
    // and the other failure's method, and the method failure was lost.
    const r = explainPaste(
      [
        '[Error] Method PUT is not allowed by Access-Control-Allow-Methods.',
        '[Error] Fetch API cannot load https://a.example/x due to access control checks.',
        '[Error] Request header field X-Api-Key is not allowed by Access-Control-Allow-Headers.',
        '[Error] Fetch API cannot load https://b.example/y due to access control checks.',
      ].join('\n'),
    );
    expect(r.messages.map((m) => [m.code, m.url, m.recognised.method, m.recognised.header])).toEqual([
      ['MethodDisallowedByPreflightResponse', 'https://a.example/x', 'PUT', null],
      ['HeaderDisallowedByPreflightResponse', 'https://b.example/y', null, 'X-Api-Key'],
    ]);
  });

  it('a line that says a request failed but not why is kept apart, with its URL', () => {
    const r = explainPaste(
      'XMLHttpRequest cannot load https://www.example.com/api due to access control checks.',
    );
    expect(r.messages).toEqual([]);
    expect(r.reasonless[0]).toMatchObject({
      url: 'https://www.example.com/api',
      initiator: 'xhr',
      browser: 'webkit',
    });
  });

  it('explains at most 32 messages of one paste', () => {
    const many = Array.from({ length: 40 }, (_, i) => chromium(`https://a.example/${i}`, MISSING)).join('\n');
    const r = explainPaste(many);
    expect(r.messages).toHaveLength(32);
    expect(r.messages[31]?.url).toBe('https://a.example/31');
  });
});

describe('who printed it', () => {
  it("a Firefox reason pasted without Firefox's head is Firefox's only when every word is there", () => {
    const whole = explainMessage('Did not find method in CORS header ‘Access-Control-Allow-Methods’');
    expect(whole?.browser).toBe('firefox');
    expect(whole?.recognised.browser).toBe('firefox');
    const fragment = explainMessage('not find method in CORS header Access-Control-Allow-Methods');
    expect(fragment?.code).toBe('MethodDisallowedByPreflightResponse');
    expect(fragment?.browser).toBe('unknown');
    expect(fragment?.unstated).toContain('browser');
  });

  it('each browser is named in the console lines explain shows for the failure', () => {
    const e = explainMessage(chromium('https://api.example.com/v1/items', MISSING));
    expect(e?.messages.chromium).toBe(chromium('https://api.example.com/v1/items', MISSING));
    expect(e?.messages.firefox).toMatch(
      /^Cross-Origin Request Blocked: .* at https:\/\/api\.example\.com\/v1\/items\. /,
    );
    expect(e?.messages.webkit).toMatch(
      /^Origin https:\/\/app\.example\.com is not allowed by Access-Control-Allow-Origin\./,
    );
  });

  it('after a redirect, the URL asked for is kept apart from the one that failed', () => {
    const e = explainMessage(
      "Access to fetch at 'https://cdn.example/x' (redirected from 'https://api.example.com/x') from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
    );
    expect(e?.messages.chromium).toContain("(redirected from 'https://api.example.com/x')");
    expect(e?.url).toBe('https://cdn.example/x');
  });
});

describe("explain's reading, written back", () => {
  const engine = (
    JSON.parse(readFileSync(new URL('../fixtures/explain/engine.json', import.meta.url), 'utf8')) as {
      id: string;
      text: string;
    }[]
  ).filter((c) => /^(chromium|firefox)\/.*\/full$/.test(c.id));

  // Every fact explain reads (code, value, method, header, token, status, initiator) goes back into the
  // printing browser's own line: a fact lost or changed on the way shows as a different line.
  it.each(engine.map((c) => [c.id, c] as const))('%s reprints as pasted', (id, c) => {
    const m = explainPaste(c.text).messages[0];
    const browser = id.split('/')[0] as 'chromium' | 'firefox';
    expect(m?.messages[browser]).toBe(c.text);
  });

  it('how sure it is: every word, a fragment, or several failures', () => {
    expect(explainMessage(chromium('https://a.example/x', MISSING))?.confidence).toBe('exact');
    const fragment = explainMessage("No 'Access-Control-Allow-Origin' header is present");
    expect(fragment?.confidence).toBe('partial');
    const ambiguous = explainMessage(
      'Origin https://app.example.com is not allowed by Access-Control-Allow-Origin.',
    );
    expect(ambiguous?.confidence).toBe('ambiguous');
    expect(ambiguous?.cause).toContain(
      '(MissingAllowOriginHeader, AllowOriginMismatch, InvalidAllowOriginValue)',
    );
    for (const c of ambiguous?.candidates ?? []) {
      expect(c.score).toBeGreaterThan(0.5);
      expect(c.score).toBeLessThanOrEqual(1);
      expect(Math.round(c.score * 100)).toBe(c.score * 100);
    }
    expect(ambiguous?.candidates[0]?.score).toBe(1);
  });

  it('what a message leaves out is empty or the default, never invented', () => {
    const e = explainMessage('Method PUT is not allowed by Access-Control-Allow-Methods.');
    expect(e).toMatchObject({ url: '', origin: '', initiator: 'fetch', redirectedFrom: null });
    expect(e?.recognised.initiator).toBeNull();
    expect(e?.unstated).toEqual(expect.arrayContaining(['url', 'origin', 'status', 'initiator']));
  });
});

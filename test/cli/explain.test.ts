import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, run, spawnCli } from './run.js';

const CHROMIUM =
  "Access to fetch at 'https://api.example.com/items' from origin 'https://app.example.com' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
const FIREFOX =
  'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/items. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.';
const METHOD =
  "Access to XMLHttpRequest at 'https://api.example.com/x' from origin 'http://localhost:3000' has been blocked by CORS policy: Method PATCH is not allowed by Access-Control-Allow-Methods in preflight response.";

describe('corsair explain', () => {
  it.each([
    [CHROMIUM, 'chromium', 'PreflightMissingAllowOriginHeader', 'https://app.example.com'],
    [FIREFOX, 'firefox', 'MissingAllowOriginHeader', ''],
    [METHOD, 'chromium', 'MethodDisallowedByPreflightResponse', 'http://localhost:3000'],
  ])('--json explains %#', async (message, browser, code, origin) => {
    const r = await run(['explain', message, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.schemaVersion).toBe(1);
    expect(out.messages).toHaveLength(1);
    const j = out.messages[0];
    expect(Object.keys(j).sort()).toEqual([
      'browser',
      'candidates',
      'cause',
      'code',
      'confidence',
      'fix',
      'origin',
      'recognised',
      'reproduce',
      'unstated',
      'url',
    ]);
    expect(j).toMatchObject({ browser, code, origin });
    expect(j.url).toMatch(/^https:\/\/api\.example\.com\//);
    expect(j.cause.length).toBeGreaterThan(20);
    expect(j.fix.length).toBeGreaterThan(20);
  });

  it('text output names the code, cause, fix and a command to reproduce', async () => {
    const r = await run(['explain', METHOD]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('MethodDisallowedByPreflightResponse');
    expect(r.stdout).toContain('XMLHttpRequest');
    expect(r.stdout).toMatch(/Cause: .*PATCH/);
    expect(r.stdout).toContain('Fix:');
    expect(r.stdout).toContain(
      'Reproduce: corsair check https://api.example.com/x --origin http://localhost:3000 --method PATCH\n',
    );
    expect(r.stdout).toContain(
      'Recognised: url, origin, method, browser, initiator; not stated: header, status',
    );
  });

  it('a fragment: what is recognised, what is not, and what to fill in', async () => {
    const r = await run(['explain', 'Method PUT is not allowed by Access-Control-Allow-Methods']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'MethodDisallowedByPreflightResponse (browser not stated; exact)',
        '  Recognised: method; not stated: url, origin, header, status, browser, initiator',
        "  Cause: The preflight's Access-Control-Allow-Methods does not allow method PUT.",
        '  Fix: Add PUT to Access-Control-Allow-Methods in the OPTIONS response, keeping the methods it already allows.',
        "  Reproduce: corsair check <the URL> --origin '<your page's origin>' --method PUT (fill in the <…> parts)",
        '',
      ].join('\n'),
    );
  });

  it('several messages in one paste: each explained, in order', async () => {
    const r = await run(['explain', `${CHROMIUM}\n${METHOD}`, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).messages.map((m: { code: string }) => m.code)).toEqual([
      'PreflightMissingAllowOriginHeader',
      'MethodDisallowedByPreflightResponse',
    ]);
  });

  it('an ambiguous Safari line shows its ranked candidates with why', async () => {
    const r = await run([
      'explain',
      'Origin http://localhost:3000 is not allowed by Access-Control-Allow-Origin. Status code: 200',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^MissingAllowOriginHeader \(Safari; ambiguous\)/);
    expect(r.stdout).toMatch(
      /Candidates:\n {4}1\. MissingAllowOriginHeader: .+\n {4}2\. AllowOriginMismatch: .+\n {4}3\. InvalidAllowOriginValue: /,
    );
  });

  it.each([
    [
      'TypeError: Failed to fetch',
      /^corsair: error CLI_NO_CORS_REASON: Chromium says the request failed, but this line does not say why\. Fix: .+\n$/,
    ],
    [
      'Fetch API cannot load https://api.example.com/x due to access control checks.',
      /^corsair: error CLI_NO_CORS_REASON: Safari says the request to https:\/\/api\.example\.com\/x failed, but .+corsair check https:\/\/api\.example\.com\/x .+\n$/,
    ],
  ])('a line without a reason (%s) exits 2 naming the browser', async (text, re) => {
    const r = await run(['explain', text]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(re);
  });

  it('unquoted words are joined', async () => {
    const r = await run(['explain', ...FIREFOX.split(' ')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('MissingAllowOriginHeader');
  });

  it.each(['hello', 'Uncaught ReferenceError: x is not defined', ''])(
    'unknown text %j exits 2 with a helpful line',
    async (text) => {
      const r = await run(['explain', text]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        /^corsair: error CLI_UNKNOWN_MESSAGE: .+Fix: Paste the console line that names the reason.+\n$/,
      );
    },
  );
});

describe('corsair explain (built binary)', () => {
  it('works offline end to end', async () => {
    const r = await spawnCli(['explain', CHROMIUM, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).messages[0].code).toBe('PreflightMissingAllowOriginHeader');
  });
});

describe('corsair explain from standard input', () => {
  const CHROMIUM_LINE =
    "Access to fetch at 'https://api.example.com/items' from origin 'https://app.example.com' has been blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.";

  const runWithStdin = (args: string[], input: string | undefined) =>
    run(args, process.cwd(), input === undefined ? {} : { readStdin: async () => input });

  it("reads the message from a pipe with '-' or no argument", async () => {
    for (const args of [['explain', '-'], ['explain'], ['explain', '--json']]) {
      // As copied from DevTools: the message wrapped over lines, the network line after it.
      const pasted = `\n  index.html:1 ${CHROMIUM_LINE.replace(/ (?=Method|is not)/g, '\n')}\nPUT https://api.example.com/items net::ERR_FAILED 204 (No Content)\n`;
      const r = await runWithStdin(args, pasted);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toContain('MethodDisallowedByPreflightResponse');
    }
  });

  it('without a message and without a pipe: exit 2 with a fix', async () => {
    const r = await runWithStdin(['explain'], undefined);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CLI_NO_MESSAGE.*pipe it in/);
  });

  it('the built CLI reads a pipe', async () => {
    const out = await new Promise<string>((res) => {
      const child = execFile(process.execPath, [CLI, 'explain', '-'], (_e, stdout) => res(stdout));
      child.stdin?.end(CHROMIUM_LINE);
    });
    expect(out).toContain('MethodDisallowedByPreflightResponse');
  });
});

import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
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
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j).sort()).toEqual(['browser', 'cause', 'code', 'fix', 'origin', 'url']);
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
    expect(r.stdout).toContain('corsair check https://api.example.com/x --origin http://localhost:3000');
  });

  it('unquoted words are joined', async () => {
    const r = await run(['explain', ...FIREFOX.split(' ')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('MissingAllowOriginHeader');
  });

  it.each(['hello', 'TypeError: Failed to fetch', ''])(
    'unknown text %j exits 2 with a helpful line',
    async (text) => {
      const r = await run(['explain', text]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^corsair: error CLI_UNKNOWN_MESSAGE: .+Fix: Paste the whole line.+\n$/);
    },
  );
});

describe('corsair explain (built binary)', () => {
  it('works offline end to end', async () => {
    const r = await spawnCli(['explain', CHROMIUM, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).code).toBe('PreflightMissingAllowOriginHeader');
  });
});

describe('corsair explain from standard input', () => {
  const CHROMIUM_LINE =
    "Access to fetch at 'https://api.example.com/items' from origin 'https://app.example.com' has been blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.";

  async function runWithStdin(args: string[], input: string | undefined) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, {
      stdout: (s) => {
        stdout += s;
      },
      stderr: (s) => {
        stderr += s;
      },
      isTTY: false,
      color: false,
      env: {},
      cwd: process.cwd(),
      ...(input === undefined ? {} : { readStdin: async () => input }),
    });
    return { code, stdout, stderr };
  }

  it("reads the message from a pipe with '-' or no argument", async () => {
    for (const args of [['explain', '-'], ['explain'], ['explain', '--json']]) {
      const r = await runWithStdin(args, `\n  DevTools noise ${CHROMIUM_LINE}\n`);
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

// Records the terminal transcripts in docs/cli.md against real loopback servers.
// Run: npx tsc -p tsconfig.json && npx tsx test/cli/record-transcripts.ts > /tmp/transcripts.md
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP, startTranscriptServers, TRANSCRIPT_POLICY } from '../docs/servers.js';
import { CLI } from './run.js';

function sh(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: { ...process.env, NO_COLOR: '1' } },
      (err, stdout, stderr) => {
        const code = err ? err.code : 0;
        const quote = (a: string) => (a.includes("'") ? `"${a.replace(/(["\\$`])/g, '\\$1')}"` : `'${a}'`);
        const shown = args.map((a) => (/[\s'"*]/.test(a) ? quote(a) : a)).join(' ');
        resolve(`$ corsair ${shown}\n${stdout}${stderr}[exit ${code}]\n`);
      },
    );
  });
}

const dir = mkdtempSync(join(tmpdir(), 'corsair-doc-'));
writeFileSync(join(dir, 'cors.json'), `${JSON.stringify(TRANSCRIPT_POLICY, null, 2)}\n`);
const servers = await startTranscriptServers(true);

const runs: string[][] = [
  [
    'check',
    'http://127.0.0.1:8081/items',
    '--origin',
    APP,
    '--method',
    'PUT',
    '-H',
    'Content-Type: application/json',
    '--credentials',
    'include',
  ],
  [
    'check',
    'http://127.0.0.1:8081/items',
    '--origin',
    APP,
    '--method',
    'DELETE',
    '-H',
    'X-Request-Id: 7',
    '--server',
    'express',
  ],
  [
    'check',
    'http://127.0.0.1:8081/items',
    '--origin',
    'https://other.example.com',
    '--method',
    'POST',
    '-H',
    'Content-Type: text/plain',
    '--credentials',
    'include',
  ],
  ['check', 'http://127.0.0.1:8081/items', '--origin', 'https://other.example.com', '--json'],
  ['check', 'http://127.0.0.1:59/items', '--origin', APP],
  [
    'explain',
    "Access to fetch at 'https://api.example.com/items' from origin 'https://app.example.com' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
  ],
  ['explain', 'Method PUT is not allowed by Access-Control-Allow-Methods'],
  [
    'explain',
    'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.com/items. (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).',
    '--json',
  ],
  [
    'explain',
    'Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 200',
  ],
  ['explain', 'TypeError: Failed to fetch'],
  ['explain', 'Uncaught ReferenceError: x is not defined'],
  ['scan', 'http://127.0.0.1:8082/me', 'http://127.0.0.1:8081/items', '--origin', APP],
  ['scan', 'http://127.0.0.1:8082/me', '--origin', APP, '--fail-on', 'critical', '--sarif'],
  ['verify', 'http://127.0.0.1:8083/items', '--policy', 'cors.json'],
  ['verify', 'http://127.0.0.1:8083/items', '--policy', 'cors.json', '--verbose'],
  ['verify', 'http://127.0.0.1:8084/items', '--policy', 'cors.json'],
];
for (const args of runs) process.stdout.write(`\`\`\`console\n${await sh(args, dir)}\`\`\`\n\n`);
servers.close();

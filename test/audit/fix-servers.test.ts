// Issue 14's "fixes that break other requests", on real servers written as the guides write them
// (test/audit/fix-servers.ts): `corsair check --server <target>` names the root cause from the server's
// answers, its generated fix is applied in place of the server's CORS code, the server is booted again,
// and the failing request now passes while every request that passed before still passes (the fix
// widens, never narrows). nginx, FastAPI and Flask come from Debian and skip loudly without them
// (CORSAIR_REQUIRE_SERVERS=1 makes that a failure); Express 5, Fastify and Koa come from npm.
import express from 'express';
import { describe, expect, it } from 'vitest';
import type { GeneratedFile } from '../../src/generate/index.js';
import { run } from '../cli/run.js';
import type { Running } from '../generate/servers.js';
import { FIX_CASES, type PageRequest } from './fix-servers.js';

const ORIGIN = 'https://app.example.com';

interface CheckJson {
  allowed: boolean;
  error: { code: string } | null;
  diagnosis: {
    rootCauses: { code: string; summary: string; evidence: string[]; hint: string | null }[];
    fix: { policy: object | null; files?: GeneratedFile[]; error?: string | null; kept: string[] };
  } | null;
}

const show = (r: PageRequest) =>
  `${r.method} ${r.path}${r.headers.map(([n]) => ` +${n}`).join('')}${r.include ? ' (credentials)' : ''}`;

async function check(base: string, r: PageRequest, extra: string[] = []): Promise<CheckJson> {
  const out = await run([
    'check',
    new URL(r.path.slice(1), base).href,
    '--origin',
    ORIGIN,
    '--method',
    r.method,
    ...r.headers.flatMap(([n, v]) => ['-H', `${n}: ${v}`]),
    '--credentials',
    r.include ? 'include' : 'same-origin',
    '--json',
    ...extra,
  ]);
  if (out.code === 2) throw new Error(out.stderr);
  return JSON.parse(out.stdout) as CheckJson;
}

async function expectAllowed(server: Running, rs: readonly PageRequest[], when: string) {
  for (const r of rs) {
    const j = await check(server.url, r);
    expect(j.allowed, `${when}: ${show(r)} → ${j.error?.code}\n${server.log()}`).toBe(true);
  }
}

describe('check --server on real servers: root cause named, fix applied, nothing narrowed', () => {
  for (const c of FIX_CASES) {
    it.skipIf(!c.available)(
      c.name,
      async () => {
        const before = await c.before(ORIGIN);
        let files: GeneratedFile[];
        try {
          await expectAllowed(before, c.passing, 'before the fix');
          const j = await check(before.url, c.failing, ['--server', c.target]);
          expect(j.allowed, show(c.failing)).toBe(false);
          const codes = j.diagnosis?.rootCauses.map((rc) => rc.code) ?? [];
          if (c.rootCause) {
            expect(codes, JSON.stringify(j.diagnosis?.rootCauses, null, 2)).toContain(c.rootCause);
            const rc = j.diagnosis!.rootCauses.find((x) => x.code === c.rootCause)!;
            if (c.says) expect(rc.summary).toMatch(c.says);
            expect(rc.evidence.length).toBeGreaterThanOrEqual(2);
          } else expect(codes).toEqual([]);
          expect(j.diagnosis?.fix.error ?? null).toBeNull();
          files = j.diagnosis?.fix.files ?? [];
          expect(files.length).toBeGreaterThan(0);
        } finally {
          await before.close();
        }
        const after = await c.after(ORIGIN, files);
        try {
          await expectAllowed(after, [c.failing], 'after the fix, the failing request');
          await expectAllowed(after, c.passing, 'after the fix, a request that passed before');
          await expectAllowed(after, c.alsoFixed ?? [], 'after the fix');
        } finally {
          await after.close();
        }
      },
      60_000,
    );
  }

  it("the root cause's claim holds on the installed Express: app.options('*') throws, '/{*splat}' does not", () => {
    expect(() => express().options('*', (_q, r) => r.end())).toThrow(/Missing parameter name/);
    expect(() => express().options('/{*splat}', (_q, r) => r.end())).not.toThrow();
  });
});

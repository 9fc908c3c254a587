// `corsair ui` as a command: its flags, PORT, and the coded errors it prints instead of stack traces.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { startUi } from '../../src/ui/server.js';
import { startUiCli } from './cli-process.js';

function capture() {
  let out = '';
  let err = '';
  const io = {
    stdout: (s: string) => {
      out += s;
    },
    stderr: (s: string) => {
      err += s;
    },
    isTTY: false,
    color: false,
    env: {} as Record<string, string | undefined>,
    cwd: process.cwd(),
  };
  return { io, out: () => out, err: () => err };
}

describe('corsair ui (command)', () => {
  let busy: Server;
  let busyPort = 0;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    busyPort = (busy.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => busy.close(() => r())));

  it('documents itself in --help', async () => {
    const c = capture();
    expect(await runCli(['ui', '--help'], c.io)).toBe(0);
    expect(c.out()).toContain('--port');
    expect(c.out()).toContain('--open');
    expect(c.out()).toContain('corsair ui --port 8080 --open');
  });

  it.each([
    [['ui', '--port', 'abc'], {}, 'CLI_BAD_PORT'],
    [['ui', '--port', '70000'], {}, 'CLI_BAD_PORT'],
    [['ui'], { PORT: 'x' }, 'CLI_BAD_PORT'],
    [['ui', '--demo-port', '-1'], {}, 'CLI_BAD_PORT'],
  ])('refuses %j (env %j) with %s and no stack trace', async (argv, env, code) => {
    const c = capture();
    c.io.env = env;
    expect(await runCli(argv, c.io)).toBe(2);
    expect(c.err()).toContain(`error ${code}:`);
    expect(c.err()).not.toMatch(/\n\s+at /);
  });

  it('says which port is taken and how to pick another', async () => {
    const c = capture();
    expect(await runCli(['ui', '--port', String(busyPort)], c.io)).toBe(2);
    expect(c.err()).toContain('error UI_PORT_IN_USE:');
    expect(c.err()).toContain('Fix:');
  });

  it('honours PORT and prints the URL and the demo API first', async () => {
    const ui = await startUiCli([], '0');
    try {
      expect(ui.firstLine).toMatch(/^corsair ui: http:\/\/127\.0\.0\.1:\d+\/$/);
      const res = await fetch(ui.url);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('corsair-token');
    } finally {
      await ui.stop();
    }
  });

  it('falls back to a free port for the demo API when the page port + 1 is taken', async () => {
    // The page asks for busyPort - 1, whose demo API would want busyPort (taken). Retry if that port is taken too.
    for (let attempt = 0; attempt < 5; attempt++) {
      const probe = createServer();
      await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
      const taken = (probe.address() as AddressInfo).port;
      try {
        const ui = await startUi({ port: taken - 1 }).catch(() => null);
        if (!ui) continue;
        try {
          expect(ui.url).toBe(`http://127.0.0.1:${taken - 1}/`);
          expect(ui.demoOrigin).toMatch(/^http:\/\/localhost:\d+$/);
          expect(ui.demoOrigin).not.toBe(`http://localhost:${taken}`);
          return;
        } finally {
          await ui.close();
        }
      } finally {
        await new Promise<void>((r) => probe.close(() => r()));
      }
    }
    throw new Error('no free port pair found in 5 attempts');
  });
});

// Drives WebKitGTK's MiniBrowser (Debian webkit2gtk-driver) through WebKit's own remote inspector:
// the only route that shows the console lines WebKit prints for a CORS failure. The WebDriver session
// of the same package has no BiDi (no console), and its automation mode does not start the inspector's
// HTTP server, so the MiniBrowser runs on a private Xvfb display with WEBKIT_INSPECTOR_HTTP_SERVER set,
// in private (ephemeral) mode, and every command goes over the inspector's WebSocket.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'undici';

export const MINIBROWSER_PATH =
  process.env.CORSAIR_WEBKIT ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const XVFB_PATH = '/usr/bin/Xvfb';

/** One console message as WebKit's inspector reports it (`Console.messageAdded`). */
export interface WebKitConsoleMessage {
  /** `security` (the CORS reason), `javascript` (`Fetch API cannot load …`), `network` (`Failed to load resource: …`). */
  readonly source: string;
  readonly level: string;
  readonly text: string;
  /** The resource's URL (network messages only; empty otherwise). */
  readonly url: string;
}

/** A MiniBrowser with its page open on the inspector. */
export interface WebKitPage {
  /** `WebKitGTK 2.50.6`, as the MiniBrowser reports itself. */
  readonly version: string;
  /** Evaluate an expression in the page; a promise is awaited and its value returned. */
  evaluate(expression: string): Promise<unknown>;
  /** Called for every console message of the page, in arrival order. */
  onConsole(listener: (message: WebKitConsoleMessage) => void): void;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Start a private Xvfb display (`-displayfd` picks a free one). */
export async function startXvfb(): Promise<{ display: string; proc: ChildProcess }> {
  const proc = spawn(XVFB_PATH, ['-displayfd', '1', '-nolisten', 'tcp', '-screen', '0', '1280x800x24'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const display = await new Promise<string>((resolve, reject) => {
    proc.stdout?.once('data', (d: Buffer) => resolve(`:${d.toString().trim()}`));
    proc.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
  return { display, proc };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll the inspector's target list until `pageUrl` is inspectable; its WebSocket path. */
async function socketPath(port: number, pageUrl: string, exited: () => boolean): Promise<string> {
  for (let i = 0; i < 300 && !exited(); i++) {
    try {
      const html = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      for (const row of html.split('<tr>')) {
        const path = /\/socket\/\d+\/\d+\/WebPage/.exec(row)?.[0];
        if (path && row.includes(`>${pageUrl}<`)) return path;
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`WebKit's inspector never listed ${pageUrl} (MiniBrowser ${exited() ? 'exited' : 'hung'})`);
}

/** The longest expression sent in one inspector message. */
const CHUNK = 32 * 1024;

/** The inspector protocol over one WebSocket, commands routed to the page target. */
class Inspector {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners: ((m: WebKitConsoleMessage) => void)[] = [];
  private target: string | null = null;
  private targetReady: Promise<void>;

  constructor(private readonly ws: WebSocket) {
    let ready: () => void = () => {};
    this.targetReady = new Promise((r) => {
      ready = r;
    });
    ws.addEventListener('message', (e) => {
      const m = JSON.parse(String(e.data)) as { method?: string; params?: Record<string, unknown> };
      if (m.method === 'Target.targetCreated') {
        const info = m.params?.targetInfo as { targetId: string; type: string };
        if (info.type === 'page') {
          this.target = info.targetId;
          ready();
        }
      } else if (m.method === 'Target.dispatchMessageFromTarget') this.fromTarget(String(m.params?.message));
    });
    ws.addEventListener('close', () => {
      for (const p of this.pending.values()) p.reject(new Error('WebKit inspector connection closed'));
      this.pending.clear();
    });
  }

  private fromTarget(text: string): void {
    const m = JSON.parse(text) as {
      id?: number;
      result?: unknown;
      error?: { message: string };
      method?: string;
      params?: { message?: WebKitConsoleMessage };
    };
    if (m.id !== undefined) {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error) p?.reject(new Error(m.error.message));
      else p?.resolve(m.result);
    } else if (m.method === 'Console.messageAdded' && m.params?.message) {
      const { source, level, text: t, url } = m.params.message;
      for (const l of this.listeners) l({ source, level, text: t, url: url ?? '' });
    }
  }

  onConsole(listener: (m: WebKitConsoleMessage) => void): void {
    this.listeners.push(listener);
  }

  async send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    await this.targetReady;
    const id = this.next++;
    const message = JSON.stringify({ id, method, params });
    const result = new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.ws.send(
      JSON.stringify({
        id: this.next++,
        method: 'Target.sendMessageToTarget',
        params: { targetId: this.target, message },
      }),
    );
    return result;
  }

  async evaluate(expression: string): Promise<unknown> {
    // The inspector's HTTP server drops the connection on a large frame (a 98 KB batch of cases did; 32 KB
    // pieces pass): a long expression goes over in pieces and is evaluated from the page.
    if (expression.length > CHUNK) {
      await this.send('Runtime.evaluate', { expression: 'globalThis.__corsairExpr = ""' });
      for (let i = 0; i < expression.length; i += CHUNK)
        await this.send('Runtime.evaluate', {
          expression: `globalThis.__corsairExpr += ${JSON.stringify(expression.slice(i, i + CHUNK))}`,
        });
      return this.evaluate('(0, eval)(globalThis.__corsairExpr)');
    }
    const r = (await this.send('Runtime.evaluate', { expression, returnByValue: false })) as {
      result: { objectId?: string; value?: unknown; description?: string };
      wasThrown?: boolean;
    };
    if (r.wasThrown) throw new Error(`WebKit: ${r.result.description ?? 'evaluation threw'}`);
    if (!r.result.objectId) return r.result.value;
    const awaited = (await this.send('Runtime.awaitPromise', {
      promiseObjectId: r.result.objectId,
      returnByValue: true,
    })) as { result: { value?: unknown; description?: string }; wasThrown?: boolean };
    if (awaited.wasThrown) throw new Error(`WebKit: ${awaited.result.description ?? 'promise rejected'}`);
    return awaited.result.value;
  }
}

/**
 * Open `pageUrl` in WebKitGTK's MiniBrowser (private mode, its own Xvfb display and home) with the
 * console domain enabled.
 *
 * @example
 * const page = await launchWebKit('http://127.0.0.1:4100/');
 * page.onConsole((m) => console.log(m.text));
 * await page.evaluate('fetch("http://localhost:4101/x").then(() => "ok", String)');
 */
export async function launchWebKit(pageUrl: string): Promise<WebKitPage> {
  const home = mkdtempSync(join(tmpdir(), 'corsair-webkit-'));
  const xvfb = await startXvfb();
  const port = await freePort();
  const env = {
    ...process.env,
    DISPLAY: xvfb.display,
    HOME: home,
    XDG_CACHE_HOME: home,
    XDG_DATA_HOME: home,
  };
  let browser: ChildProcess | undefined;
  let ws: WebSocket | undefined;
  const close = async () => {
    ws?.close();
    browser?.kill('SIGKILL');
    xvfb.proc.kill();
    rmSync(home, { recursive: true, force: true });
  };
  try {
    const version = execFileSync(MINIBROWSER_PATH, ['--version'], { env, encoding: 'utf8' }).trim();
    let exited = false;
    browser = spawn(MINIBROWSER_PATH, ['--private', '--enable-developer-extras=true', pageUrl], {
      env: { ...env, WEBKIT_INSPECTOR_HTTP_SERVER: `127.0.0.1:${port}` },
      stdio: 'ignore',
    });
    browser.once('exit', () => {
      exited = true;
    });
    const path = await socketPath(port, pageUrl, () => exited);
    const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`);
    ws = socket;
    await new Promise((resolve, reject) => {
      socket.addEventListener('open', resolve);
      socket.addEventListener('error', () => reject(new Error('cannot connect to WebKit inspector')));
    });
    const inspector = new Inspector(socket);
    await inspector.send('Console.enable');
    await inspector.send('Runtime.enable');
    for (let i = 0; i < 100 && (await inspector.evaluate('document.readyState')) !== 'complete'; i++)
      await sleep(50);
    return {
      version,
      evaluate: (expression) => inspector.evaluate(expression),
      onConsole: (listener) => inspector.onConsole(listener),
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Whether the MiniBrowser and Xvfb are installed (see `browserAvailable('webkit')`). */
export function webkitInstalled(): boolean {
  return existsSync(MINIBROWSER_PATH) && existsSync(XVFB_PATH);
}

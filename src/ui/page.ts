// The page shell. Rendered by the server so that the per-run token and the demo API's origin reach the
// page in its own HTML (which other origins cannot read). Everything dynamic is built by the client with
// DOM APIs, never innerHTML.
import { CORS_SAFELISTED_METHODS } from '../fetch/methods.js';

/**
 * What the shell needs.
 *
 * @example
 * const ctx: PageContext = { token: 'k3…', demoOrigin: 'http://localhost:4001', version: '0.1.0' };
 */
export interface PageContext {
  readonly token: string;
  readonly demoOrigin: string;
  readonly version: string;
}

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * The HTML of `GET /`.
 *
 * @example
 * res.end(renderPage({ token, demoOrigin: 'http://localhost:4001', version: '0.1.0' }));
 */
export function renderPage(ctx: PageContext): string {
  const methodOptions = METHODS.map((m) => `<option value="${m}"></option>`).join('');
  const checkbox = (m: string) =>
    `<label class="check"><input type="checkbox" name="b-method" value="${m}"${CORS_SAFELISTED_METHODS.has(m) ? ' checked' : ''}> ${m}</label>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="corsair-token" content="${escapeHtml(ctx.token)}">
<meta name="corsair-demo-origin" content="${escapeHtml(ctx.demoOrigin)}">
<title>corsair — CORS tester</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/app.css">
<script type="module" src="/assets/client/app.js"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <div class="brand"><span class="logo" aria-hidden="true">◆</span> corsair <span class="tagline">CORS, decided exactly as browsers do</span></div>
  <nav class="tabs" role="tablist" aria-label="Views">
    <button type="button" role="tab" id="tab-tester" aria-controls="view-tester" aria-selected="true">Tester</button>
    <button type="button" role="tab" id="tab-explain" aria-controls="view-explain" aria-selected="false" tabindex="-1">Explain</button>
    <button type="button" role="tab" id="tab-builder" aria-controls="view-builder" aria-selected="false" tabindex="-1">Policy builder</button>
    <button type="button" role="tab" id="tab-har" aria-controls="view-har" aria-selected="false" tabindex="-1">HAR file</button>
  </nav>
</header>
<main id="main" tabindex="-1">
<noscript><p class="card">This page needs JavaScript: it runs the real request from your browser.</p></noscript>

<section role="tabpanel" id="view-tester" aria-labelledby="tab-tester" class="view">
  <div class="layout">
    <div class="stack">
      <section class="card" aria-labelledby="presets-h">
        <h2 id="presets-h">Try a classic mistake</h2>
        <p class="hint">Each preset sets the demo API's answer and the request, then runs it. <span class="legend"><span class="dot ok" aria-hidden="true"></span>allowed <span class="dot fail" aria-hidden="true"></span>blocked</span></p>
        <div id="presets" class="chips"></div>
      </section>

      <form id="request-form" class="card" aria-labelledby="request-h" novalidate>
        <h2 id="request-h">Request</h2>
        <div class="field">
          <label for="req-url">URL</label>
          <input id="req-url" name="url" type="url" inputmode="url" autocomplete="off" spellcheck="false" required>
          <p class="hint">Any URL works; <button type="button" class="link" id="use-demo">use the demo API</button> to try without a server of your own.</p>
        </div>
        <div class="row">
          <div class="field">
            <label for="req-method">Method</label>
            <input id="req-method" name="method" list="method-list" autocomplete="off" spellcheck="false">
            <datalist id="method-list">${methodOptions}</datalist>
          </div>
          <div class="field">
            <label for="req-credentials">Credentials</label>
            <select id="req-credentials" name="credentials">
              <option value="omit">omit</option>
              <option value="same-origin">same-origin (default)</option>
              <option value="include">include (cookies)</option>
            </select>
          </div>
        </div>
        <div class="field">
          <label for="req-headers">Headers</label>
          <textarea id="req-headers" name="headers" rows="3" spellcheck="false" aria-describedby="req-headers-hint" placeholder="Content-Type: application/json"></textarea>
          <p class="hint" id="req-headers-hint">One <code>Name: value</code> per line.</p>
        </div>
        <div class="field">
          <label for="req-body">Body</label>
          <textarea id="req-body" name="body" rows="2" spellcheck="false" aria-describedby="req-body-hint"></textarea>
          <p class="hint" id="req-body-hint">Not sent with GET or HEAD.</p>
        </div>
        <div class="actions">
          <button type="submit" class="primary" id="run">Send request</button>
          <button type="button" id="share">Copy link</button>
          <span id="share-status" class="hint" role="status"></span>
        </div>
      </form>

      <details class="card" id="demo-panel">
        <summary><h2 id="demo-h">Demo API answer</h2><span class="hint" id="demo-summary"></span></summary>
        <form id="demo-form" aria-labelledby="demo-h" novalidate>
          <div class="row">
            <div class="field">
              <label for="d-origin-mode">Access-Control-Allow-Origin</label>
              <select id="d-origin-mode" name="originMode">
                <option value="reflect">the page's origin (reflected)</option>
                <option value="any">* (any origin)</option>
                <option value="exact">exactly this value…</option>
                <option value="none">not sent</option>
              </select>
            </div>
            <div class="field">
              <label for="d-origin-value">Value</label>
              <input id="d-origin-value" name="originValue" spellcheck="false" autocomplete="off">
            </div>
          </div>
          <div class="row">
            <div class="field"><label for="d-methods">Allow-Methods</label><input id="d-methods" name="allowMethods" spellcheck="false" autocomplete="off"></div>
            <div class="field"><label for="d-headers">Allow-Headers</label><input id="d-headers" name="allowHeaders" spellcheck="false" autocomplete="off"></div>
          </div>
          <div class="row">
            <div class="field"><label for="d-expose">Expose-Headers</label><input id="d-expose" name="exposeHeaders" spellcheck="false" autocomplete="off"></div>
            <div class="field"><label for="d-max-age">Max-Age</label><input id="d-max-age" name="maxAge" inputmode="numeric" spellcheck="false" autocomplete="off"></div>
          </div>
          <div class="row">
            <div class="field"><label for="d-status">Response status</label><input id="d-status" name="status" type="number" min="200" max="599"></div>
            <div class="field"><label for="d-preflight-status">Preflight status</label><input id="d-preflight-status" name="preflightStatus" type="number" min="200" max="599"></div>
          </div>
          <div class="row">
            <div class="field">
              <label for="d-redirect">Redirect</label>
              <select id="d-redirect" name="redirect">
                <option value="none">none</option>
                <option value="actual">the actual request</option>
                <option value="preflight">the preflight</option>
              </select>
            </div>
            <div class="field">
              <label for="d-redirect-status">Redirect status</label>
              <select id="d-redirect-status" name="redirectStatus">
                <option>301</option><option>302</option><option>303</option><option>307</option><option>308</option>
              </select>
            </div>
          </div>
          <label class="check"><input type="checkbox" id="d-credentials" name="credentials"> Access-Control-Allow-Credentials: true</label>
          <p class="hint">Served at <code id="demo-url">${escapeHtml(ctx.demoOrigin)}</code>. It answers this page only, and echoes the request it got.</p>
          <p id="demo-problems" class="problems" role="alert" hidden></p>
        </form>
      </details>
    </div>

    <div class="stack" id="results" aria-labelledby="results-h">
      <h2 id="results-h" class="visually-hidden">Results</h2>
      <div id="result-live" role="status" class="visually-hidden"></div>
      <div id="result" class="stack">
        <div class="card empty"><p>Pick a preset or send a request. Your browser makes the real request; corsair probes the same URL from this machine and predicts the verdict, showing every header the browser looked at.</p></div>
      </div>
    </div>
  </div>
</section>

<section role="tabpanel" id="view-explain" aria-labelledby="tab-explain" class="view" hidden>
  <div class="layout narrow">
    <form id="explain-form" class="card" novalidate>
      <h2>Explain a console message</h2>
      <div class="field">
        <label for="explain-text">Paste the CORS error from the Chromium or Firefox console</label>
        <textarea id="explain-text" name="text" rows="5" spellcheck="false"></textarea>
      </div>
      <div class="actions">
        <button type="submit" class="primary">Explain</button>
        <button type="button" id="explain-example">Use an example</button>
      </div>
    </form>
    <div id="explain-result" aria-live="polite"></div>
  </div>
</section>

<section role="tabpanel" id="view-builder" aria-labelledby="tab-builder" class="view" hidden>
  <div class="layout">
    <form id="builder-form" class="card" novalidate>
      <h2>Build a policy</h2>
      <section class="part" aria-labelledby="b-top-h">
      <h3 id="b-top-h">Every path</h3>
      <div id="b-defaults-row" hidden>
        <label class="check"><input type="checkbox" id="b-defaults" checked> Give paths no route matches these options (off: no CORS there)</label>
      </div>
      <div id="b-top-fields">
      <div class="field">
        <label for="b-origins">Allowed origins</label>
        <textarea id="b-origins" name="origins" rows="3" spellcheck="false" aria-describedby="b-origins-hint"></textarea>
        <p class="hint" id="b-origins-hint">One per line: <code>https://app.example.com</code>, <code>https://*.example.com</code>, or <code>*</code> for any.</p>
      </div>
      <fieldset class="field">
        <legend>Methods</legend>
        <div class="checks">${['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'].map(checkbox).join('')}</div>
        <label for="b-methods-other">Other methods</label>
        <input id="b-methods-other" name="methodsOther" spellcheck="false" autocomplete="off" aria-describedby="b-comma-hint">
      </fieldset>
      <div class="field">
        <label for="b-allowed-headers">Allowed request headers</label>
        <input id="b-allowed-headers" name="allowedHeaders" spellcheck="false" autocomplete="off" aria-describedby="b-comma-hint">
      </div>
      <div class="field">
        <label for="b-exposed-headers">Exposed response headers</label>
        <input id="b-exposed-headers" name="exposedHeaders" spellcheck="false" autocomplete="off" aria-describedby="b-comma-hint">
        <p class="hint" id="b-comma-hint">Comma-separated names.</p>
      </div>
      <label class="check"><input type="checkbox" id="b-credentials" name="credentials"> Allow credentials (cookies, HTTP auth)</label>
      <div class="row">
        <div class="field"><label for="b-max-age">Max-Age (seconds)</label><input id="b-max-age" name="maxAge" type="number" min="0" max="86400"></div>
        <div class="field"><label for="b-preflight-status">Preflight status</label><input id="b-preflight-status" name="preflightStatus" type="number" min="200" max="299"></div>
      </div>
      </div>
      </section>
      <section class="part" aria-labelledby="b-routes-h">
        <h3 id="b-routes-h">Routes</h3>
        <p class="hint" id="b-path-hint">Per-path policies, first match wins: literal segments, <code>:name</code> for one segment, a trailing <code>/*</code> for the path and everything below it; letter case does not matter.</p>
        <ol id="b-routes" class="routes"></ol>
        <button type="button" id="b-add-route" data-action="add">Add route</button>
      </section>
    </form>
    <div class="stack">
      <section class="card" aria-labelledby="b-valid-h">
        <h2 id="b-valid-h">Validation</h2>
        <div id="b-validation" aria-live="polite"></div>
      </section>
      <section class="card" aria-labelledby="b-out-h">
        <div class="row spread">
          <h2 id="b-out-h">Output</h2>
          <div class="field inline">
            <label for="b-target">Format</label>
            <select id="b-target"><option value="policy">corsair policy file (cors.json)</option></select>
          </div>
        </div>
        <div id="b-notes"></div>
        <pre class="code" id="b-output" tabindex="0" aria-label="Generated output"></pre>
        <div class="actions">
          <button type="button" id="b-copy">Copy</button>
          <button type="button" id="b-download">Download</button>
          <span id="b-copy-status" class="hint" role="status"></span>
        </div>
      </section>
      <section class="card" aria-labelledby="b-try-h">
        <h2 id="b-try-h">Try it from this browser</h2>
        <p class="hint">The demo API serves this policy (corsair's own middleware) and your browser sends the request from this page, next to corsair's prediction. The path picks the route.</p>
        <form id="b-try-form" novalidate>
          <div class="row">
            <div class="field"><label for="b-try-path">Path</label><input id="b-try-path" class="mono" value="/" spellcheck="false" autocomplete="off"></div>
            <div class="field"><label for="b-try-method">Method</label><input id="b-try-method" list="method-list" value="GET" spellcheck="false" autocomplete="off"></div>
            <div class="field">
              <label for="b-try-credentials">Credentials</label>
              <select id="b-try-credentials">
                <option value="omit">omit</option>
                <option value="include">include (cookies)</option>
              </select>
            </div>
          </div>
          <div class="actions"><button type="submit" class="primary" id="b-try-run">Send from this browser</button></div>
        </form>
        <p id="b-try-route" role="status"></p>
      </section>
      <div id="b-try-result" class="stack" aria-live="polite"></div>
    </div>
  </div>
</section>

<section role="tabpanel" id="view-har" aria-labelledby="tab-har" class="view" hidden>
  <div class="layout narrow">
    <section class="card" aria-labelledby="har-h">
      <h2 id="har-h">Explain a page load from a HAR file</h2>
      <label id="har-drop" class="drop" for="har-file">
        <span class="big-line">Drop a <code>.har</code> file here, or choose one</span>
        <span class="hint">DevTools: Network panel → "Save all as HAR" (Chromium, Firefox, Safari); Playwright: <code>recordHar</code>. It stays on this machine: the local server reads it.</span>
        <input id="har-file" type="file" accept=".har,.json,.gz,application/json">
      </label>
      <div class="row">
        <div class="field"><label for="har-origin">Page origin (when the HAR does not show it)</label><input id="har-origin" spellcheck="false" autocomplete="off" placeholder="https://app.example.com"></div>
        <div class="field">
          <label for="har-browser">Decide as</label>
          <select id="har-browser">
            <option value="">the browser that recorded it</option>
            <option value="chromium">Chromium</option>
            <option value="firefox">Firefox</option>
            <option value="spec">the Fetch Standard</option>
          </select>
        </div>
      </div>
      <p id="har-status" class="hint" role="status"></p>
    </section>
    <div id="har-result" class="stack" aria-live="polite"></div>
  </div>
</section>
</main>
<footer class="foot">corsair ${escapeHtml(ctx.version)} · runs on your machine, no external network · <a href="https://fetch.spec.whatwg.org/#http-cors-protocol">Fetch Standard: CORS</a></footer>
</body>
</html>
`;
}

/**
 * The favicon (an SVG diamond, so the page needs no image file).
 *
 * @example
 * res.end(FAVICON_SVG);
 */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M8 1l7 7-7 7-7-7z" fill="#2457c5"/></svg>';

// The page's whole state lives in the URL's fragment, so a link reproduces a test exactly. The fragment
// never reaches a server, and opening a link never sends a request by itself: the user presses Send.
import type { CredentialsMode } from '../../browser/types.js';
import { isHeaderName } from '../../fetch/header-names.js';
import { DEFAULT_DEMO_CONFIG, type DemoConfig, normalizeDemoConfig } from '../shared/demo-config.js';
import { DEFAULT_FIELDS, type PolicyFields, type PolicyForm, type RouteFields } from './policy-form.js';

/**
 * The four views.
 *
 * @example
 * const view: View = 'builder';
 */
export type View = 'tester' | 'explain' | 'builder' | 'har';

/**
 * The policy builder's form: the policy (top-level options and routes) and the output format.
 *
 * @example
 * const b: BuilderState = { ...DEFAULT_BUILDER, origins: 'https://app.example.com' };
 */
export interface BuilderState extends PolicyForm {
  readonly target: string;
}

/**
 * Everything a link carries. `request.url` starts with `demo:` when it points at the demo API (its
 * origin and configuration id change from run to run).
 *
 * @example
 * const s: PageState = { ...DEFAULT_STATE, view: 'explain', explain: pasted };
 */
export interface PageState {
  readonly view: View;
  readonly preset: string;
  readonly request: {
    readonly url: string;
    readonly method: string;
    readonly headers: string;
    readonly credentials: CredentialsMode;
    readonly body: string;
  };
  readonly demo: DemoConfig;
  readonly explain: string;
  readonly builder: BuilderState;
}

/** @example const b = DEFAULT_BUILDER.methods; // ['GET', 'HEAD', 'POST'] */
export const DEFAULT_BUILDER: BuilderState = {
  ...DEFAULT_FIELDS,
  routes: [],
  defaults: true,
  target: 'policy',
};

/** @example location.hash = encodeState(DEFAULT_STATE); */
export const DEFAULT_STATE: PageState = {
  view: 'tester',
  preset: '',
  request: { url: 'demo:/items', method: 'GET', headers: '', credentials: 'omit', body: '' },
  demo: DEFAULT_DEMO_CONFIG,
  explain: '',
  builder: DEFAULT_BUILDER,
};

const VIEWS: readonly View[] = ['tester', 'explain', 'builder', 'har'];
const CREDENTIALS: readonly CredentialsMode[] = ['omit', 'same-origin', 'include'];

function toBase64Url(text: string): string {
  let bin = '';
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/**
 * The fragment for a state: `#view=tester&s=<base64url JSON>`.
 *
 * @example
 * history.replaceState(null, '', encodeState(state));
 */
export function encodeState(state: PageState): string {
  // Only what differs from the defaults travels, which keeps links short.
  const diff = (value: object, base: object): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      if (JSON.stringify(v) !== JSON.stringify((base as Record<string, unknown>)[k])) out[k] = v;
    return out;
  };
  const rest: Record<string, unknown> = {
    ...(state.preset ? { preset: state.preset } : {}),
    request: diff(state.request, DEFAULT_STATE.request),
    demo: diff(state.demo, DEFAULT_STATE.demo),
    ...(state.explain ? { explain: state.explain } : {}),
    builder: diff(state.builder, DEFAULT_STATE.builder),
  };
  for (const k of ['request', 'demo', 'builder'])
    if (Object.keys(rest[k] as object).length === 0) delete rest[k];
  return `#view=${state.view}${Object.keys(rest).length > 0 ? `&s=${toBase64Url(JSON.stringify(rest))}` : ''}`;
}

const str = (v: unknown, fallback: string, max = 20_000): string =>
  typeof v === 'string' ? v.slice(0, max) : fallback;

const MAX_ROUTES = 50;

const record = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** One set of policy fields from a link, each falling back to the default on its own. */
function decodeFields(b: Record<string, unknown>): PolicyFields {
  const d = DEFAULT_FIELDS;
  return {
    origins: str(b.origins, d.origins),
    methods: Array.isArray(b.methods)
      ? b.methods.filter((m): m is string => typeof m === 'string')
      : d.methods,
    methodsOther: str(b.methodsOther, ''),
    allowedHeaders: str(b.allowedHeaders, d.allowedHeaders),
    exposedHeaders: str(b.exposedHeaders, ''),
    credentials: b.credentials === true,
    maxAge: str(b.maxAge, d.maxAge, 20),
    preflightStatus: str(b.preflightStatus, '', 20),
  };
}

/** The routes of a link (at most MAX_ROUTES; a route that is not an object is dropped). */
function decodeRoutes(v: unknown): RouteFields[] {
  if (!Array.isArray(v)) return [];
  return v
    .slice(0, MAX_ROUTES)
    .filter((r) => record(r) === r)
    .map((r: Record<string, unknown>) => ({
      ...decodeFields(r),
      path: str(r.path, '', 500),
      off: r.off === true,
    }));
}

/**
 * Read a fragment back into a state. Anything malformed falls back to the default field by field:
 * a link is untrusted input.
 *
 * @example
 * const state = decodeState(location.hash);
 */
export function decodeState(hash: string): PageState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const view = VIEWS.find((v) => v === params.get('view')) ?? 'tester';
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(fromBase64Url(params.get('s') ?? ''));
    if (parsed && typeof parsed === 'object') raw = parsed as Record<string, unknown>;
  } catch {
    // No state or a damaged link: start from the defaults.
  }
  const r = (raw.request ?? {}) as Record<string, unknown>;
  const b = record(raw.builder);
  const demo = normalizeDemoConfig(raw.demo ?? {});
  const d = DEFAULT_STATE.request;
  return {
    view,
    preset: str(raw.preset, ''),
    request: {
      url: str(r.url, d.url, 4000),
      method: str(r.method, d.method, 32),
      headers: str(r.headers, d.headers),
      credentials: CREDENTIALS.find((c) => c === r.credentials) ?? d.credentials,
      body: str(r.body, d.body),
    },
    demo: demo.ok ? demo.config : DEFAULT_DEMO_CONFIG,
    explain: str(raw.explain, ''),
    builder: {
      ...decodeFields(b),
      routes: decodeRoutes(b.routes),
      defaults: b.defaults !== false,
      target: str(b.target, 'policy', 40),
    },
  };
}

/**
 * Parse the tester's header lines (`Name: value`). Returns the lines or the first bad line.
 *
 * @example
 * parseHeaderLines('Content-Type: application/json\nX-A: 1'); // { ok: true, lines: [['Content-Type', 'application/json'], ['X-A', '1']] }
 */
export function parseHeaderLines(
  text: string,
): { ok: true; lines: [string, string][] } | { ok: false; line: string; reason: string } {
  const lines: [string, string][] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const i = line.indexOf(':');
    const name = i > 0 ? line.slice(0, i).trim() : '';
    if (!isHeaderName(name)) return { ok: false, line, reason: "is not a header line: write 'Name: value'" };
    lines.push([name, line.slice(i + 1).trim()]);
  }
  return { ok: true, lines };
}

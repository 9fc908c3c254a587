// The policy builder's form as data, and the policy file it describes: the top-level options (the policy,
// or with routes the defaults of paths no route matches) and the ordered routes. Pure: no DOM, so Node
// tests run it. Values pass through as typed: the server's validator, never this module, judges them.

/**
 * One set of policy options as the form holds them (text fields keep what the user typed).
 *
 * @example
 * const f: PolicyFields = { ...DEFAULT_FIELDS, origins: '*' };
 */
export interface PolicyFields {
  readonly origins: string;
  readonly methods: readonly string[];
  readonly methodsOther: string;
  readonly allowedHeaders: string;
  readonly exposedHeaders: string;
  readonly credentials: boolean;
  readonly maxAge: string;
  readonly preflightStatus: string;
}

/**
 * One route: its path pattern and either its own options or `off` (`cors: false`: no CORS on the path).
 *
 * @example
 * const r: RouteFields = { ...DEFAULT_FIELDS, path: '/webhooks/*', off: true };
 */
export interface RouteFields extends PolicyFields {
  readonly path: string;
  readonly off: boolean;
}

/**
 * The whole policy as the builder edits it. With routes, `defaults` says whether the top-level fields
 * apply to the paths no route matches (otherwise those paths get no CORS).
 *
 * @example
 * const p: PolicyForm = { ...DEFAULT_FIELDS, routes: [], defaults: true };
 */
export interface PolicyForm extends PolicyFields {
  readonly routes: readonly RouteFields[];
  readonly defaults: boolean;
}

/** @example const f = DEFAULT_FIELDS.methods; // ['GET', 'HEAD', 'POST'] */
export const DEFAULT_FIELDS: PolicyFields = {
  origins: 'https://app.example.com',
  methods: ['GET', 'HEAD', 'POST'],
  methodsOther: '',
  allowedHeaders: 'Content-Type',
  exposedHeaders: '',
  credentials: false,
  maxAge: '600',
  preflightStatus: '',
};

/**
 * The route the "Add route" button appends: a path to edit and the form's defaults.
 *
 * @example
 * newRoute(2).path; // '/api3/*'
 */
export function newRoute(count: number): RouteFields {
  return { ...DEFAULT_FIELDS, path: count === 0 ? '/api/*' : `/api${count + 1}/*`, off: false };
}

const list = (text: string): string[] =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** `['*']` → `'*'`; any other list as is. */
const starOr = (items: string[]): string[] | '*' => (items.length === 1 && items[0] === '*' ? '*' : items);

/**
 * The `createCors` options one set of fields describes.
 *
 * @example
 * fieldsOptions({ ...DEFAULT_FIELDS, origins: '*' }).origins; // '*'
 */
export function fieldsOptions(s: PolicyFields): Record<string, unknown> {
  const o: Record<string, unknown> = { origins: starOr(list(s.origins)) };
  const methods = [...s.methods, ...list(s.methodsOther)];
  if (methods.length > 0) o.methods = starOr(methods);
  const allowed = list(s.allowedHeaders);
  if (allowed.length > 0) o.allowedHeaders = starOr(allowed);
  const exposed = list(s.exposedHeaders);
  if (exposed.length > 0) o.exposedHeaders = starOr(exposed);
  if (s.credentials) o.credentials = true;
  if (s.maxAge.trim() !== '') o.maxAge = Number(s.maxAge);
  if (s.preflightStatus.trim() !== '') o.preflightStatus = Number(s.preflightStatus);
  return o;
}

/**
 * The policy file the form describes: the top-level options, then `routes` in order (`cors: false`
 * for a route that turns CORS off). With routes and `defaults` off, the top level is left empty, so
 * paths no route matches get no CORS.
 *
 * @example
 * policyOptions({ ...DEFAULT_FIELDS, defaults: false, routes: [{ ...DEFAULT_FIELDS, path: '/hooks/*', off: true }] });
 * // { routes: [{ path: '/hooks/*', cors: false }] }
 */
export function policyOptions(form: PolicyForm): Record<string, unknown> {
  if (form.routes.length === 0) return fieldsOptions(form);
  const top = form.defaults ? fieldsOptions(form) : {};
  const routes = form.routes.map((r) =>
    r.off ? { path: r.path, cors: false } : { path: r.path, ...fieldsOptions(r) },
  );
  return { ...top, routes };
}

const ROUTE_PATH = /^\$\.routes\[(\d+)\]/;

/**
 * The route an issue of the validator is about (from its JSON path), or `null` for the top level.
 *
 * @example
 * issueRoute('$.routes[2].origins[0]'); // 2
 * issueRoute('$.origins');              // null
 */
export function issueRoute(path: string): number | null {
  const m = ROUTE_PATH.exec(path);
  return m ? Number(m[1]) : null;
}

/**
 * Move the route at `from` by `by` places (clamped to the list); the others keep their order.
 *
 * @example
 * moveRoute([a, b, c], 2, -1); // [a, c, b]
 */
export function moveRoute<T>(routes: readonly T[], from: number, by: number): T[] {
  const out = [...routes];
  const to = Math.max(0, Math.min(out.length - 1, from + by));
  const [item] = out.splice(from, 1);
  if (item !== undefined) out.splice(to, 0, item);
  return out;
}

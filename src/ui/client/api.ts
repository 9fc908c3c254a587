// The page's calls to its own server. The token from the page's HTML proves the call comes from the page.
import { CorsairError } from '../../errors.js';
import type { ApiError } from '../shared/api.js';

const token = document.querySelector<HTMLMetaElement>('meta[name="corsair-token"]')?.content ?? '';

/**
 * A failed API call, with the server's code, sentence and fix.
 *
 * @example
 * try { await api('/api/probe', body); } catch (e) { if (e instanceof ApiFailure) show(e.error.fix); }
 */
export class ApiFailure extends CorsairError {
  override readonly name = 'ApiFailure';

  /** The code, sentence and fix as the page shows them. */
  get error(): ApiError {
    return this.toJSON();
  }
}

/**
 * POST `body` as JSON to the local server and return its JSON answer.
 *
 * @example
 * const { explained } = await api<{ explained: unknown }>('/api/explain', { text });
 */
export async function api<T>(path: string, body: unknown): Promise<T> {
  return call<T>(path, 'application/json', JSON.stringify(body));
}

/**
 * POST a file (a HAR, which is JSON) to the local server as it is, and return its JSON answer.
 *
 * @example
 * const report = await apiUpload<HarReportView>('/api/har', file);
 */
export async function apiUpload<T>(path: string, file: Blob): Promise<T> {
  return call<T>(path, 'application/json', file);
}

async function call<T>(path: string, type: string, body: BodyInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': type, 'X-Corsair-Token': token },
      body,
    });
  } catch {
    throw new ApiFailure(
      'UI_SERVER_GONE',
      'The corsair ui server does not answer.',
      'Start it again with `corsair ui` (or `npm start`) and reload the page.',
    );
  }
  const data = (await res.json().catch(() => null)) as { error?: ApiError } | null;
  if (!res.ok || data === null) {
    const error = data?.error ?? {
      code: 'UI_HTTP',
      message: `The server answered ${res.status}.`,
      fix: 'Reload the page.',
    };
    throw new ApiFailure(error.code, error.message, error.fix);
  }
  return data as T;
}

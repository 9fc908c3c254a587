// The page's calls to its own server. The token from the page's HTML proves the call comes from the page.
import type { ApiError } from '../shared/api.js';

const token = document.querySelector<HTMLMetaElement>('meta[name="corsair-token"]')?.content ?? '';

/**
 * A failed API call, with the server's code, sentence and fix.
 *
 * @example
 * try { await api('/api/probe', body); } catch (e) { if (e instanceof ApiFailure) show(e.error.fix); }
 */
export class ApiFailure extends Error {
  readonly error: ApiError;
  constructor(error: ApiError) {
    super(error.message);
    this.error = error;
  }
}

/**
 * POST `body` as JSON to the local server and return its JSON answer.
 *
 * @example
 * const { explained } = await api<{ explained: unknown }>('/api/explain', { text });
 */
export async function api<T>(path: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Corsair-Token': token },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiFailure({
      code: 'UI_SERVER_GONE',
      message: 'The corsair ui server does not answer.',
      fix: 'Start it again with `corsair ui` (or `npm start`) and reload the page.',
    });
  }
  const data = (await res.json().catch(() => null)) as { error?: ApiError } | null;
  if (!res.ok || data === null)
    throw new ApiFailure(
      data?.error ?? {
        code: 'UI_HTTP',
        message: `The server answered ${res.status}.`,
        fix: 'Reload the page.',
      },
    );
  return data as T;
}

// `POST /api/har`: the page's dropped HAR file, read as a stream (bounded memory, like the CLI) and
// re-decided by the browser engine; the answer is the `corsair har --json` report.
import type { IncomingMessage } from 'node:http';
import { analyzeHar } from '../audit/har/analyze.js';
import { harReportJson } from '../audit/har/ci.js';
import { HarError } from '../audit/har/errors.js';
import { readHar } from '../audit/har/read.js';
import { profiles } from '../browser/profile.js';
import type { BrowserName } from '../browser/types.js';
import { parseOrigin, serializeOrigin } from '../origin/index.js';
import { UiError } from './errors.js';

/** The largest HAR the page accepts (the reader streams it; the bound only stops endless uploads). */
export const MAX_HAR_UPLOAD_BYTES = 1 << 30;

const BROWSERS = Object.keys(profiles) as readonly BrowserName[];

async function* bounded(req: IncomingMessage, limit: number): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit)
      throw new UiError(
        'UI_BODY_TOO_LARGE',
        `The HAR file is larger than ${limit} bytes.`,
        'Use corsair har FILE on the command line for it.',
        {
          details: { status: 413 },
        },
      );
    yield chunk as Buffer;
  }
}

/**
 * Read the uploaded HAR and analyze it. `?origin=` and `?browser=` in the URL are the CLI's
 * `--origin` and `--browser`. A bad file answers 400 with its `HAR_*` code, message and fix.
 *
 * @example
 * const report = await harUpload(req);
 */
export async function harUpload(req: IncomingMessage, limit = MAX_HAR_UPLOAD_BYTES): Promise<unknown> {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const origin = query.get('origin')?.trim() || undefined;
  const browser = query.get('browser') || undefined;
  if (origin !== undefined) {
    const parsed = parseOrigin(origin);
    if (!parsed || serializeOrigin(parsed) !== origin)
      throw new UiError(
        'UI_BAD_HAR_ORIGIN',
        `'${origin.slice(0, 200)}' is not a serialized origin.`,
        'Write scheme://host[:port], e.g. https://app.example.com.',
      );
  }
  if (browser !== undefined && !BROWSERS.includes(browser as BrowserName))
    throw new UiError(
      'UI_BAD_BROWSER',
      `'${browser.slice(0, 40)}' is not a browser corsair models.`,
      `Pick one of ${BROWSERS.join(', ')}.`,
    );
  try {
    const log = await readHar(bounded(req, limit));
    const report = await analyzeHar(log, {
      ...(origin ? { origin } : {}),
      ...(browser ? { browser: browser as BrowserName } : {}),
    });
    return harReportJson(report);
  } catch (e) {
    if (e instanceof HarError) throw new UiError(e.code, e.message, e.fix, { details: { status: 400 } });
    throw e;
  }
}

// Each shipped browser's console wording of a failure, keyed by profile name: a new browser adds its
// message function here and every failure, explanation and report carries its line.
import type { FailureDetail } from './failure.js';
import { chromiumMessage, firefoxMessage, type MessageContext } from './messages.js';
import { webkitMessage } from './messages-webkit.js';
import type { ConsoleBrowser, ConsoleMessages } from './types.js';

/** The message function of each shipped browser. */
export const CONSOLE_MESSAGE: Readonly<
  Record<ConsoleBrowser, (d: FailureDetail, ctx: MessageContext) => string>
> = {
  chromium: chromiumMessage,
  firefox: firefoxMessage,
  webkit: webkitMessage,
};

import { CONSOLE_BROWSERS } from './console-browsers.js';

export { CONSOLE_BROWSERS, CONSOLE_LABEL } from './console-browsers.js';

/**
 * Every browser's console output for one failure; `detailFor` gives each browser's own reading of it.
 *
 * @example
 * consoleMessages(() => ({ code: 'MissingAllowOriginHeader', value: '', lines: 0 }), ctx).webkit;
 */
export function consoleMessages(
  detailFor: (browser: ConsoleBrowser) => FailureDetail,
  ctx: MessageContext,
): ConsoleMessages {
  const out = {} as Record<ConsoleBrowser, string>;
  for (const b of CONSOLE_BROWSERS) out[b] = CONSOLE_MESSAGE[b](detailFor(b), ctx);
  return out;
}

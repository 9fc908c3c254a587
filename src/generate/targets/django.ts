// Django: django-cors-headers settings. Every setting is written out, because several defaults differ
// from the policy (CORS_PREFLIGHT_MAX_AGE defaults to 86400, CORS_ALLOW_HEADERS to a broad list).
import { patternRegex, pyRaw, refuseCommon, staticLists } from '../model.js';
import type { Generator } from '../types.js';
import { pyList } from './python-shared.js';

/**
 * Generate `cors_settings.py` for Django (append to settings.py or import from it).
 *
 * @example
 * generateDjango(options, ctx).files[0].content.includes('CORS_ALLOWED_ORIGINS'); // true
 */
export const generateDjango: Generator = (o, ctx) => {
  refuseCommon(o, 'django', false);
  const { methods, headers, notes } = staticLists(o, 'django-cors-headers');
  if (o.preflightContinue)
    notes.push({
      code: 'GENERATE_PREFLIGHT_ANSWERED',
      message: 'django-cors-headers answers every preflight itself; preflightContinue cannot be honoured',
    });
  const lines: string[] = [];
  if (o.anyOrigin) lines.push('CORS_ALLOW_ALL_ORIGINS = True');
  else {
    lines.push(
      'CORS_ALLOW_ALL_ORIGINS = False',
      '# Exact origins: compared by scheme and host[:port].',
      `CORS_ALLOWED_ORIGINS = ${pyList(o.exactOrigins, '')}`,
    );
    lines.push(
      '# Wildcard patterns: matched with re.match, so each is anchored with ^…\\Z and its dots escaped.',
      o.patterns.length > 0
        ? `CORS_ALLOWED_ORIGIN_REGEXES = [\n${o.patterns.map((p) => `    ${pyRaw(patternRegex(p, 'python'))},  # ${p.source}`).join('\n')}\n]`
        : 'CORS_ALLOWED_ORIGIN_REGEXES = []',
    );
  }
  lines.push(`CORS_ALLOW_METHODS = ${pyList(methods, '')}`);
  lines.push(`CORS_ALLOW_HEADERS = ${pyList(headers, '')}`);
  lines.push(
    `CORS_EXPOSE_HEADERS = ${pyList(o.exposedHeaders === '*' ? ['*'] : o.exposedHeaders, '')}`,
    `CORS_ALLOW_CREDENTIALS = ${o.credentials ? 'True' : 'False'}`,
    o.maxAge === undefined
      ? '# 0 = no Access-Control-Max-Age header (the default, 86400, would cache preflights for a day).\nCORS_PREFLIGHT_MAX_AGE = 0'
      : `CORS_PREFLIGHT_MAX_AGE = ${o.maxAge}`,
    '# Apply to every URL; narrow this to your API if only it is cross-origin.',
    'CORS_URLS_REGEX = r"^.*$"',
  );
  const content = `${ctx.header('#', notes)}
# Django with django-cors-headers. In settings.py:
#   INSTALLED_APPS += ["corsheaders"]
#   MIDDLEWARE.insert(0, "corsheaders.middleware.CorsMiddleware")  # first: preflights are answered
#                                                                  # before CSRF, auth and your views
#   from .cors_settings import *  # noqa: F401,F403
${lines.join('\n')}
`;
  return { files: [{ path: 'cors_settings.py', content }], notes };
};

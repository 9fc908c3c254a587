// Caddy v2 Caddyfile: a snippet `(cors)` imported by each site. Named matchers decide (anchored regexes,
// RE2 syntax), `route` keeps the order as written, `respond` answers preflights before anything else.

import type { NormalizedCorsOptions } from '../../policy/types.js';
import {
  allowHeadersValue,
  allowMethodsValue,
  combinedRegex,
  exposeHeadersValue,
  refuseCommon,
} from '../model.js';
import {
  LONG_HEADER_LIST_REGEX,
  listedHeadersRegex,
  listedMethodRegex,
  malformedHeadersRegex,
  REQUESTED_METHOD_REGEX,
} from '../preflight-classes.js';
import type { Generator } from '../types.js';

// Backtick-quoted regexes have no escape for a backtick (a valid header-name character): RE2's \x60 is one.
const bt = (s: string) => `\`${s.replace(/`/g, '\\x60')}\``;

/**
 * The named matchers and the `route` lines of one policy. `id` suffixes the matcher names and `when`
 * is a matcher line every one of them adds (both empty for a single policy).
 *
 * @example
 * caddyPolicy(options, '', '').handlers.includes('\t\trespond @cors_preflight 403'); // true
 */
export function caddyPolicy(
  o: NormalizedCorsOptions,
  id: string,
  when: string,
): { matchers: string; handlers: string } {
  return { matchers: caddyMatchers(o, id, when), handlers: caddyHandlers(o, id, when) };
}

/** Which unlisted-preflight matchers a policy needs: none for `'*'` (every well-formed name is listed). */
function unlistedKinds(o: NormalizedCorsOptions): { method: boolean; headers: boolean } {
  return { method: o.methods !== '*', headers: o.allowedHeaders !== '*' };
}

function caddyMatchers(o: NormalizedCorsOptions, id: string, when: string): string {
  const originRe = o.anyOrigin ? '.' : combinedRegex(o, 're2');
  const methodRe = listedMethodRegex(o, 're2');
  const headersRe = listedHeadersRegex(o, 're2');
  const w = when === '' ? '' : `\t\t${when}\n`;
  const fromAllowed = `${w}\t\tmethod OPTIONS\n\t\theader_regexp cors_o Origin ${bt(originRe)}\n`;
  const unlisted = unlistedKinds(o);
  // RE2 has no lookahead: "not listed, not malformed, not too long" is one negated alternation.
  const notUnlisted = [LONG_HEADER_LIST_REGEX, headersRe, malformedHeadersRegex(o, 're2')]
    .map((r) => `(?:${r})`)
    .join('|');
  const unlistedMatchers = `${
    unlisted.method
      ? `	# Unlisted (answered with what is allowed, so the browser's console names it): a method name the
	# policy does not list, whatever the headers (the method is read first), ...
	@cors_unlisted_method${id} {
${fromAllowed}		header_regexp cors_w Access-Control-Request-Method ${bt(REQUESTED_METHOD_REGEX)}
		not header_regexp Access-Control-Request-Method ${bt(methodRe)}
	}
`
      : ''
  }${
    unlisted.headers
      ? `	# ... or a listed method whose first header not listed is a name (not malformed, not too long).
	@cors_unlisted_headers${id} {
${fromAllowed}		header_regexp cors_m Access-Control-Request-Method ${bt(methodRe)}
		header Access-Control-Request-Headers *
		not header_regexp Access-Control-Request-Headers ${bt(notUnlisted)}
	}
`
      : ''
  }`;
  return `${when === '' ? '' : `\t@cors_vary${id} ${when}\n`}\t@cors_options${id} ${when === '' ? 'method OPTIONS' : `{\n${w}\t\tmethod OPTIONS\n\t}`}
	@cors_preflight${id} {
${w}		method OPTIONS
		header Origin *
		header Access-Control-Request-Method *
	}
	# Allowed preflights: origin (one anchored regex, dots escaped), method (case-sensitive) and
	# every requested header listed (the list not empty, and no longer than corsair reads).
	@cors_preflight_ok${id} {
${fromAllowed}		header_regexp cors_m Access-Control-Request-Method ${bt(methodRe)}
		# No header requested: Access-Control-Request-Headers absent or empty.
		not header_regexp Access-Control-Request-Headers \`.\`
	}
	@cors_preflight_ok_headers${id} {
${fromAllowed}		header_regexp cors_m Access-Control-Request-Method ${bt(methodRe)}
		header_regexp cors_h Access-Control-Request-Headers ${bt(headersRe)}
		not header_regexp Access-Control-Request-Headers ${bt(`(?:${LONG_HEADER_LIST_REGEX})|^$`)}
	}
${unlistedMatchers}	@cors_actual${id} {
${w}		header_regexp cors_o Origin ${bt(originRe)}
		not {
			method OPTIONS
			header Access-Control-Request-Method *
		}
	}
`;
}

function caddyHandlers(o: NormalizedCorsOptions, id: string, when: string): string {
  const allowMethods = allowMethodsValue(o);
  const allowHeaders = allowHeadersValue(o);
  const expose = exposeHeadersValue(o);
  const acao = o.anyOrigin ? '*' : '{header.Origin}';
  const pfHeaders = [
    `\t\t\tAccess-Control-Allow-Origin ${acao}`,
    ...(o.credentials ? ['\t\t\tAccess-Control-Allow-Credentials true'] : []),
    `\t\t\tAccess-Control-Allow-Methods ${allowMethods === undefined ? '{header.Access-Control-Request-Method}' : `"${allowMethods}"`}`,
    ...(o.maxAge !== undefined ? [`\t\t\tAccess-Control-Max-Age ${o.maxAge}`] : []),
  ];
  const acah =
    allowHeaders === undefined
      ? '\t\t\tAccess-Control-Allow-Headers {header.Access-Control-Request-Headers}'
      : allowHeaders !== ''
        ? `\t\t\tAccess-Control-Allow-Headers "${allowHeaders}"`
        : undefined;
  const actual = [
    `\t\t\tAccess-Control-Allow-Origin ${acao}`,
    ...(o.credentials ? ['\t\t\tAccess-Control-Allow-Credentials true'] : []),
    ...(expose !== '' ? [`\t\t\tAccess-Control-Expose-Headers "${expose}"`] : []),
  ];
  const vary = o.anyOrigin
    ? ''
    : when === ''
      ? '\t\theader +Vary Origin\n'
      : `\t\theader @cors_vary${id} +Vary Origin\n`;
  const unlisted = unlistedKinds(o);
  // What is allowed, never the request's own header names, no Max-Age.
  const unlistedHeaders = [
    ...pfHeaders.filter((l) => !l.includes('Access-Control-Max-Age')),
    ...(acah && allowHeaders !== undefined ? [acah] : []),
  ].join('\n');
  const unlistedNames = [
    ...(unlisted.method ? [`@cors_unlisted_method${id}`] : []),
    ...(unlisted.headers ? [`@cors_unlisted_headers${id}`] : []),
  ];
  const answered = [`@cors_preflight_ok${id}`, `@cors_preflight_ok_headers${id}`, ...unlistedNames];
  const handlers = `\t\t# Vary on every response: the answer depends on these request headers.
${vary}\t\theader @cors_options${id} +Vary "Access-Control-Request-Method, Access-Control-Request-Headers"
		header @cors_preflight_ok${id} {
${[...pfHeaders, ...(acah && allowHeaders !== undefined ? [acah] : [])].join('\n')}
		}
		header @cors_preflight_ok_headers${id} {
${[...pfHeaders, ...(acah ? [acah] : [])].join('\n')}
		}
${unlistedNames.map((m) => `\t\theader ${m} {\n${unlistedHeaders}\n\t\t}\n`).join('')}${
  o.preflightContinue
    ? '\t\t# preflightContinue: allowed and unlisted preflights reach your handler.\n'
    : `\t\t# Preflights are answered here, before authentication and the upstream.\n${answered.map((m) => `\t\trespond ${m} ${o.preflightStatus}\n`).join('')}\t\trespond @cors_preflight${id} 403\n`
}		header @cors_actual${id} {
${actual.join('\n')}
		}
`;
  return handlers;
}

/**
 * Generate `Caddyfile.cors` (a snippet; `import cors` in your site block).
 *
 * @example
 * generateCaddy(options, ctx).files[0].content.startsWith('#'); // true
 */
export const generateCaddy: Generator = (o, ctx) => {
  refuseCommon(o, 'caddy', false);
  const { matchers, handlers } = caddyPolicy(o, '', '');
  const content = `${ctx.header('#')}
# Caddy v2. Put this snippet at the top of your Caddyfile and add \`import cors\` first in each site:
#     api.example.com {
#         import cors
#         reverse_proxy localhost:8080
#     }
# If the upstream sets CORS headers of its own, drop them: reverse_proxy … { header_down -Access-Control-* }
(cors) {
${matchers}	route {
${handlers}	}
}
`;
  return { files: [{ path: 'Caddyfile.cors', content }], notes: [] };
};

// Caddy v2 Caddyfile: a snippet `(cors)` imported by each site. Named matchers decide (anchored regexes,
// RE2 syntax), `route` keeps the order as written, `respond` answers preflights before anything else.

import type { NormalizedCorsOptions } from '../../policy/types.js';
import {
  ANY_HEADER_LIST_REGEX,
  ANY_METHOD_REGEX,
  allowHeadersValue,
  allowMethodsValue,
  combinedRegex,
  exposeHeadersValue,
  headerListRegex,
  methodRegex,
  preflightMethods,
  refuseCommon,
} from '../model.js';
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

function caddyMatchers(o: NormalizedCorsOptions, id: string, when: string): string {
  const methods = preflightMethods(o);
  const originRe = o.anyOrigin ? '.' : combinedRegex(o, 're2');
  const methodRe = methods === '*' ? ANY_METHOD_REGEX : methodRegex(methods, 're2');
  const headersMatcher =
    o.allowedHeaders === '*'
      ? ANY_HEADER_LIST_REGEX
      : o.allowedHeaders.length > 0
        ? headerListRegex(o.allowedHeaders, 're2')
        : '^[\\s,]*$';
  const w = when === '' ? '' : `\t\t${when}\n`;
  const matchers = `${when === '' ? '' : `\t@cors_vary${id} ${when}\n`}\t@cors_options${id} ${when === '' ? 'method OPTIONS' : `{\n${w}\t\tmethod OPTIONS\n\t}`}
	@cors_preflight${id} {
${w}		method OPTIONS
		header Origin *
		header Access-Control-Request-Method *
	}
	# Allowed preflights: origin (one anchored regex, dots escaped), method (case-sensitive) and
	# every requested header allowed.
	@cors_preflight_ok${id} {
${w}		method OPTIONS
		header_regexp cors_o Origin ${bt(originRe)}
		header_regexp cors_m Access-Control-Request-Method ${bt(methodRe)}
		not header Access-Control-Request-Headers *
	}
	@cors_preflight_ok_headers${id} {
${w}		method OPTIONS
		header_regexp cors_o Origin ${bt(originRe)}
		header_regexp cors_m Access-Control-Request-Method ${bt(methodRe)}
		header_regexp cors_h Access-Control-Request-Headers ${bt(headersMatcher)}
	}
	@cors_actual${id} {
${w}		header_regexp cors_o Origin ${bt(originRe)}
		not {
			method OPTIONS
			header Access-Control-Request-Method *
		}
	}
`;
  return matchers;
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
  const handlers = `\t\t# Vary on every response: the answer depends on these request headers.
${vary}\t\theader @cors_options${id} +Vary "Access-Control-Request-Method, Access-Control-Request-Headers"
		header @cors_preflight_ok${id} {
${pfHeaders.join('\n')}
		}
		header @cors_preflight_ok_headers${id} {
${[...pfHeaders, ...(acah ? [acah] : [])].join('\n')}
		}
${
  o.preflightContinue
    ? '\t\t# preflightContinue: allowed preflights reach your handler.\n'
    : `\t\t# Preflights are answered here, before authentication and the upstream.\n\t\trespond @cors_preflight_ok${id} ${o.preflightStatus}\n\t\trespond @cors_preflight_ok_headers${id} ${o.preflightStatus}\n`
}${o.preflightContinue ? '' : `\t\trespond @cors_preflight${id} 403\n`}		header @cors_actual${id} {
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

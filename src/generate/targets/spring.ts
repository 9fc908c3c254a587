// Spring (MVC or WebFlux, with or without Spring Security): a CorsConfigurationSource bean built from a
// bare `new CorsConfiguration()` (no permit-all defaults: Spring's addCorsMappings() would add
// allowedHeaders "*" and maxAge 1800). Spring's "*" for methods/headers echoes the request, as the policy does.

import type { NormalizedCorsOptions } from '../../policy/types.js';
import { preflightMethods, q, refuseCommon } from '../model.js';
import { routeRegex, TRICKY_PATH_NOTE, trickyPathRegex } from '../paths.js';
import type { FidelityNote, Generator, RoutesGenerator } from '../types.js';

/** Spring's origin-pattern syntax: `*` in the host, `[*]` for any port. */
function springPattern(p: {
  scheme: string;
  host: string;
  port: string;
  subdomains: boolean;
  anyPort: boolean;
}): string {
  return `${p.scheme}://${p.subdomains ? '*.' : ''}${p.host}${p.anyPort ? ':[*]' : p.port ? `:${p.port}` : ''}`;
}

const listOf = (v: readonly string[]) => `List.of(${v.map(q).join(', ')})`;

/** The notes of the policies a Spring config holds. */
function springNotes(all: readonly NormalizedCorsOptions[]): FidelityNote[] {
  return all.some((o) => o.preflightContinue)
    ? [
        {
          code: 'GENERATE_PREFLIGHT_ANSWERED',
          message: 'Spring answers every preflight itself; preflightContinue cannot be honoured',
        },
      ]
    : [];
}

/** The statements filling a bare `CorsConfiguration cors` for one policy. */
function configLines(o: NormalizedCorsOptions): string[] {
  const methods = preflightMethods(o);
  const lines: string[] = [];
  if (o.anyOrigin) lines.push('cors.setAllowedOrigins(List.of("*"));');
  else {
    lines.push(`cors.setAllowedOrigins(${listOf(o.exactOrigins)});`);
    if (o.patterns.length > 0)
      lines.push(
        '// "*." = any subdomain (not the apex), ":[*]" = any port or none.',
        `cors.setAllowedOriginPatterns(${listOf(o.patterns.map(springPattern))});`,
      );
  }
  lines.push(`cors.setAllowedMethods(${methods === '*' ? 'List.of("*")' : listOf(methods)});`);
  lines.push(
    `cors.setAllowedHeaders(${o.allowedHeaders === '*' ? 'List.of("*")' : listOf(o.allowedHeaders)});`,
  );
  if (o.exposedHeaders === '*' || o.exposedHeaders.length > 0)
    lines.push(`cors.setExposedHeaders(${listOf(o.exposedHeaders === '*' ? ['*'] : o.exposedHeaders)});`);
  lines.push(`cors.setAllowCredentials(${o.credentials});`);
  if (o.maxAge !== undefined) lines.push(`cors.setMaxAge(${o.maxAge}L);`);
  return lines;
}

/**
 * Generate `CorsConfig.java`.
 *
 * @example
 * generateSpring(options, ctx).files[0].content.includes('CorsConfigurationSource'); // true
 */
export const generateSpring: Generator = (o, ctx) => {
  refuseCommon(o, 'spring', false);
  const notes = springNotes([o]);
  const lines = configLines(o);
  const content = `${ctx.header('//', notes)}
package com.example.config; // your configuration package

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * CORS for every path. Spring MVC and Spring Security pick this bean up; with Spring Security, keep
 * {@code http.cors(Customizer.withDefaults())} so preflights are answered before authentication.
 * (WebFlux: use org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource instead.)
 */
@Configuration
public class CorsConfig {

    @Bean
    public CorsConfigurationSource corsConfigurationSource() {
        // A bare CorsConfiguration: nothing is allowed unless listed here.
        CorsConfiguration cors = new CorsConfiguration();
${lines.map((l) => `        ${l}`).join('\n')}

        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }
}
`;
  return { files: [{ path: 'CorsConfig.java', content }], notes };
};

/**
 * Generate `CorsConfig.java` for a policy with routes: a CorsConfigurationSource choosing each
 * request's CorsConfiguration by its raw path (first route that matches, else the defaults; null = no
 * CORS processing at all), rather than UrlBasedCorsConfigurationSource: its PathPatternParser matches
 * the decoded path case-sensitively, where the policy compares literals case-insensitively and gives a
 * path servers may read as another route no CORS.
 *
 * @example
 * generateSpringRoutes({ routes: createCors(p).routes, defaults: null }, ctx).files[0].content.includes('record Route'); // true
 */
export const generateSpringRoutes: RoutesGenerator = (p, ctx) => {
  const all = [p.defaults, ...p.routes.map((r) => r.options)].filter((o) => o !== null);
  for (const o of all) refuseCommon(o, 'spring', false);
  const notes = [TRICKY_PATH_NOTE, ...springNotes(all)];
  const factory = (name: string, title: string, o: NormalizedCorsOptions) => `
    /** ${title} */
    private static CorsConfiguration ${name}() {
        CorsConfiguration cors = new CorsConfiguration();
${configLines(o)
  .map((l) => `        ${l}`)
  .join('\n')}
        return cors;
    }
`;
  const factories = [
    ...p.routes.flatMap((r, i) =>
      r.options === null ? [] : [factory(`route${i}`, r.pattern.path, r.options)],
    ),
    ...(p.defaults === null ? [] : [factory('defaults', 'Every other path', p.defaults)]),
  ];
  const routes = p.routes.map(
    (r, i) =>
      `        new Route(Pattern.compile(${q(routeRegex(r.pattern, 'java'))}), ${r.options === null ? 'null' : `route${i}()`}), // ${r.pattern.path}${r.options === null ? ': no CORS' : ''}`,
  );
  const content = `${ctx.header('//', notes)}
package com.example.config; // your configuration package

import java.util.List;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;

/**
 * CORS per path. Spring MVC and Spring Security pick this bean up; with Spring Security, keep
 * {@code http.cors(Customizer.withDefaults())} so preflights are answered before authentication.
 * (WebFlux: implement org.springframework.web.cors.reactive.CorsConfigurationSource the same way,
 * with exchange.getRequest().getURI().getRawPath().)
 */
@Configuration
public class CorsConfig {

    /** A route: its path regex and its configuration (null: no CORS on that path). */
    private record Route(Pattern pattern, CorsConfiguration cors) {}

    // A path servers may read as another route (%, \\, ;, //, dot segments) gets no CORS.
    private static final Pattern TRICKY_PATH = Pattern.compile(${q(trickyPathRegex('java'))});

    // Routes in order, first match wins; literals compare case-insensitively, :name is one segment,
    // a trailing /* is the prefix and everything below it.
    private static final List<Route> ROUTES = List.of(
${routes.join('\n').replace(/,( \/\/[^\n]*)$/, '$1')}
    );
    private static final CorsConfiguration DEFAULTS = ${p.defaults === null ? 'null' : 'defaults()'};
${factories.join('')}
    @Bean
    public CorsConfigurationSource corsConfigurationSource() {
        return request -> {
            // The path exactly as sent: not decoded, not normalized.
            String path = request.getRequestURI();
            if (TRICKY_PATH.matcher(path).find()) return null;
            for (Route route : ROUTES) if (route.pattern().matcher(path).find()) return route.cors();
            return DEFAULTS;
        };
    }
}
`;
  return { files: [{ path: 'CorsConfig.java', content }], notes };
};

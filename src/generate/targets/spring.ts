// Spring (MVC or WebFlux, with or without Spring Security): a CorsConfigurationSource bean built from a
// bare `new CorsConfiguration()` (no permit-all defaults: Spring's addCorsMappings() would add
// allowedHeaders "*" and maxAge 1800). Spring's "*" for methods/headers echoes the request, as the policy does.
import { preflightMethods, q, refuseCommon } from '../model.js';
import type { FidelityNote, Generator } from '../types.js';

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

/**
 * Generate `CorsConfig.java`.
 *
 * @example
 * generateSpring(options, ctx).files[0].content.includes('CorsConfigurationSource'); // true
 */
export const generateSpring: Generator = (o, ctx) => {
  refuseCommon(o, 'spring', false);
  const notes: FidelityNote[] = [];
  if (o.preflightContinue)
    notes.push({
      code: 'GENERATE_PREFLIGHT_ANSWERED',
      message: 'Spring answers every preflight itself; preflightContinue cannot be honoured',
    });
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

// ASP.NET Core: a named AddCors policy. Origins are decided by SetIsOriginAllowed with a Set and one
// anchored regex (\z, not $, which would also match before a trailing newline).

import type { NormalizedCorsOptions } from '../../policy/types.js';
import { combinedRegex, preflightMethods, q, refuseCommon } from '../model.js';
import { routeRegex, TRICKY_PATH_NOTE, trickyPathRegex } from '../paths.js';
import type { FidelityNote, Generator, RoutesGenerator } from '../types.js';

const args = (v: readonly string[]) => v.map(q).join(', ');

/** The notes of the policies an ASP.NET Core config holds. */
function aspnetNotes(all: readonly NormalizedCorsOptions[]): FidelityNote[] {
  return all.some((o) => o.preflightContinue)
    ? [
        {
          code: 'GENERATE_PREFLIGHT_ANSWERED',
          message: 'the CORS middleware answers every preflight itself; preflightContinue cannot be honoured',
        },
      ]
    : [];
}

/** The CorsPolicyBuilder calls of one policy; `isAllowed` names its origin check. */
function policyChain(o: NormalizedCorsOptions, isAllowed: string): string[] {
  const methods = preflightMethods(o);
  const chain: string[] = [];
  if (o.anyOrigin) chain.push('.AllowAnyOrigin()');
  else chain.push(`.SetIsOriginAllowed(${isAllowed})`);
  chain.push(methods === '*' ? '.AllowAnyMethod()' : `.WithMethods(${args(methods)})`);
  if (o.allowedHeaders === '*') chain.push('.AllowAnyHeader()');
  else if (o.allowedHeaders.length > 0) chain.push(`.WithHeaders(${args(o.allowedHeaders)})`);
  if (o.exposedHeaders === '*' || o.exposedHeaders.length > 0)
    chain.push(`.WithExposedHeaders(${args(o.exposedHeaders === '*' ? ['*'] : o.exposedHeaders)})`);
  if (o.credentials) chain.push('.AllowCredentials()');
  if (o.maxAge !== undefined) chain.push(`.SetPreflightMaxAge(TimeSpan.FromSeconds(${o.maxAge}))`);
  return chain;
}

/** The origin set, regex and check of one policy, suffixed by `id`. */
function originMembers(o: NormalizedCorsOptions, id: string): string {
  if (o.anyOrigin) return '';
  const regex = o.patterns.length > 0;
  return `    private static readonly HashSet<string> ExactOrigins${id} = new(StringComparer.Ordinal)
    {
${o.exactOrigins.map((e) => `        ${q(e)},`).join('\n')}
    };
${
  regex
    ? `    private static readonly Regex OriginPatterns${id} = new(
        @"${combinedRegex(o, 'dotnet', false).replace(/"/g, '""')}",
        RegexOptions.CultureInvariant | RegexOptions.Compiled,
        TimeSpan.FromMilliseconds(100));
`
    : ''
}    private static bool IsAllowedOrigin${id}(string origin) =>
        ExactOrigins${id}.Contains(origin)${regex ? ` || OriginPatterns${id}.IsMatch(origin)` : ''};
`;
}

/**
 * Generate `Cors.cs`: an `AddCorsairPolicy()` extension and the policy name for `UseCors`.
 *
 * @example
 * generateAspnetCore(options, ctx).files[0].content.includes('AddCors'); // true
 */
export const generateAspnetCore: Generator = (o, ctx) => {
  refuseCommon(o, 'aspnet-core', false);
  const notes = aspnetNotes([o]);
  const chain = policyChain(o, 'IsAllowedOrigin');
  const originCode = o.anyOrigin
    ? ''
    : `    // Exact origins, compared ordinally (browsers send them lowercase, without a default port).
    private static readonly HashSet<string> ExactOrigins = new(StringComparer.Ordinal)
    {
${o.exactOrigins.map((e) => `        ${q(e)},`).join('\n')}
    };
${
  o.patterns.length > 0
    ? `
    // Wildcard patterns (${o.patterns.map((p) => p.source).join(', ')}): anchored, dots escaped.
    private static readonly Regex OriginPatterns = new(
        @"${combinedRegex(o, 'dotnet', false).replace(/"/g, '""')}",
        RegexOptions.CultureInvariant | RegexOptions.Compiled,
        TimeSpan.FromMilliseconds(100));
`
    : ''
}
    private static bool IsAllowedOrigin(string origin) =>
        ExactOrigins.Contains(origin)${o.patterns.length > 0 ? ' || OriginPatterns.IsMatch(origin)' : ''};

`;
  const content = `${ctx.header('//', notes)}
// ASP.NET Core. In Program.cs:
//     builder.Services.AddCorsairPolicy();
//     ...
//     app.UseCors(CorsairCors.PolicyName);   // before UseAuthentication/UseAuthorization,
//                                            // so preflights are answered first
${o.patterns.length > 0 ? 'using System.Text.RegularExpressions;\n' : ''}
public static class CorsairCors
{
    public const string PolicyName = "corsair";

${originCode}    public static IServiceCollection AddCorsairPolicy(this IServiceCollection services) =>
        services.AddCors(options => options.AddPolicy(PolicyName, policy => policy
${chain.map((c) => `            ${c}`).join('\n')}));
}
`;
  return { files: [{ path: 'Cors.cs', content }], notes };
};

const verbatim = (re: string) => `@"${re.replace(/"/g, '""')}"`;

/**
 * Generate `Cors.cs` for a policy with routes: one named policy per route, and `UseCorsairRoutes()`,
 * which picks the route from the raw request target (IHttpRequestFeature.RawTarget: a tricky path gets
 * no CORS) and runs UseCors with that route's policy in an app.UseWhen branch.
 *
 * @example
 * generateAspnetCoreRoutes({ routes: createCors(p).routes, defaults: null }, ctx).files[0].content.includes('UseWhen'); // true
 */
export const generateAspnetCoreRoutes: RoutesGenerator = (p, ctx) => {
  const entries: { id: string; title: string; o: NormalizedCorsOptions }[] = [];
  p.routes.forEach((r, i) => {
    if (r.options !== null) entries.push({ id: `Route${i}`, title: r.pattern.path, o: r.options });
  });
  if (p.defaults !== null) entries.push({ id: 'Defaults', title: 'every other path', o: p.defaults });
  for (const e of entries) refuseCommon(e.o, 'aspnet-core', false);
  const notes = [TRICKY_PATH_NOTE, ...aspnetNotes(entries.map((e) => e.o))];
  const regexOptions =
    'RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(100)';
  const routes = p.routes.map(
    (r, i) =>
      `        (new Regex(${verbatim(routeRegex(r.pattern, 'dotnet'))}, ${regexOptions}), ${r.options === null ? 'null' : `"corsair-route${i}"`}), // ${r.pattern.path}${r.options === null ? ': no CORS' : ''}`,
  );
  const policies = entries.map(
    (e) =>
      `            // ${e.title}\n            options.AddPolicy("corsair-${e.id.toLowerCase()}", policy => policy\n${policyChain(
        e.o,
        `IsAllowedOrigin${e.id}`,
      )
        .map((c) => `                ${c}`)
        .join('\n')});`,
  );
  const content = `${ctx.header('//', notes)}
// ASP.NET Core, one policy per path. In Program.cs:
//     builder.Services.AddCorsairPolicies();
//     ...
//     app.UseCorsairRoutes();   // before UseAuthentication/UseAuthorization, so preflights are answered first
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;

public static class CorsairCors
{
    // A path servers may read as another route (%, \\, ;, //, dot segments) gets no CORS.
    private static readonly Regex TrickyPath = new(${verbatim(trickyPathRegex('dotnet'))}, ${regexOptions});

    // Routes in order, first match wins; literals compare case-insensitively, :name is one segment,
    // a trailing /* is the prefix and everything below it. null: no CORS on that path.
    private static readonly (Regex Pattern, string? Policy)[] Routes =
    {
${routes.join('\n')}
    };
    private const string? DefaultPolicy = ${p.defaults === null ? 'null' : '"corsair-defaults"'};

${entries
  .map((e) => originMembers(e.o, e.id))
  .filter((m) => m !== '')
  .join('\n')}
    // The policy name of a request's path, or null for no CORS.
    public static string? PolicyOf(HttpContext context)
    {
        // The request target exactly as sent (not decoded, not normalized), without its query.
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var path = target.Split('?', 2)[0];
        if (!path.StartsWith('/') || TrickyPath.IsMatch(path)) return null;
        foreach (var (pattern, policy) in Routes)
            if (pattern.IsMatch(path)) return policy;
        return DefaultPolicy;
    }

    public static IServiceCollection AddCorsairPolicies(this IServiceCollection services) =>
        services.AddCors(options =>
        {
${policies.join('\n')}
        });

    public static IApplicationBuilder UseCorsairRoutes(this IApplicationBuilder app)
    {
${entries
  .map(
    (e) =>
      `        app.UseWhen(c => PolicyOf(c) == "corsair-${e.id.toLowerCase()}", b => b.UseCors("corsair-${e.id.toLowerCase()}"));`,
  )
  .join('\n')}
        return app;
    }
}
`;
  return { files: [{ path: 'Cors.cs', content }], notes };
};

// ASP.NET Core: a named AddCors policy. Origins are decided by SetIsOriginAllowed with a Set and one
// anchored regex (\z, not $, which would also match before a trailing newline).
import { combinedRegex, preflightMethods, q, refuseCommon } from '../model.js';
import type { FidelityNote, Generator } from '../types.js';

const args = (v: readonly string[]) => v.map(q).join(', ');

/**
 * Generate `Cors.cs`: an `AddCorsairPolicy()` extension and the policy name for `UseCors`.
 *
 * @example
 * generateAspnetCore(options, ctx).files[0].content.includes('AddCors'); // true
 */
export const generateAspnetCore: Generator = (o, ctx) => {
  refuseCommon(o, 'aspnet-core', false);
  const notes: FidelityNote[] = [];
  if (o.preflightContinue)
    notes.push({
      code: 'GENERATE_PREFLIGHT_ANSWERED',
      message: 'the CORS middleware answers every preflight itself; preflightContinue cannot be honoured',
    });
  const methods = preflightMethods(o);
  const chain: string[] = [];
  if (o.anyOrigin) chain.push('.AllowAnyOrigin()');
  else chain.push('.SetIsOriginAllowed(IsAllowedOrigin)');
  chain.push(methods === '*' ? '.AllowAnyMethod()' : `.WithMethods(${args(methods)})`);
  if (o.allowedHeaders === '*') chain.push('.AllowAnyHeader()');
  else if (o.allowedHeaders.length > 0) chain.push(`.WithHeaders(${args(o.allowedHeaders)})`);
  if (o.exposedHeaders === '*' || o.exposedHeaders.length > 0)
    chain.push(`.WithExposedHeaders(${args(o.exposedHeaders === '*' ? ['*'] : o.exposedHeaders)})`);
  if (o.credentials) chain.push('.AllowCredentials()');
  if (o.maxAge !== undefined) chain.push(`.SetPreflightMaxAge(TimeSpan.FromSeconds(${o.maxAge}))`);
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

// API Gateway HTTP API: the CorsConfiguration object (`aws apigatewayv2 update-api --cors-configuration`).
// It matches origins exactly (or `*`); wildcard patterns cannot be expressed and are left out.
import { GenerateError } from '../errors.js';
import { refuseCommon } from '../model.js';
import type { FidelityNote, Generator } from '../types.js';

/**
 * Generate `apigw-cors.json`.
 *
 * @example
 * JSON.parse(generateAwsApiGateway(options, ctx).files[0].content).AllowOrigins;
 */
export const generateAwsApiGateway: Generator = (o, ctx) => {
  refuseCommon(o, 'aws-api-gateway', false);
  void ctx;
  const notes: FidelityNote[] = [];
  for (const p of o.patterns)
    notes.push({
      code: 'GENERATE_PATTERN_DROPPED',
      message: `API Gateway matches origins exactly, so the pattern '${p.source}' is left out; list its origins`,
    });
  if (!o.anyOrigin && o.exactOrigins.length === 0)
    throw new GenerateError(
      'GENERATE_NOTHING_LEFT',
      'the policy has only wildcard patterns, and API Gateway HTTP APIs match origins exactly',
      'list the exact origins in the policy, or answer CORS in your integration (e.g. --target express)',
    );
  if (o.preflightContinue)
    notes.push({
      code: 'GENERATE_PREFLIGHT_ANSWERED',
      message: 'API Gateway answers every preflight itself',
    });
  const cfg: Record<string, unknown> = {
    AllowOrigins: o.anyOrigin ? ['*'] : [...o.exactOrigins],
    AllowMethods: o.methods === '*' ? ['*'] : [...new Set([...o.methods, 'GET', 'HEAD', 'POST'])],
    AllowHeaders: o.allowedHeaders === '*' ? ['*'] : [...o.allowedHeaders],
    ExposeHeaders: o.exposedHeaders === '*' ? ['*'] : [...o.exposedHeaders],
    AllowCredentials: o.credentials,
  };
  if (o.maxAge !== undefined) cfg.MaxAge = o.maxAge;
  return { files: [{ path: 'apigw-cors.json', content: `${JSON.stringify(cfg, null, 2)}\n` }], notes };
};

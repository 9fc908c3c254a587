// Amazon S3 bucket CORS (put-bucket-cors): CORSRules JSON. S3 allows one `*` per origin, methods
// GET/PUT/POST/DELETE/HEAD only, and answers every listed (non-`*`) origin with
// Access-Control-Allow-Credentials: true, so a policy without credentials cannot be expressed
// for listed origins.
import { GenerateError } from '../errors.js';
import { refuseCommon } from '../model.js';
import type { FidelityNote, Generator } from '../types.js';

const S3_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'];

/**
 * Generate `s3-cors.json` for `aws s3api put-bucket-cors --cors-configuration file://s3-cors.json`.
 *
 * @example
 * JSON.parse(generateAwsS3(options, ctx).files[0].content).CORSRules[0].AllowedOrigins;
 */
export const generateAwsS3: Generator = (o, ctx) => {
  refuseCommon(o, 'aws-s3', false);
  const notes: FidelityNote[] = [];
  if (!o.anyOrigin && !o.credentials) {
    throw new GenerateError(
      'GENERATE_S3_CREDENTIALS',
      'S3 sends Access-Control-Allow-Credentials: true to every listed origin, so it cannot express a policy without credentials (it would allow more than the policy)',
      'set "credentials": true in the policy if credentialed requests to the bucket are acceptable (S3 itself ignores cookies), or use "origins": "*"',
    );
  }
  const origins: string[] = [];
  if (o.anyOrigin) origins.push('*');
  else {
    origins.push(...o.exactOrigins);
    for (const p of o.patterns) {
      // S3's `*` matches any characters; one per origin.
      if (p.subdomains && p.anyPort) {
        notes.push({
          code: 'GENERATE_PATTERN_DROPPED',
          message: `S3 allows one '*' per origin, so '${p.source}' (any subdomain and any port) is left out`,
        });
        continue;
      }
      const port = p.port ? `:${p.port}` : '';
      if (p.subdomains) origins.push(`${p.scheme}://*.${p.host}${port}`);
      else origins.push(`${p.scheme}://${p.host}`, `${p.scheme}://${p.host}:*`);
    }
    if (origins.length === 0)
      throw new GenerateError(
        'GENERATE_NOTHING_LEFT',
        'no origin of the policy can be expressed for S3',
        "list exact origins or single-wildcard patterns such as 'https://*.example.com'",
      );
  }
  let methods: string[];
  if (o.methods === '*') {
    methods = S3_METHODS;
    notes.push({
      code: 'GENERATE_METHODS_NARROWED',
      message: "S3 knows only GET, PUT, POST, DELETE and HEAD; methods '*' becomes those five",
    });
  } else {
    const all = [...new Set([...o.methods, 'GET', 'HEAD', 'POST'])];
    methods = all.filter((m) => S3_METHODS.includes(m));
    const dropped = all.filter((m) => !S3_METHODS.includes(m));
    if (dropped.length > 0)
      notes.push({
        code: 'GENERATE_METHODS_NARROWED',
        message: `S3 cannot allow ${dropped.join(', ')}; left out`,
      });
  }
  const rule: Record<string, unknown> = {
    ID: 'corsair',
    AllowedOrigins: origins,
    AllowedMethods: methods,
  };
  if (o.allowedHeaders === '*') rule.AllowedHeaders = ['*'];
  else if (o.allowedHeaders.length > 0) rule.AllowedHeaders = [...o.allowedHeaders];
  if (o.exposedHeaders === '*')
    notes.push({
      code: 'GENERATE_EXPOSE_NARROWED',
      message: "S3 cannot expose every header ('*'); list the header names to expose",
    });
  else if (o.exposedHeaders.length > 0) rule.ExposeHeaders = [...o.exposedHeaders];
  if (o.maxAge !== undefined) rule.MaxAgeSeconds = o.maxAge;
  if (o.preflightContinue)
    notes.push({ code: 'GENERATE_PREFLIGHT_ANSWERED', message: 'S3 answers every preflight itself' });
  // JSON has no comments: the ID carries a pointer, the notes go to stderr.
  rule.ID = `corsair${notes.length > 0 ? ' (stricter than the policy, see corsair notes)' : ''}`;
  void ctx;
  return {
    files: [{ path: 's3-cors.json', content: `${JSON.stringify({ CORSRules: [rule] }, null, 2)}\n` }],
    notes,
  };
};

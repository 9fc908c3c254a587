// The `methods` option: '*' or method names, each a token a page can send, written as fetch() sends it.
import {
  CORS_SAFELISTED_METHODS,
  isForbiddenMethod,
  isMethod,
  NORMALIZED_METHODS,
} from '../../fetch/methods.js';
import { describe, quotedItems, type ValidationContext } from './context.js';

/**
 * Validate `methods`; the default is the CORS-safelisted methods.
 *
 * @example
 * validateMethods(newContext({ methods: ['PUT'] }, '$')); // ['PUT']
 */
export function validateMethods(ctx: ValidationContext): '*' | string[] {
  const mv = ctx.options.methods;
  if (mv === '*') return '*';
  if (mv === undefined) return [...CORS_SAFELISTED_METHODS];
  if (!Array.isArray(mv)) {
    ctx.add(
      'POLICY_OPTION_TYPE',
      'methods',
      `${ctx.root}.methods`,
      `methods must be '*' or an array of method names, got ${describe(mv)}`,
      typeof mv === 'string' ? `use methods: [${quotedItems(mv)}]` : "use methods: ['GET', 'POST']",
    );
    return [...CORS_SAFELISTED_METHODS];
  }
  const methods: string[] = [];
  mv.forEach((m: unknown, i: number) => {
    if (methodProblem(ctx, m, `${ctx.root}.methods[${i}]`)) return;
    if (!methods.includes(m as string)) methods.push(m as string);
  });
  return methods;
}

/** Report why `m` cannot be listed; `true` when it was reported. */
function methodProblem(ctx: ValidationContext, m: unknown, p: string): boolean {
  if (m === '*') {
    // Refused like '*' inside origins and header lists: mixed with names it is ambiguous (a method
    // literally named '*' for browsers, "any" for some middlewares), so the user says which one.
    ctx.add(
      'POLICY_WILDCARD_IN_LIST',
      'methods',
      p,
      "'*' inside the methods list is ambiguous: browsers read it as a method named '*', other middlewares as any method",
      "use methods: '*' alone for any method, or list method names only",
    );
    return true;
  }
  if (typeof m !== 'string' || !isMethod(m)) {
    ctx.add(
      'POLICY_METHOD_INVALID',
      'methods',
      p,
      `${describe(m)} is not a valid method name (an HTTP token)`,
      typeof m === 'string' && /[\s,]/.test(m) ? `split it: ${quotedItems(m)}` : "use a name such as 'PUT'",
    );
    return true;
  }
  if (isForbiddenMethod(m)) {
    ctx.add(
      'POLICY_METHOD_FORBIDDEN',
      'methods',
      p,
      `'${m}' is a forbidden method: browsers never send it from a page`,
      `remove '${m}'`,
    );
    return true;
  }
  const upper = m.toUpperCase();
  if (m !== upper && NORMALIZED_METHODS.has(upper)) {
    ctx.add(
      'POLICY_METHOD_CASE',
      'methods',
      p,
      `'${m}' would never match: fetch() uppercases it to '${upper}' and browsers compare methods case-sensitively`,
      `use '${upper}'`,
    );
    return true;
  }
  return false;
}
